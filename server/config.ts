// Server configuration from the environment, validated once with zod. Pure: takes the env.
import { z } from 'zod';

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

const envSchema = z.object({
  EDGELENS_MODE: z.enum(['auto', 'lab', 'kube', 'snapshot']).default('auto'),
  EDGELENS_SNAPSHOT: z.string().optional(),
  EDGELENS_KUBECONFIG: z.string().optional(),
  KUBECONFIG: z.string().optional(),
  EDGELENS_CONTEXT: z.string().optional(),
  EDGELENS_LAB_SCENARIO: z.string().regex(/^[a-z0-9-]+$/, 'scenario names are lowercase letters, digits and dashes').optional(),
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
  ...probeEnvShape,
});

export type ServerConfig = {
  mode: 'auto' | 'lab' | 'kube' | 'snapshot';
  snapshotPath?: string;
  kubeconfigPath?: string;
  context?: string;
  labScenario?: string;
  /** Lab mode: start live loopback probe targets. */
  labTargets: boolean;
  clusterTtlMs: number;
  probes: ProbeSettings;
  agents: AgentSettings;
};

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
