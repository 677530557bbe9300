// Asks kube-proxy's per-Service health server on one node: GET http://NODE:healthCheckNodePort/healthz.
// Read-only and cheap (one small HTTP request). kube-proxy answers 200 while the node has a ready
// local endpoint of the Service and kube-proxy is healthy, else 503, with a JSON body naming the
// Service, `localEndpoints` and `serviceProxyHealthy` (pkg/proxy/healthcheck/service_health.go in
// kubernetes/kubernetes). It observes; it never throws for network trouble.
import http from 'node:http';
import net from 'node:net';
import type { HealthCheckObservation } from '../../lib/model/cluster';

export interface HealthCheckTarget {
  service: { namespace: string; name: string };
  node: string;
  address: string;
  port: number;
}

export interface HealthCheckOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Default /healthz (kube-proxy answers on any path; load balancers conventionally ask this one). */
  path?: string;
  /** Wall clock for `at` (default: new Date()). */
  now?: () => Date;
}

const MAX_BODY = 4_096;

function bodyFacts(text: string): { localEndpoints: number | null; serviceProxyHealthy: boolean | null } {
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v !== 'object' || v === null) return { localEndpoints: null, serviceProxyHealthy: null };
    const o = v as Record<string, unknown>;
    return {
      localEndpoints: typeof o.localEndpoints === 'number' && Number.isInteger(o.localEndpoints) ? o.localEndpoints : null,
      serviceProxyHealthy: typeof o.serviceProxyHealthy === 'boolean' ? o.serviceProxyHealthy : null,
    };
  } catch {
    return { localEndpoints: null, serviceProxyHealthy: null };
  }
}

export function checkHealthNodePort(target: HealthCheckTarget, opts: HealthCheckOptions): Promise<HealthCheckObservation> {
  const path = opts.path ?? '/healthz';
  const at = (opts.now ?? (() => new Date()))().toISOString();
  const base = { service: target.service, node: target.node, address: target.address, port: target.port, path, at };
  return new Promise((resolve) => {
    let settled = false;
    const finish = (o: Pick<HealthCheckObservation, 'status' | 'localEndpoints' | 'serviceProxyHealthy' | 'error'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      req.destroy();
      resolve({ ...base, ...o });
    };
    const failed = (error: string) => finish({ status: null, localEndpoints: null, serviceProxyHealthy: null, error });
    const host = net.isIPv6(target.address) ? `[${target.address}]` : target.address;
    const req = http.request({ host: target.address, port: target.port, path, method: 'GET', headers: { host: `${host}:${target.port}`, 'user-agent': 'edgelens-healthcheck/1', connection: 'close' }, agent: false });
    const timer = setTimeout(() => failed(`no answer within ${opts.timeoutMs} ms`), opts.timeoutMs);
    const onAbort = () => failed('aborted');
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
    req.once('error', (err: NodeJS.ErrnoException) => failed(err.code ? `${err.code}: ${err.message}` : err.message));
    req.once('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        if (text.length > MAX_BODY) res.destroy();
      });
      const done = () => finish({ status: res.statusCode ?? null, ...bodyFacts(text.slice(0, MAX_BODY)), error: null });
      res.once('end', done);
      res.once('close', done);
    });
    req.end();
  });
}

/** Checks each target, a few at a time; one observation per target, in input order. */
export async function checkHealthNodePorts(targets: readonly HealthCheckTarget[], opts: HealthCheckOptions & { concurrency?: number }): Promise<HealthCheckObservation[]> {
  const out: HealthCheckObservation[] = new Array(targets.length);
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const i = next++;
      const t = targets[i];
      if (t) out[i] = await checkHealthNodePort(t, opts);
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 4, targets.length) }, worker));
  return out;
}
