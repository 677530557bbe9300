// The report of a pod-log sample (GET /api/v1/logs, `edgelens logs --from-cluster`): the
// probe (probes/podlogs) hands over what it read — merged counts, one row per pod, how the
// sample was taken — and this builds the verdict, the findings and the explanation,
// including why nothing could be judged when nothing was read. Pure.
import type { Gap } from '../model/cluster';
import type { LogReport, LogSampling, LogSource, NodeSource } from '../model/logs';
import { buildLogReport } from './report';
import type { AccumulatorState } from './state';

export interface PodLogObservation {
  state: AccumulatorState;
  sources: LogSource[];
  sampling: LogSampling;
  nodeSource: NodeSource;
  names?: Readonly<Record<string, string>>;
}

function explainMissing(sources: readonly LogSource[], problems: readonly Gap[], sel: { tailLines: number; sinceSeconds?: number }): string | null {
  const read = sources.filter((s) => s.lines > 0);
  if (read.length > 0) {
    const failed = sources.filter((s) => s.error !== undefined);
    return failed.length > 0 ? ` (${failed.length} of ${sources.length} Traefik pods could not be read completely: see the sources.)` : null;
  }
  if (sources.length === 0) {
    const why = problems[0]?.detail ?? 'no Traefik pod was found';
    return `unknown: no Traefik pod log was read — ${why}.`;
  }
  const failed = sources.filter((s) => s.error !== undefined);
  if (failed.length === sources.length) {
    return `unknown: none of the ${sources.length} Traefik pod log${sources.length === 1 ? '' : 's'} could be read — ${failed[0]?.error ?? 'error'}.`;
  }
  const window = `the last ${sel.tailLines} lines${sel.sinceSeconds !== undefined ? ` of the last ${sel.sinceSeconds} s` : ''}`;
  return `unknown: the Traefik pods wrote no log lines in ${window} — is the access log enabled (--accesslog=true) and written to stdout?`;
}

export function podLogReport(obs: PodLogObservation, opts: { topClients?: number } = {}): LogReport {
  const report = buildLogReport(obs.state, { topClients: opts.topClients, nodeSource: obs.nodeSource, ...(obs.names ? { names: obs.names } : {}) });
  const s = obs.sampling;
  const note = explainMissing(obs.sources, s.problems ?? [], { tailLines: s.tailLines ?? 0, ...(s.sinceSeconds !== undefined ? { sinceSeconds: s.sinceSeconds } : {}) });
  const explanation = note === null ? report.explanation : note.startsWith(' ') ? `${report.explanation ?? ''}${note}` : note;
  return { ...report, ...(explanation !== undefined ? { explanation } : {}), sources: obs.sources, sampling: s };
}
