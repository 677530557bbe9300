// Asks kube-proxy's health check node port of an ETP=Local Service (GET http://HOST:PORT/healthz)
// how many ready local endpoints this node has: the ground truth of "would this node drop the
// Service's traffic". Body and codes: kubernetes pkg/proxy/healthcheck/service_health.go —
// `{"service":{"namespace","name"},"localEndpoints":N,"serviceProxyHealthy":B}`, 200 when N > 0
// and kube-proxy is healthy, else 503. Never throws: no answer is an observation with its reason.
import http from 'node:http';
import { z } from 'zod';

export interface HealthCheckAnswer {
  /** HTTP status, null when nothing answered. */
  status: number | null;
  localEndpoints: number | null;
  serviceProxyHealthy: boolean | null;
  /** The Service kube-proxy says the port belongs to. */
  service: { namespace: string; name: string } | null;
  error: string | null;
}

const bodySchema = z.object({
  service: z.object({ namespace: z.string(), name: z.string() }),
  localEndpoints: z.number().int().min(0),
  serviceProxyHealthy: z.boolean().optional(),
});

const MAX_BODY = 4_096;

export function probeHealthCheckNodePort(target: { host: string; port: number }, opts: { timeoutMs: number; signal?: AbortSignal }): Promise<HealthCheckAnswer> {
  const fail = (error: string, status: number | null = null): HealthCheckAnswer => ({ status, localEndpoints: null, serviceProxyHealthy: null, service: null, error });
  return new Promise((resolve) => {
    let settled = false;
    const done = (a: HealthCheckAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(a);
    };
    const req = http.get({ host: target.host, port: target.port, path: '/healthz', headers: { 'user-agent': 'edgelens-agent' }, signal: opts.signal }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) return done(fail(`answer larger than ${MAX_BODY} bytes: not kube-proxy's health check`, res.statusCode ?? null));
        chunks.push(c);
      });
      res.on('error', (err) => done(fail(err.message, res.statusCode ?? null)));
      res.on('end', () => {
        const status = res.statusCode ?? null;
        let json: unknown;
        try {
          json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          return done(fail(`HTTP ${status}: the body is not JSON — not kube-proxy's health check`, status));
        }
        const parsed = bodySchema.safeParse(json);
        if (!parsed.success) return done(fail(`HTTP ${status}: the JSON lacks service/localEndpoints — not kube-proxy's health check`, status));
        done({
          status,
          localEndpoints: parsed.data.localEndpoints,
          serviceProxyHealthy: parsed.data.serviceProxyHealthy ?? null,
          service: parsed.data.service,
          error: null,
        });
      });
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      const why = err.code === 'ECONNREFUSED' ? 'connection refused: nothing listens on the health check node port' : err.code ? `${err.code}: ${err.message}` : err.message;
      done(fail(why));
    });
    const timer = setTimeout(() => done(fail(`no answer within ${opts.timeoutMs} ms`)), opts.timeoutMs);
  });
}
