// The health check probe against a real HTTP server answering exactly as kube-proxy does.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { kubeProxyBody, kubeProxyStatus } from './__fixtures__/kube-proxy-bodies';
import { probeHealthCheckNodePort } from './healthz';

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((r) => s.close(() => r()))));
});

function serve(handler: http.RequestListener): Promise<number> {
  const s = http.createServer(handler);
  servers.push(s);
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port)));
}

function kubeProxy(ns: string, name: string, endpoints: number, healthy = true): http.RequestListener {
  return (_req, res) => {
    res.writeHead(kubeProxyStatus(endpoints, healthy), { 'Content-Type': 'application/json', 'X-Content-Type-Options': 'nosniff' });
    res.end(kubeProxyBody(ns, name, endpoints, healthy));
  };
}

describe('probeHealthCheckNodePort', () => {
  it('reads the local endpoint count of a node that has endpoints (200)', async () => {
    const port = await serve(kubeProxy('traefik', 'traefik', 2));
    expect(await probeHealthCheckNodePort({ host: '127.0.0.1', port }, { timeoutMs: 2_000 })).toEqual({
      status: 200,
      localEndpoints: 2,
      serviceProxyHealthy: true,
      service: { namespace: 'traefik', name: 'traefik' },
      error: null,
    });
  });

  it('reads 0 local endpoints with 503: this node would drop the traffic', async () => {
    const port = await serve(kubeProxy('mail', 'mailserver', 0));
    expect(await probeHealthCheckNodePort({ host: '127.0.0.1', port }, { timeoutMs: 2_000 })).toMatchObject({ status: 503, localEndpoints: 0, error: null });
  });

  it('a refused port, a non-kube-proxy answer and a silent server are observations with a reason', async () => {
    const closed = await serve(() => undefined);
    await new Promise<void>((r) => servers.pop()?.close(() => r()));
    expect((await probeHealthCheckNodePort({ host: '127.0.0.1', port: closed }, { timeoutMs: 2_000 })).error).toMatch(/connection refused/);

    const html = await serve((_q, res) => res.end('<html>hi</html>'));
    expect(await probeHealthCheckNodePort({ host: '127.0.0.1', port: html }, { timeoutMs: 2_000 })).toMatchObject({ status: 200, localEndpoints: null, error: expect.stringMatching(/not kube-proxy/) });

    const silent = await serve(() => undefined);
    expect((await probeHealthCheckNodePort({ host: '127.0.0.1', port: silent }, { timeoutMs: 300 })).error).toBe('no answer within 300 ms');
  });
});
