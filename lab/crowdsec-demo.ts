// A real CrowdSec LAPI for the lab (on by default in lab mode; EDGELENS_LAB_CROWDSEC=off turns it off), so the CrowdSec
// panel of the demo shows real LAPI answers: Debian's crowdsec unpacked by
// scripts/install-crowdsec.sh, started on loopback by lab/crowdsec.ts, seeded
// with the decisions a homelab behind SNAT typically collects. When the binaries
// are missing it says exactly what is missing instead of inventing data.
import { CROWDSEC_INSTALL_HINT, findCrowdsecInstall, startCrowdsecLapi, type RunningLapi } from './crowdsec';

export const LAB_CROWDSEC_ENV = 'EDGELENS_LAB_CROWDSEC';

/** Decisions seeded into the lab LAPI: a node banned because of SNAT, public attackers, a Country ban. Values are data, never contacted. */
export const LAB_DECISIONS: ReadonlyArray<{ value: string; reason: string; range?: boolean; duration?: string }> = [
  { value: '10.0.20.103', reason: 'crowdsecurity/http-probing' },
  { value: '203.0.113.50', reason: 'crowdsecurity/http-bad-user-agent', duration: '1h' },
  { value: '198.51.100.23', reason: 'crowdsecurity/http-crawl-non_statics' },
  { value: '192.0.2.0/24', reason: 'crowdsecurity/http-backdoors-attempts', range: true },
];

export type LabCrowdsec =
  | { ok: true; lapi: RunningLapi; env: Record<string, string> }
  | { ok: false; missing: string };

/**
 * Whether the lab should run a LAPI: yes unless EDGELENS_LAB_CROWDSEC=off|0|false (the demo shows
 * every panel alive on `npm start`), and never over a LAPI of the user's own.
 */
export function labCrowdsecWanted(env: Readonly<Record<string, string | undefined>>): boolean {
  const v = env[LAB_CROWDSEC_ENV]?.trim().toLowerCase();
  return v !== 'off' && v !== '0' && v !== 'false' && !env.EDGELENS_CROWDSEC_URL;
}

export async function startLabCrowdsec(): Promise<LabCrowdsec> {
  if (findCrowdsecInstall() === null) return { ok: false, missing: CROWDSEC_INSTALL_HINT };
  let lapi: RunningLapi;
  try {
    lapi = await startCrowdsecLapi();
  } catch (err) {
    return { ok: false, missing: `the lab CrowdSec LAPI did not start: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}` };
  }
  try {
    for (const d of LAB_DECISIONS) await lapi.addDecision(d.value, { reason: d.reason, ...(d.range ? { range: true } : {}), ...(d.duration ? { duration: d.duration } : {}) });
  } catch (err) {
    await lapi.stop();
    return { ok: false, missing: `the lab CrowdSec LAPI refused the demo decisions: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}` };
  }
  return {
    ok: true,
    lapi,
    env: {
      EDGELENS_CROWDSEC_URL: lapi.url,
      EDGELENS_CROWDSEC_KEY: lapi.bouncerKey,
      EDGELENS_CROWDSEC_MACHINE_ID: lapi.machine.id,
      EDGELENS_CROWDSEC_MACHINE_PASSWORD: lapi.machine.password,
    },
  };
}
