// GET /api/v1/summary: the three answers (lib/analyzers/summary) from the server's own
// readings — cluster report, sampled access logs, probe results, CrowdSec. A reading that
// fails or takes too long is passed on with its reason, so the answer says what is missing.
import { summarize, type Reading } from '@/lib/analyzers/summary';
import type { ClusterReport, CrowdsecReport, LogReport, ProbesResponse, Summary } from '@/lib/model';
import { raceDeadline } from '@/probes/common/deadline';

export interface SummarySources {
  cluster(): Promise<ClusterReport>;
  logs(): Promise<LogReport>;
  probes(): Promise<ProbesResponse>;
  crowdsec(): Promise<CrowdsecReport>;
}

/** Long enough for a first pod-log sample (its own deadline is 20 s); the page shows a skeleton meanwhile. */
export const SUMMARY_WAIT_MS = 25_000;

function reading<T>(p: () => Promise<T>, ms: number, what: string): Promise<Reading<T>> {
  const read = p().then(
    (data): Reading<T> => ({ ok: true, data }),
    (err: unknown): Reading<T> => ({ ok: false, reason: err instanceof Error ? err.message : String(err) }),
  );
  return raceDeadline(read, ms, (): Reading<T> => ({ ok: false, reason: `${what} did not answer within ${Math.round(ms / 1000)} s` }));
}

export async function computeSummary(src: SummarySources, now: Date, waitMs = SUMMARY_WAIT_MS): Promise<Summary> {
  const [cluster, logs, probes, crowdsec] = await Promise.all([
    reading(() => src.cluster(), waitMs, 'the cluster'),
    reading(() => src.logs(), waitMs, 'the access-log sample'),
    reading(() => src.probes(), waitMs, 'the probe scheduler'),
    reading(() => src.crowdsec(), waitMs, 'CrowdSec'),
  ]);
  // CrowdSec that is not configured is no evidence either way.
  const cs = crowdsec && crowdsec.ok && crowdsec.data.verdict === 'not-configured' ? null : crowdsec;
  return summarize({ cluster, logs, probes, crowdsec: cs, now });
}
