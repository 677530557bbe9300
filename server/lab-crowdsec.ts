// Lab mode shows CrowdSec alive: with no EDGELENS_CROWDSEC_URL configured, the
// server starts a real CrowdSec Local API on loopback (lab/crowdsec.ts, the
// same launcher the tests use) with a dedicated bouncer key and two decisions —
// a ban on a node address (the trap edgelens flags) and one on a public
// address — and points the CrowdSec service at it. Where the binaries are
// missing, the CrowdSec report says what to install. EDGELENS_LAB_CROWDSEC=off
// turns this off. Secrets stay in this process (the report never carries them).
import { CROWDSEC_INSTALL_HINT, findCrowdsecInstall, startCrowdsecLapi, type RunningLapi } from '@/lab/crowdsec';

export type LabCrowdsecState =
  | { state: 'off' }
  | { state: 'missing'; hint: string }
  | { state: 'starting' }
  | { state: 'running'; env: Record<string, string> }
  | { state: 'failed'; error: string };

/** Addresses the lab LAPI bans: k8s-node3's address in every lab scenario, and a documentation address (RFC 5737). */
export const LAB_DECISIONS: ReadonlyArray<{ value: string; reason: string }> = [
  { value: '10.0.20.103', reason: 'crowdsecurity/http-crawl-non_statics' },
  { value: '203.0.113.50', reason: 'crowdsecurity/http-probing' },
];

export interface LabCrowdsec {
  current(): LabCrowdsecState;
  stop(): Promise<void>;
}

export function startLabCrowdsec(env: Readonly<Record<string, string | undefined>>, start: typeof startCrowdsecLapi = startCrowdsecLapi): LabCrowdsec {
  if (env.EDGELENS_LAB_CROWDSEC === 'off' || env.EDGELENS_CROWDSEC_URL) return { current: () => ({ state: 'off' }), stop: async () => undefined };
  if (findCrowdsecInstall(env) === null) return { current: () => ({ state: 'missing', hint: CROWDSEC_INSTALL_HINT }), stop: async () => undefined };
  let state: LabCrowdsecState = { state: 'starting' };
  let lapi: RunningLapi | null = null;
  const ready = (async () => {
    try {
      lapi = await start();
      for (const d of LAB_DECISIONS) await lapi.addDecision(d.value, { reason: d.reason });
      state = { state: 'running', env: { EDGELENS_CROWDSEC_URL: lapi.url, EDGELENS_CROWDSEC_KEY: lapi.bouncerKey } };
    } catch (err) {
      state = { state: 'failed', error: err instanceof Error ? err.message : String(err) };
    }
  })();
  return {
    current: () => state,
    async stop() {
      await ready;
      await lapi?.stop();
    },
  };
}

/** The CrowdSec env the service reads: the lab LAPI's URL and key once it runs, else the process env. */
export function crowdsecEnv(base: Readonly<Record<string, string | undefined>>, lab: LabCrowdsec | null): Record<string, string | undefined> {
  const s = lab?.current();
  return s?.state === 'running' ? { ...base, ...s.env } : { ...base };
}

/** What the "not configured" report should add in lab mode: why CrowdSec is not live. */
export function labCrowdsecNote(lab: LabCrowdsec | null): string | null {
  const s = lab?.current();
  if (!s) return null;
  if (s.state === 'missing') return `Lab: no CrowdSec LAPI started — ${s.hint}`;
  if (s.state === 'starting') return 'Lab: the CrowdSec LAPI is starting; its decisions appear in a few seconds.';
  if (s.state === 'failed') return `Lab: the CrowdSec LAPI did not start: ${s.error}`;
  return null;
}
