// One entry for "generate the PROXY-protocol fix" used by the CLI and POST /api/v1/haproxy:
// backends come from a Service in a cluster snapshot (pod or NodePort mode) or a manual list.
import { z } from 'zod';
import type { ClusterSnapshot, HaproxyOutput } from '@/lib/model';
import { generateFromCluster, generateHaproxy } from '@/lib/haproxy';

export const haproxyRequestSchema = z.object({
  service: z.object({ namespace: z.string().min(1), name: z.string().min(1) }).optional(),
  mode: z.enum(['pod', 'nodeport']).default('pod'),
  backends: z.array(z.object({ name: z.string().optional(), address: z.string(), port: z.number() })).optional(),
  binds: z.array(z.object({ address: z.string(), port: z.number() })).optional(),
  proxy: z.enum(['v1', 'v2']).default('v2'),
  /** Also pass plain HTTP (:80) through to the `web` entry point. */
  http: z.boolean().default(false),
  egress: z.string().optional(),
  trustedIPs: z.array(z.string()).optional(),
  entryPoint: z.string().optional(),
  /** Service ports to serve (default: every TCP port; a Traefik Service: 443, plus 80 with `http`). */
  ports: z.array(z.number().int().min(1).max(65_535)).optional(),
  /** What receives the PROXY header; `auto` guesses per port (25/465/587 Postfix, 110/143/993/995/4190 Dovecot). */
  receiver: z.enum(['auto', 'traefik', 'postfix', 'dovecot', 'generic']).default('auto'),
});
export type HaproxyRequest = z.input<typeof haproxyRequestSchema>;

export class HaproxyRequestError extends Error {
  override readonly name = 'HaproxyRequestError';
}

/** Builds the config; generator input errors (HaproxyInputError) propagate with their issues. */
export async function buildHaproxy(
  raw: HaproxyRequest,
  ctx: { readSnapshot: () => Promise<ClusterSnapshot>; generatedBy: string; sourceName: string },
): Promise<HaproxyOutput> {
  const req = haproxyRequestSchema.parse(raw);
  const common = {
    proxy: req.proxy,
    ...(req.binds ? { binds: req.binds } : {}),
    ...(req.egress ? { egress: req.egress } : {}),
    ...(req.trustedIPs ? { trustedIPs: req.trustedIPs } : {}),
    ...(req.entryPoint ? { entryPoint: req.entryPoint } : {}),
  };
  if (req.service) {
    if (req.backends && req.backends.length > 0) throw new HaproxyRequestError('give either a service or backends, not both');
    const snapshot = await ctx.readSnapshot();
    return generateFromCluster(
      snapshot,
      req.service,
      { ...common, mode: req.mode, receiver: req.receiver, ...(req.ports ? { ports: req.ports } : {}), ...(req.http ? { httpPort: 80 } : {}) },
      { generatedBy: ctx.generatedBy, source: `Service ${req.service.namespace}/${req.service.name} (${req.mode} mode) in ${ctx.sourceName}` },
    );
  }
  if (!req.backends || req.backends.length === 0) throw new HaproxyRequestError('give a service (namespace/name) or at least one backend address:port');
  if (req.http) throw new HaproxyRequestError('the :80 pass-through needs a service to find its backends; with manual backends generate :443 only');
  if (req.ports) throw new HaproxyRequestError('ports choose Service ports: give a service, or list the manual backends with their ports');
  if (req.receiver !== 'auto' && req.receiver !== 'traefik') {
    // A manual list for another receiver: one listener, named after the receiver unless named.
    const { entryPoint, binds, ...rest } = common;
    return generateHaproxy(
      { ...rest, source: { kind: 'manual' }, listeners: [{ name: entryPoint ?? req.receiver, receiver: req.receiver, binds: binds ?? [{ address: '0.0.0.0', port: req.backends[0]?.port ?? 443 }], backends: req.backends }] },
      { generatedBy: ctx.generatedBy, source: `${req.backends.length} manual backend${req.backends.length === 1 ? '' : 's'}` },
    );
  }
  return generateHaproxy(
    { ...common, source: { kind: 'manual' }, backends: req.backends },
    { generatedBy: ctx.generatedBy, source: `${req.backends.length} manual backend${req.backends.length === 1 ? '' : 's'}` },
  );
}

/** Parses `IP:PORT` or `[IPv6]:PORT` (address validity is checked by the generator). */
export function parseHostPort(value: string): { address: string; port: number } | null {
  const m = /^\[([^\]]+)\]:(\d{1,5})$/.exec(value) ?? /^([^:[\]]+):(\d{1,5})$/.exec(value);
  if (!m || m[1] === undefined || m[2] === undefined) return null;
  return { address: m[1], port: Number(m[2]) };
}

/** How the generated config's header names its source: never the API server's URL or a local path. */
export function sourceLabel(mode: 'lab' | 'kube' | 'snapshot'): string {
  return mode === 'kube' ? 'the cluster' : mode === 'lab' ? 'the embedded lab cluster' : 'a cluster snapshot';
}
