// One agent pass: from this node, probe every plan target (TCP/TLS and HTTP/3 — the server's own
// probe code), resolve hostnames with this node's resolver, ask kube-proxy's health check node
// port for each ETP=Local Service, and build the report. Bounded: per-sample timeouts from the
// plan, a fixed number of jobs in flight, and report fields clipped to the server's limits.
import { isIP } from 'node:net';
import { AGENT_LIMITS, type AgentHealthCheckResult, type AgentPlan, type AgentProbeResult, type AgentReport, type AgentTargetResult, type ProbeKind, type ProbeReport } from '@/lib/model';
import { lastFailure } from '@/lib/analyzers/probe-words';
import { resolveName, type Resolution } from '@/probes/dns/resolve';
import { probeHealthCheckNodePort, type HealthCheckAnswer } from '@/probes/healthcheck/healthz';
import { sampleProbe, type ProbeFn } from '@/server/probe-plan';

export interface AgentPassOptions {
  node: string;
  version: string;
  /** Where kube-proxy's health check ports listen on this node (the node IP, or 127.0.0.1). */
  healthCheckHost: string;
  now?: () => Date;
  /** Replace the real probes / resolver / health check (tests). */
  probes?: Partial<Record<ProbeKind, ProbeFn>>;
  resolve?: (name: string, timeoutMs: number) => Promise<Resolution>;
  healthCheck?: (host: string, port: number, timeoutMs: number) => Promise<HealthCheckAnswer>;
}

const clip = (s: string | null | undefined, n: number): string | null => (s == null ? null : s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function summarize(r: ProbeReport): AgentProbeResult {
  const failed = lastFailure(r.results);
  const altSvc = r.results.find((x) => x.altSvc)?.altSvc ?? null;
  return {
    verdict: r.verdict,
    samples: r.samples,
    ok: r.ok,
    p50Ms: r.p50Ms ?? null,
    error: failed?.error ?? null,
    detail: clip(failed?.detail, 500),
    altSvc: clip(altSvc, 500),
  };
}

async function bounded<T>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    for (;;) {
      const item = items[next++];
      if (item === undefined) return;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
}

export async function runAgentPass(plan: AgentPlan, opts: AgentPassOptions): Promise<AgentReport> {
  const now = opts.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const resolve = opts.resolve ?? ((name: string, timeoutMs: number) => resolveName(name, { timeoutMs }));
  const healthCheck = opts.healthCheck ?? ((host: string, port: number, timeoutMs: number) => probeHealthCheckNodePort({ host, port }, { timeoutMs }));
  const targets: AgentTargetResult[] = new Array<AgentTargetResult>(plan.targets.length);
  const healthChecks: AgentHealthCheckResult[] = new Array<AgentHealthCheckResult>(plan.healthChecks.length);

  const jobs = [
    ...plan.targets.map((t, i) => async () => {
      let resolved: AgentTargetResult['resolved'] = null;
      let connectHost = t.host;
      if (isIP(t.host) === 0) {
        const r = await resolve(t.host, Math.min(plan.timeoutMs, 5_000)).catch((err: unknown): Resolution => ({ name: t.host, addresses: [], error: String(err), resolver: 'system resolver' }));
        resolved = { addresses: r.addresses.slice(0, AGENT_LIMITS.maxAddresses), error: clip(r.error, 300), resolver: clip(r.resolver, 100) ?? '' };
        const first = r.addresses[0];
        if (!first) {
          targets[i] = { name: t.name, resolved, tcp: null, h3: null };
          return;
        }
        connectHost = first;
      }
      const sni = t.sni ?? (isIP(t.host) === 0 ? t.host : undefined);
      const result: AgentTargetResult = { name: t.name, resolved, tcp: null, h3: null };
      for (const kind of t.kinds) {
        const report = await sampleProbe(kind, { host: connectHost, port: t.port, sni, path: t.path ?? undefined }, {
          samples: plan.samples,
          intervalMs: 100,
          timeoutMs: plan.timeoutMs,
          insecure: t.insecure,
          probes: opts.probes,
        });
        result[kind] = summarize(report);
      }
      targets[i] = result;
    }),
    ...plan.healthChecks.map((h, i) => async () => {
      const a = await healthCheck(opts.healthCheckHost, h.port, Math.min(plan.timeoutMs, 5_000));
      // A port answered for another Service: kube-proxy names the Service; say so rather than trust the count.
      const mismatch = a.service && (a.service.namespace !== h.namespace || a.service.name !== h.name) ? `port ${h.port} answers for ${a.service.namespace}/${a.service.name}` : null;
      healthChecks[i] = {
        namespace: h.namespace,
        name: h.name,
        port: h.port,
        status: a.status,
        localEndpoints: mismatch ? null : a.localEndpoints,
        serviceProxyHealthy: a.serviceProxyHealthy,
        error: clip(mismatch ?? a.error, 300),
      };
    }),
  ];
  await bounded(jobs, plan.concurrency, (job) => job());
  return { node: opts.node, agentVersion: opts.version, startedAt, finishedAt: now().toISOString(), targets, healthChecks };
}
