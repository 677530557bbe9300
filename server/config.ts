// Server configuration from the environment, validated once with zod. Pure: takes the env.
import { z } from 'zod';
import { isLoopbackBind } from './auth/host';

// ── Edge probes ────────────────────────────────────────────────────────────────────────────────
// Target lists themselves (EDGELENS_PROBE_TARGETS / _FILE) are parsed by probe-targets.ts at every
// run, so a bad list is shown on the Edge page instead of stopping the server.

/** An unset or empty variable means the default (an empty string from a shell or a test env). */
const num = (min: number, max: number, fallback: number) =>
  z.preprocess((v) => (v === '' || v === undefined ? undefined : v), z.coerce.number().int().min(min).max(max).default(fallback));

const probeEnvShape = {
  EDGELENS_PROBE_TARGETS: z.string().optional(),
  EDGELENS_PROBE_TARGETS_FILE: z.string().optional(),
  /** Samples per target and kind in one run. */
  EDGELENS_PROBE_SAMPLES: num(1, 100, 5),
  /** Start-to-start spacing of the samples of one target (ms). */
  EDGELENS_PROBE_SAMPLE_INTERVAL: num(0, 60_000, 200),
  /** Per-sample timeout (ms). */
  EDGELENS_PROBE_TIMEOUT: num(100, 60_000, 3_000),
  /** Seconds between scheduled runs; 0 = only on demand (POST /api/v1/probes/run). */
  EDGELENS_PROBE_INTERVAL: num(0, 86_400, 60),
  /** Targets sampled at once. */
  EDGELENS_PROBE_CONCURRENCY: num(1, 64, 4),
  /** Samples kept per target and kind for the charts. */
  EDGELENS_PROBE_HISTORY: num(10, 10_000, 500),
  /** Probe LB IPs discovered in the cluster too (kube/snapshot mode; never in the lab). */
  EDGELENS_PROBE_DISCOVERED: z
    .preprocess((v) => (v === '' ? undefined : typeof v === 'string' ? v.toLowerCase() : v), z.enum(['true', 'false', '1', '0', 'yes', 'no']).default('false'))
    .transform((v) => v === 'true' || v === '1' || v === 'yes'),
  /** DNS server for hostname targets (`ADDRESS` or `ADDRESS:PORT`, IPv6 as `[ADDRESS]:PORT`); default: the system resolver. */
  EDGELENS_DNS_SERVER: z.string().optional(),
};

// ── Access: who may reach the server (server/auth/*) ──────────────────────────────────────────
const accessEnvShape = {
  /** The address `edgelens serve` binds (default loopback). */
  EDGELENS_HOST: z.string().optional(),
  /** `none`: an auth proxy (oauth2-proxy…) stands in front; `token`: the default when a token is set. */
  EDGELENS_AUTH: z.preprocess((v) => (v === '' ? undefined : typeof v === 'string' ? v.toLowerCase() : v), z.enum(['token', 'none']).optional()),
  EDGELENS_AUTH_TOKEN: z.string().optional(),
  /** A mounted Secret; read at use time, so a rotated token is picked up without a restart. */
  EDGELENS_AUTH_TOKEN_FILE: z.string().optional(),
  /** Comma list of host names the server answers to, besides localhost and IP literals. */
  EDGELENS_ALLOWED_HOSTS: z.string().optional(),
  /** `token`: /metrics needs the token too; `none` (default): Prometheus scrapes it without one. */
  EDGELENS_METRICS_AUTH: z.preprocess((v) => (v === '' ? undefined : typeof v === 'string' ? v.toLowerCase() : v), z.enum(['token', 'none']).default('none')),
};

// ── Client IPs: Traefik pod logs and CrowdSec ──────────────────────────────────────────────────
// Raw strings here; their meaning (selector syntax, durations, sizes, the LAPI URL) is checked by
// logs-config.ts and probes/crowdsec/config.ts, which report a bad value on the page instead of
// stopping the server. Secret files are read at use time (a rotated key is picked up).
const optionalText = z.string().optional();
const clientIpEnvShape = {
  EDGELENS_LOGS_SELECTOR: optionalText,
  EDGELENS_LOGS_NAMESPACE: optionalText,
  EDGELENS_LOGS_TAIL: optionalText,
  EDGELENS_LOGS_SINCE: optionalText,
  EDGELENS_LOGS_MAX_BYTES: optionalText,
  EDGELENS_LOGS_TTL: optionalText,
  EDGELENS_CROWDSEC_TTL: optionalText,
  EDGELENS_CROWDSEC_URL: optionalText,
  EDGELENS_CROWDSEC_KEY: optionalText,
  EDGELENS_CROWDSEC_KEY_FILE: optionalText,
  EDGELENS_CROWDSEC_MACHINE_ID: optionalText,
  EDGELENS_CROWDSEC_MACHINE_PASSWORD: optionalText,
  EDGELENS_CROWDSEC_MACHINE_PASSWORD_FILE: optionalText,
  /** Which CrowdSec hub behaviour to assume (hub-2026 …) and the whitelist it runs ("default,100.64.0.0/10"). */
  EDGELENS_CROWDSEC_HUB: optionalText,
  EDGELENS_CROWDSEC_WHITELIST: optionalText,
  /** Lab mode: 1 runs a real CrowdSec LAPI with demo decisions when the machine has CrowdSec. */
  EDGELENS_LAB_CROWDSEC: optionalText,
};

const envSchema = z.object({
  EDGELENS_MODE: z.enum(['auto', 'lab', 'kube', 'snapshot']).default('auto'),
  EDGELENS_SNAPSHOT: z.string().optional(),
  EDGELENS_KUBECONFIG: z.string().optional(),
  KUBECONFIG: z.string().optional(),
  EDGELENS_CONTEXT: z.string().optional(),
  EDGELENS_LAB_SCENARIO: z.string().regex(/^[a-z0-9-]+$/, 'scenario names are lowercase letters, digits and dashes').optional(),
  /**
   * Ask kube-proxy's healthCheckNodePort (GET /healthz) on the announcer of each ETP=Local
   * Service, so findings cite its answer (live cluster only; never the lab or a snapshot).
   */
  EDGELENS_CHECK_HEALTH_NODE_PORTS: z
    .preprocess((v) => (v === '' ? undefined : typeof v === 'string' ? v.toLowerCase() : v), z.enum(['true', 'false', '1', '0', 'yes', 'no']).default('false'))
    .transform((v) => v === 'true' || v === '1' || v === 'yes'),
  /** Lab mode: start the live loopback targets (HTTP/3 server, advertised-but-dropped, closed port). */
  EDGELENS_LAB_TARGETS: z
    .preprocess((v) => (v === '' ? undefined : typeof v === 'string' ? v.toLowerCase() : v), z.enum(['on', 'off', 'true', 'false', '1', '0']).default('on'))
    .transform((v) => v === 'on' || v === 'true' || v === '1'),
  /** The token agents send (Authorization: Bearer); agents are refused while neither is set. */
  EDGELENS_AGENT_TOKEN: z.string().optional(),
  EDGELENS_AGENT_TOKEN_FILE: z.string().optional(),
  /** Seconds between agent runs (handed to agents in their plan); a node is stale after three. */
  EDGELENS_AGENT_INTERVAL: num(5, 86_400, 60),
  /** Seconds after which a cached cluster report is re-read even without a watch event. */
  EDGELENS_CLUSTER_TTL: z.coerce.number().int().min(1).max(3600).default(30),
  /** Deadline (ms) of every read of the Kubernetes API (and pod logs): a hung API server must not stall a page or a scrape. */
  EDGELENS_READ_TIMEOUT: num(200, 60_000, 4_000),
  /** SQLite file for history (probe samples, client classes, findings timeline); unset: memory only (a temp file in lab mode). */
  EDGELENS_HISTORY_PATH: z.string().optional(),
  /** How long history is kept: `30m`, `12h`, `7d` (default 7d). */
  EDGELENS_HISTORY_RETENTION: z
    .preprocess((v) => (v === '' ? undefined : v), z.string().default('7d'))
    .transform((v, ctx) => {
      const ms = parseDuration(v);
      if (ms === null) {
        ctx.addIssue({ code: 'custom', message: `"${v}" is not a duration like 30m, 12h or 7d` });
        return z.NEVER;
      }
      return ms;
    }),
  ...probeEnvShape,
  ...accessEnvShape,
  ...clientIpEnvShape,
});

/** Every variable edgelens reads, in one schema (README "Configuration"). */
export const EDGELENS_ENV_NAMES = Object.keys(envSchema.shape);

const clientIpSchema = z.object(clientIpEnvShape);
export type ClientIpEnv = z.output<typeof clientIpSchema>;

/** The log-sampling and CrowdSec variables, as strings (never throws: they are all optional text). */
export function clientIpEnv(env: Record<string, string | undefined>): ClientIpEnv {
  const picked: Record<string, string | undefined> = {};
  for (const k of Object.keys(clientIpEnvShape)) picked[k] = env[k];
  return clientIpSchema.parse(picked);
}

type Env = Record<string, string | undefined>;

function parseSection<T extends z.ZodType>(schema: T, env: Env): z.output<T> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`invalid configuration: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`, { cause: parsed.error });
  }
  return parsed.data;
}

/** Access settings, read by the request guard (proxy.ts) and by `serve` before it binds. */
export interface AccessConfig {
  /** The bind address (EDGELENS_HOST), default 127.0.0.1. */
  bind: string;
  bindIsLoopback: boolean;
  /** `token`: every page and API route needs the token; `none`: a proxy in front does auth; `open`: no token, loopback only. */
  auth: 'token' | 'none' | 'open';
  /** The token itself or the file that holds it (read at use time). Null unless auth is `token`. */
  token: { value: string } | { file: string } | null;
  /** Host names allowed besides loopback names and IP literals (lowercase, no port). */
  allowedHosts: string[];
  metricsNeedToken: boolean;
}

const accessSchema = envSchema.pick({
  EDGELENS_HOST: true,
  EDGELENS_AUTH: true,
  EDGELENS_AUTH_TOKEN: true,
  EDGELENS_AUTH_TOKEN_FILE: true,
  EDGELENS_ALLOWED_HOSTS: true,
  EDGELENS_METRICS_AUTH: true,
});

export function loadAccessConfig(env: Env): AccessConfig {
  const e = parseSection(accessSchema, env);
  const direct = e.EDGELENS_AUTH_TOKEN?.trim() || undefined;
  const file = e.EDGELENS_AUTH_TOKEN_FILE?.trim() || undefined;
  if (direct !== undefined && file !== undefined) throw new ConfigError('set either EDGELENS_AUTH_TOKEN or EDGELENS_AUTH_TOKEN_FILE, not both');
  if (direct !== undefined && direct.length < 16) throw new ConfigError('EDGELENS_AUTH_TOKEN: use at least 16 characters (e.g. openssl rand -hex 32)');
  const token = direct !== undefined ? { value: direct } : file !== undefined ? { file } : null;
  if (e.EDGELENS_AUTH === 'token' && token === null) throw new ConfigError('EDGELENS_AUTH=token needs EDGELENS_AUTH_TOKEN or EDGELENS_AUTH_TOKEN_FILE');
  const auth = e.EDGELENS_AUTH === 'none' ? 'none' : token !== null ? 'token' : 'open';
  const allowedHosts = (e.EDGELENS_ALLOWED_HOSTS ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== '');
  for (const h of allowedHosts) {
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(h)) throw new ConfigError(`EDGELENS_ALLOWED_HOSTS: "${h.slice(0, 40)}" is not a host name`);
  }
  const bind = e.EDGELENS_HOST?.trim() || '127.0.0.1';
  return {
    bind,
    bindIsLoopback: isLoopbackBind(bind),
    auth,
    token: auth === 'token' ? token : null,
    allowedHosts,
    metricsNeedToken: e.EDGELENS_METRICS_AUTH === 'token',
  };
}

export type ServerConfig = {
  mode: 'auto' | 'lab' | 'kube' | 'snapshot';
  snapshotPath?: string;
  kubeconfigPath?: string;
  context?: string;
  labScenario?: string;
  /** Lab mode: start live loopback probe targets. */
  labTargets: boolean;
  clusterTtlMs: number;
  readTimeoutMs: number;
  historyPath?: string;
  historyRetentionMs: number;
  /** EDGELENS_CHECK_HEALTH_NODE_PORTS (default false). */
  checkHealthNodePorts: boolean;
  probes: ProbeSettings;
  agents: AgentSettings;
};

/** `90s`, `30m`, `12h`, `7d` → ms (between a minute and a year); null when not a duration. */
export function parseDuration(text: string): number | null {
  const m = /^(\d+)(s|m|h|d)$/.exec(text.trim());
  if (!m?.[1] || !m[2]) return null;
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2]];
  const ms = Number(m[1]) * (unit ?? 0);
  return ms >= 60_000 && ms <= 366 * 86_400_000 ? ms : null;
}

export interface AgentSettings {
  token?: string;
  tokenFile?: string;
  intervalMs: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadServerConfig(env: Record<string, string | undefined>): ServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`invalid configuration: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`, { cause: parsed.error });
  }
  const e = parsed.data;
  if (e.EDGELENS_MODE === 'snapshot' && !e.EDGELENS_SNAPSHOT) throw new ConfigError('EDGELENS_MODE=snapshot needs EDGELENS_SNAPSHOT=FILE');
  return {
    mode: e.EDGELENS_SNAPSHOT && e.EDGELENS_MODE === 'auto' ? 'snapshot' : e.EDGELENS_MODE,
    snapshotPath: e.EDGELENS_SNAPSHOT,
    kubeconfigPath: e.EDGELENS_KUBECONFIG,
    context: e.EDGELENS_CONTEXT,
    labScenario: e.EDGELENS_LAB_SCENARIO,
    labTargets: e.EDGELENS_LAB_TARGETS,
    clusterTtlMs: e.EDGELENS_CLUSTER_TTL * 1000,
    readTimeoutMs: e.EDGELENS_READ_TIMEOUT,
    historyPath: e.EDGELENS_HISTORY_PATH || undefined,
    historyRetentionMs: e.EDGELENS_HISTORY_RETENTION,
    checkHealthNodePorts: e.EDGELENS_CHECK_HEALTH_NODE_PORTS,
    probes: probeSettingsOf(e),
    agents: { token: e.EDGELENS_AGENT_TOKEN || undefined, tokenFile: e.EDGELENS_AGENT_TOKEN_FILE || undefined, intervalMs: e.EDGELENS_AGENT_INTERVAL * 1000 },
  };
}

export interface ProbeSettings {
  targetsJson?: string;
  targetsFile?: string;
  samples: number;
  sampleIntervalMs: number;
  timeoutMs: number;
  /** 0 = only on demand. */
  scheduleMs: number;
  concurrency: number;
  historySize: number;
  probeDiscovered: boolean;
  dnsServer?: string;
}

function probeSettingsOf(e: {
  EDGELENS_PROBE_TARGETS?: string;
  EDGELENS_PROBE_TARGETS_FILE?: string;
  EDGELENS_PROBE_SAMPLES: number;
  EDGELENS_PROBE_SAMPLE_INTERVAL: number;
  EDGELENS_PROBE_TIMEOUT: number;
  EDGELENS_PROBE_INTERVAL: number;
  EDGELENS_PROBE_CONCURRENCY: number;
  EDGELENS_PROBE_HISTORY: number;
  EDGELENS_PROBE_DISCOVERED: boolean;
  EDGELENS_DNS_SERVER?: string;
}): ProbeSettings {
  return {
    targetsJson: e.EDGELENS_PROBE_TARGETS || undefined,
    targetsFile: e.EDGELENS_PROBE_TARGETS_FILE || undefined,
    samples: e.EDGELENS_PROBE_SAMPLES,
    sampleIntervalMs: e.EDGELENS_PROBE_SAMPLE_INTERVAL,
    timeoutMs: e.EDGELENS_PROBE_TIMEOUT,
    scheduleMs: e.EDGELENS_PROBE_INTERVAL * 1000,
    concurrency: e.EDGELENS_PROBE_CONCURRENCY,
    historySize: e.EDGELENS_PROBE_HISTORY,
    probeDiscovered: e.EDGELENS_PROBE_DISCOVERED,
    dnsServer: e.EDGELENS_DNS_SERVER || undefined,
  };
}
