// Server configuration from the environment, validated once with zod. Pure: takes the env.
import { z } from 'zod';

const envSchema = z.object({
  EDGELENS_MODE: z.enum(['auto', 'lab', 'kube', 'snapshot']).default('auto'),
  EDGELENS_SNAPSHOT: z.string().optional(),
  EDGELENS_KUBECONFIG: z.string().optional(),
  KUBECONFIG: z.string().optional(),
  EDGELENS_CONTEXT: z.string().optional(),
  EDGELENS_LAB_SCENARIO: z.string().regex(/^[a-z0-9-]+$/, 'scenario names are lowercase letters, digits and dashes').optional(),
  /** Seconds after which a cached cluster report is re-read even without a watch event. */
  EDGELENS_CLUSTER_TTL: z.coerce.number().int().min(1).max(3600).default(30),
});

export type ServerConfig = {
  mode: 'auto' | 'lab' | 'kube' | 'snapshot';
  snapshotPath?: string;
  kubeconfigPath?: string;
  context?: string;
  labScenario?: string;
  clusterTtlMs: number;
};

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
    clusterTtlMs: e.EDGELENS_CLUSTER_TTL * 1000,
  };
}
