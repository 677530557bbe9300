// GET /api/v1/crowdsec: what the CrowdSec LAPI has decided, classified with
// the cluster's own addresses, and whether CrowdSec can see Traefik's clients
// at all (the routers of the sampled logs). Configuration comes from the env
// at every request (EDGELENS_CROWDSEC_URL, a dedicated bouncer key in
// EDGELENS_CROWDSEC_KEY or the mounted file EDGELENS_CROWDSEC_KEY_FILE).
// Unreachable or rejecting LAPIs are findings in a 200 report, never a 500.
// The key, the machine password and the JWT never leave this module.
import { createHash } from 'node:crypto';
import { analyzeCrowdsec, type CrowdsecContext as AnalyzerContext } from '@/lib/analyzers/crowdsec';
import { routerSources } from '@/lib/analyzers/crowdsec-routers';
import type { AddressClass, AddressContext, BouncerPlugin, CrowdsecReport, KubeObject, LapiObservation, LogReport } from '@/lib/model';
import { bouncerPluginsFromObjects } from '@/lib/analyzers/crowdsec-bouncer';
import { bouncerFactsFromLogs } from '@/lib/analyzers/crowdsec-routers';
import { redactedFingerprint } from '@/probes/kube/redact-plugin-secrets';
import { createClassifier } from '@/lib/net/classify';
import { readCrowdsecConfig, type CrowdsecConfig, type EnvLike } from '@/probes/crowdsec/config';
import { readLapi } from '@/probes/crowdsec/lapi';
import { redactDeep } from '@/probes/common/redact';
import { clientIpEnv } from './config';
import { raceDeadline } from '@/probes/common/deadline';

export interface CrowdsecContext {
  /** Node IPs, pod ranges, LB IPs; null when the cluster could not be read. */
  addresses: AddressContext | null;
  /** The sampled Traefik log, for crowdsec-blind; null when there is none. */
  logs: LogReport | null;
  /** Cluster objects (Traefik Middlewares, with plugin secrets already fingerprinted by the kube probe), for the bouncer-plugin checks. */
  objects?: readonly KubeObject[];
  /** Bouncer plugins read from Traefik dynamic-configuration files (CLI --traefik-config). */
  filePlugins?: readonly BouncerPlugin[];
  /** Request headers kept in the log (CLI), for the plugin's custom-header check. */
  headersSeen?: { entries: number; counts: Record<string, number> };
}

export interface CrowdsecServiceDeps {
  /** The environment, read at every request (a rotated key file is picked up). */
  env: () => EnvLike;
  context(): Promise<CrowdsecContext>;
  /** How long a reading is reused for the same configuration; 0 = every request. */
  ttlMs: number;
  /** Per LAPI request; default 5000 ms. */
  timeoutMs?: number;
  now?: () => Date;
  /** Appended to a not-configured explanation (the lab says how to get a real LAPI, or what is missing). */
  note?: string;
}

export interface CrowdsecGetOptions {
  /**
   * Longest wait for a reading in progress (default: the LAPI timeout). Past it the last
   * good reading is served marked `stale` (or, before the first one, an `unreachable`
   * report saying the LAPI has not answered yet); the read goes on in the background.
   */
  maxWaitMs?: number;
}

export interface CrowdsecService {
  get(opts?: CrowdsecGetOptions): Promise<CrowdsecReport>;
  /** LAPI reads started so far (each is GET /health + GET /v1/decisions [+ alerts]). */
  readonly reads: number;
}

const EMPTY: AddressContext = { nodeIPs: [], podCIDRs: [], lbIPs: [] };
export const DEFAULT_LAPI_TIMEOUT_MS = 5000;
/** A scrape waits at most this long for CrowdSec, far below the LAPI timeout: then the last reading, marked stale (lapi_up 0). */
export const CROWDSEC_SCRAPE_WAIT_MS = 1000;

/** What a poll does to the bouncer whose key edgelens uses (crowdsecurity/crowdsec pkg/apiserver, v1.7). */
export function pollingNote(everySeconds: number): NonNullable<CrowdsecReport['polling']> {
  return {
    endpoint: everySeconds > 0 ? 'GET /v1/decisions (plain list, never /v1/decisions/stream)' : 'GET /v1/decisions once (plain list, never /v1/decisions/stream)',
    everySeconds,
    effects: [
      "moves the key's bouncer LastPull to now (at most once a minute): a streaming bouncer sharing the key then gets its next delta from that time and misses the bans made in between",
      "overwrites the bouncer's Type/Version with edgelens's User-Agent",
      'from another IP than the first user of the key, LAPI 1.6.5+ registers a second bouncer "name@IP"',
      'so use a key of its own: cscli bouncers add edgelens',
    ],
  };
}

/** One row per router with traffic (entrypoint rows merged, CrowdSec tallies added up). */
export { routerSources } from '@/lib/analyzers/crowdsec-routers';
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

export async function readCrowdsecReport(
  env: EnvLike,
  context: CrowdsecContext,
  opts: { now: Date; timeoutMs?: number; /** How often the server re-reads (its TTL); 0 = a single read (CLI). */ pollEverySeconds?: number },
): Promise<CrowdsecReport> {
  const addresses = context.addresses ?? EMPTY;
  const classifier = createClassifier(addresses);
  const cfg = readCrowdsecConfig(clientIpEnv(env));
  const ownKey = cfg.ok ? cfg.config?.apiKey : undefined;
  const plugins = [
    ...bouncerPluginsFromObjects(context.objects ?? [], ownKey ? { raw: ownKey, redacted: redactedFingerprint(ownKey) } : {}),
    ...(context.filePlugins ?? []),
  ];
  const ctx: AnalyzerContext = {
    classify: (ip: string): AddressClass => classifier(ip) ?? 'public',
    addresses,
    routers: routerSources(context.logs),
    ...(context.logs?.crowdsec ? { assumed: context.logs.crowdsec.assumed } : {}),
    // Plugins are judged whenever Traefik's configuration was read (an empty list is a finding-free answer).
    ...(context.objects !== undefined || plugins.length > 0 ? { bouncers: { plugins, facts: { ...bouncerFactsFromLogs(context.logs), ...(context.headersSeen ? { headersSeen: context.headersSeen } : {}) } } } : {}),
    now: opts.now,
  };
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
  const obs = await readLapi({ url, apiKey, machine, timeoutMs: opts.timeoutMs ?? DEFAULT_LAPI_TIMEOUT_MS, now: () => opts.now });
  const secrets = [apiKey, machine?.password].filter((s): s is string => s !== undefined);
  const report = analyzeCrowdsec(obs, ctx);
  return redact(apiKey === undefined ? report : { ...report, polling: pollingNote(opts.pollEverySeconds ?? 0) }, secrets);
}

/** The report served while the first reading is still waiting for the LAPI. */
function pendingReport(env: EnvLike, context: CrowdsecContext, now: Date, waitedMs: number): CrowdsecReport {
  const cfg = readCrowdsecConfig(clientIpEnv(env));
  const url = cfg.ok && cfg.config ? cfg.config.url : '';
  const detail = `no answer from the LAPI within ${waitedMs} ms (the read goes on in the background)`;
  const call = { ok: false, error: 'timeout' as const, status: null, detail, ms: null };
  const obs: LapiObservation = { url, observedAt: now.toISOString(), health: { ...call, up: null }, decisions: null, alerts: null };
  const addresses = context.addresses ?? EMPTY;
  const classifier = createClassifier(addresses);
  return analyzeCrowdsec(obs, { classify: (ip) => classifier(ip) ?? 'public', addresses, routers: routerSources(context.logs), now });
}

/**
 * Readings are shared: concurrent requests for the same configuration wait for one LAPI
 * read (single flight), a reading is reused for `ttlMs`, and nobody waits longer than
 * `maxWaitMs` — past it the last good reading is served marked stale.
 */
export function createCrowdsecService(deps: CrowdsecServiceDeps): CrowdsecService {
  const now = deps.now ?? (() => new Date());
  const timeoutMs = deps.timeoutMs ?? DEFAULT_LAPI_TIMEOUT_MS;
  let cached: { key: string; report: CrowdsecReport; at: number } | null = null;
  let inflight: { key: string; promise: Promise<CrowdsecReport>; context: Promise<CrowdsecContext> } | null = null;
  let reads = 0;

  const start = (key: string, env: EnvLike): NonNullable<typeof inflight> => {
    reads++;
    const context = deps.context();
    const promise = context
      .then((ctx) => readCrowdsecReport(env, ctx, { now: now(), timeoutMs, pollEverySeconds: Math.round(deps.ttlMs / 1000) }))
      .then((read) => {
        const report = deps.note && read.verdict === 'not-configured' ? { ...read, explanation: `${read.explanation} ${deps.note}` } : read;
        cached = { key, report, at: Date.now() };
        return report;
      })
      .finally(() => {
        if (inflight?.promise === promise) inflight = null;
      });
    return { key, promise, context };
  };

  return {
    get reads() {
      return reads;
    },
    get: async (opts = {}) => {
      const env = deps.env();
      const cfg = readCrowdsecConfig(clientIpEnv(env));
      const key = fingerprint(cfg.ok ? cfg.config : null, cfg.ok ? null : cfg.error);
      if (cached && cached.key === key && Date.now() - cached.at < deps.ttlMs) return cached.report;
      const flight = inflight && inflight.key === key ? inflight : (inflight = start(key, env));
      const maxWaitMs = opts.maxWaitMs ?? timeoutMs;
      const report = await raceDeadline(flight.promise, maxWaitMs, () => null);
      if (report !== null) return report;
      const last = cached && cached.key === key ? cached.report : null;
      if (last) {
        return {
          ...last,
          lapi: { ...last.lapi, reachable: false },
          stale: { since: last.generatedAt, reason: `the LAPI has not answered within ${maxWaitMs} ms; this is the reading of ${last.generatedAt}` },
        };
      }
      const ctx = await Promise.race([flight.context, Promise.resolve<CrowdsecContext>({ addresses: null, logs: null })]);
      return pendingReport(env, ctx, now(), maxWaitMs);
    },
  };
}
