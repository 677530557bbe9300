// Settings for sampling Traefik pod logs and reading CrowdSec, from the
// environment (through the one env schema of server/config.ts). Pure: takes the env. (CrowdSec's URL and key are read by
// probes/crowdsec/config.ts at every request, so a rotated key file is picked up.)
import { parseByteSize, parseDurationSeconds, parseSelector, SelectorSyntaxError } from '@/probes/podlogs';
import { DEFAULT_LIMIT_BYTES, DEFAULT_TAIL_LINES } from '@/probes/podlogs/options';
import { clientIpEnv } from './config';
import { invalidWhitelistEntries, type CrowdsecVisibilityOptions } from '@/lib/logs/crowdsec-visibility';
import { crowdsecHubSchema } from '@/lib/model/crowdsec-visibility';

export interface LogsSettings {
  /** EDGELENS_LOGS_SELECTOR: label selector of the Traefik pods (default: the pods of Traefik's LoadBalancer Service). */
  selector?: string;
  /** EDGELENS_LOGS_NAMESPACE: only this namespace. */
  namespace?: string;
  /** EDGELENS_LOGS_TAIL: last N lines per pod (default 2000). */
  tailLines: number;
  /** EDGELENS_LOGS_SINCE: only lines newer than this duration (15m, 1h). */
  sinceSeconds?: number;
  /** EDGELENS_LOGS_MAX_BYTES: at most this much log per pod (default 8M). */
  limitBytes: number;
  /** EDGELENS_LOGS_TTL: seconds a sample is reused (default 30). */
  ttlMs: number;
  /** EDGELENS_CROWDSEC_TTL: seconds a CrowdSec reading is reused (default 15; 0 = every request). */
  crowdsecTtlMs: number;
  /** EDGELENS_CROWDSEC_HUB (hub-2026 …) and EDGELENS_CROWDSEC_WHITELIST ("default,100.64.0.0/10"): how CrowdSec reads the logs. */
  crowdsec?: CrowdsecVisibilityOptions;
}

export const LOGS_ENV = {
  selector: 'EDGELENS_LOGS_SELECTOR',
  namespace: 'EDGELENS_LOGS_NAMESPACE',
  tail: 'EDGELENS_LOGS_TAIL',
  since: 'EDGELENS_LOGS_SINCE',
  maxBytes: 'EDGELENS_LOGS_MAX_BYTES',
  ttl: 'EDGELENS_LOGS_TTL',
  crowdsecTtl: 'EDGELENS_CROWDSEC_TTL',
  crowdsecHub: 'EDGELENS_CROWDSEC_HUB',
  crowdsecWhitelist: 'EDGELENS_CROWDSEC_WHITELIST',
} as const;

function crowdsecVisibility(env: Readonly<Record<string, string | undefined>>): CrowdsecVisibilityOptions | undefined {
  const hubRaw = set(env[LOGS_ENV.crowdsecHub]);
  const hub = hubRaw === undefined ? undefined : crowdsecHubSchema.safeParse(hubRaw);
  if (hub && !hub.success) throw new Error(`${LOGS_ENV.crowdsecHub}: expected ${crowdsecHubSchema.options.join(', ')}, got "${hubRaw ?? ''}"`);
  const wlRaw = set(env[LOGS_ENV.crowdsecWhitelist]);
  const whitelist = wlRaw === undefined ? undefined : wlRaw.split(',').map((x) => x.trim()).filter(Boolean);
  const bad = whitelist ? invalidWhitelistEntries(whitelist) : [];
  if (bad.length > 0) throw new Error(`${LOGS_ENV.crowdsecWhitelist}: expected "default" and IPs or CIDRs, got "${bad[0] ?? ''}"`);
  if (!hub && !whitelist) return undefined;
  return { ...(hub?.success ? { crowdsecHub: hub.data } : {}), ...(whitelist ? { crowdsecWhitelist: whitelist } : {}) };
}

export type LogsSettingsResult = { ok: true; settings: LogsSettings } | { ok: false; error: string };

const set = (v: string | undefined): string | undefined => (v === undefined || v.trim() === '' ? undefined : v.trim());

function intIn(name: string, raw: string | undefined, min: number, max: number, fallback: number): number {
  const v = set(raw);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name}: expected a whole number from ${min} to ${max}, got "${v}"`);
  return n;
}

export function loadLogsSettings(rawEnv: Readonly<Record<string, string | undefined>>): LogsSettingsResult {
  // The variables come through the server's one env schema (server/config.ts).
  const env: Readonly<Record<string, string | undefined>> = clientIpEnv(rawEnv);
  try {
    const selector = set(env[LOGS_ENV.selector]);
    if (selector !== undefined) {
      try {
        parseSelector(selector);
      } catch (err) {
        if (err instanceof SelectorSyntaxError) throw new Error(`${LOGS_ENV.selector}: ${err.message}`);
        throw err;
      }
    }
    const sinceRaw = set(env[LOGS_ENV.since]);
    const sinceSeconds = sinceRaw === undefined ? undefined : parseDurationSeconds(sinceRaw);
    if (sinceSeconds === null) throw new Error(`${LOGS_ENV.since}: expected a duration such as 15m or 1h30m, got "${sinceRaw ?? ''}"`);
    const bytesRaw = set(env[LOGS_ENV.maxBytes]);
    const limitBytes = bytesRaw === undefined ? DEFAULT_LIMIT_BYTES : parseByteSize(bytesRaw);
    if (limitBytes === null) throw new Error(`${LOGS_ENV.maxBytes}: expected a size such as 8M or 512k, got "${bytesRaw ?? ''}"`);
    const namespace = set(env[LOGS_ENV.namespace]);
    return {
      ok: true,
      settings: {
        ...(selector !== undefined ? { selector } : {}),
        ...(namespace !== undefined ? { namespace } : {}),
        tailLines: intIn(LOGS_ENV.tail, env[LOGS_ENV.tail], 1, 1_000_000, DEFAULT_TAIL_LINES),
        ...(sinceSeconds !== undefined ? { sinceSeconds } : {}),
        limitBytes,
        ttlMs: intIn(LOGS_ENV.ttl, env[LOGS_ENV.ttl], 0, 86_400, 30) * 1000,
        crowdsecTtlMs: intIn(LOGS_ENV.crowdsecTtl, env[LOGS_ENV.crowdsecTtl], 0, 86_400, 15) * 1000,
        ...(crowdsecVisibility(env) ? { crowdsec: crowdsecVisibility(env) } : {}),
      },
    };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
