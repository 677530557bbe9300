// GET /api/v1/crowdsec: what the CrowdSec LAPI has decided, classified with
// the cluster's own addresses, and whether CrowdSec can see Traefik's clients
// at all (the routers of the sampled logs). Configuration comes from the env
// at every request (EDGELENS_CROWDSEC_URL, a dedicated bouncer key in
// EDGELENS_CROWDSEC_KEY or the mounted file EDGELENS_CROWDSEC_KEY_FILE).
// Unreachable or rejecting LAPIs are findings in a 200 report, never a 500.
// The key, the machine password and the JWT never leave this module.
import { createHash } from 'node:crypto';
import { analyzeCrowdsec, type RouterSources } from '@/lib/analyzers/crowdsec';
import { OTHER_ROUTERS } from '@/lib/logs/state';
import type { AddressClass, AddressContext, CrowdsecReport, LogReport } from '@/lib/model';
import { createClassifier } from '@/lib/net/classify';
import { readCrowdsecConfig, type CrowdsecConfig, type EnvLike } from '@/probes/crowdsec/config';
import { readLapi } from '@/probes/crowdsec/lapi';
import { redactDeep } from '@/probes/common/redact';
import { clientIpEnv } from './config';

export interface CrowdsecContext {
  /** Node IPs, pod ranges, LB IPs; null when the cluster could not be read. */
  addresses: AddressContext | null;
  /** The sampled Traefik log, for crowdsec-blind; null when there is none. */
  logs: LogReport | null;
}

export interface CrowdsecServiceDeps {
  /** The environment, read at every request (a rotated key file is picked up). */
  env: () => EnvLike;
  context(): Promise<CrowdsecContext>;
  /** How long a reading is reused for the same configuration; 0 = every request. */
  ttlMs: number;
  timeoutMs?: number;
  now?: () => Date;
}

export interface CrowdsecService {
  get(): Promise<CrowdsecReport>;
}

const EMPTY: AddressContext = { nodeIPs: [], podCIDRs: [], lbIPs: [] };

/** One row per router with traffic (entrypoint rows merged); "-" and the overflow row name nothing to fix. */
export function routerSources(report: LogReport | null): RouterSources[] | undefined {
  if (report === null || report.parsed === 0) return undefined;
  const byRouter = new Map<string, RouterSources>();
  for (const r of report.routers) {
    if (r.router === '-' || r.router === OTHER_ROUTERS) continue;
    const cur = byRouter.get(r.router) ?? { router: r.router, byClass: {}, requests: 0 };
    cur.requests += r.requests;
    for (const [cls, n] of Object.entries(r.byClass) as Array<[AddressClass, number | undefined]>) cur.byClass[cls] = (cur.byClass[cls] ?? 0) + (n ?? 0);
    byRouter.set(r.router, cur);
  }
  return [...byRouter.values()];
}

/** Every secret (and its case/base64 transforms) replaced wherever it sits in the report (defence in depth: the probe already scrubs them). */
function redact<T>(value: T, secrets: readonly string[]): T {
  return redactDeep(value, secrets);
}

function fingerprint(cfg: CrowdsecConfig | null, error: string | null): string {
  // Only a hash is kept: the cache key must not be another copy of the secret.
  return createHash('sha256')
    .update(JSON.stringify([cfg?.url ?? null, cfg?.apiKey ?? null, cfg?.machine?.id ?? null, cfg?.machine?.password ?? null, error]))
    .digest('hex');
}

export async function readCrowdsecReport(env: EnvLike, context: CrowdsecContext, opts: { now: Date; timeoutMs?: number }): Promise<CrowdsecReport> {
  const addresses = context.addresses ?? EMPTY;
  const classifier = createClassifier(addresses);
  const ctx = {
    classify: (ip: string): AddressClass => classifier(ip) ?? 'public',
    addresses,
    routers: routerSources(context.logs),
    now: opts.now,
  };
  const cfg = readCrowdsecConfig(clientIpEnv(env));
  if (!cfg.ok) {
    const base = analyzeCrowdsec(null, ctx);
    return {
      ...base,
      lapi: { ...base.lapi, error: cfg.error },
      explanation: `The CrowdSec settings are not usable: ${cfg.error}. edgelens reads EDGELENS_CROWDSEC_URL and a dedicated bouncer key from EDGELENS_CROWDSEC_KEY or the file named by EDGELENS_CROWDSEC_KEY_FILE.`,
    };
  }
  if (cfg.config === null) return analyzeCrowdsec(null, ctx);
  const { url, apiKey, machine } = cfg.config;
  const obs = await readLapi({ url, apiKey, machine, timeoutMs: opts.timeoutMs ?? 5000, now: () => opts.now });
  const secrets = [apiKey, machine?.password].filter((s): s is string => s !== undefined);
  return redact(analyzeCrowdsec(obs, ctx), secrets);
}

export function createCrowdsecService(deps: CrowdsecServiceDeps): CrowdsecService {
  const now = deps.now ?? (() => new Date());
  let cached: { key: string; report: CrowdsecReport; at: number } | null = null;
  return {
    get: async () => {
      const env = deps.env();
      const cfg = readCrowdsecConfig(clientIpEnv(env));
      const key = fingerprint(cfg.ok ? cfg.config : null, cfg.ok ? null : cfg.error);
      if (cached && cached.key === key && Date.now() - cached.at < deps.ttlMs) return cached.report;
      const report = await readCrowdsecReport(env, await deps.context(), { now: now(), timeoutMs: deps.timeoutMs });
      cached = { key, report, at: Date.now() };
      return report;
    },
  };
}
