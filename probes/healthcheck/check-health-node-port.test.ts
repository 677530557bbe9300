// The kube-proxy health-check probe against a real loopback HTTP server that answers exactly
// like kube-proxy's per-Service health server (lab/kube-proxy-health.ts, from
// pkg/proxy/healthcheck/service_health.go), plus the failures a real network gives.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthCheckObservationSchema } from '../../lib/model/cluster';
import { checkHealthNodePort, checkHealthNodePorts } from './check-health-node-port';
import { kubeProxyHealthBody, startKubeProxyHealth, type RunningKubeProxyHealth } from '../../lab/kube-proxy-health';

const SVC = { namespace: 'mail', name: 'mailserver' };
let kp: RunningKubeProxyHealth;

beforeAll(async () => {
  kp = await startKubeProxyHealth({ host: '127.0.0.1', namespace: SVC.namespace, name: SVC.name, localEndpoints: 1 });
});
afterAll(async () => {
  await kp?.stop();
});

describe('kube-proxy health check probe', () => {
  it('the stand-in writes kube-proxy\'s exact body (dedented Go template: tabs, no trailing newline)', () => {
    expect(kubeProxyHealthBody('mail', 'mailserver', 0, true)).toBe(
      '{\n\t"service": {\n\t\t"namespace": "mail",\n\t\t"name": "mailserver"\n\t},\n\t"localEndpoints": 0,\n\t"serviceProxyHealthy": true\n}',
    );
  });

  it('200 with localEndpoints while the node has the pod; 503 with localEndpoints 0 once it has none', async () => {
    const target = { service: SVC, node: 'k8s-node4', address: '127.0.0.1', port: kp.port };
    const up = await checkHealthNodePort(target, { timeoutMs: 2_000 });
    expect(healthCheckObservationSchema.parse(up)).toEqual(up);
    expect(up).toMatchObject({ status: 200, localEndpoints: 1, serviceProxyHealthy: true, error: null, path: '/healthz', node: 'k8s-node4' });
    kp.setLocalEndpoints(0);
    const down = await checkHealthNodePort(target, { timeoutMs: 2_000 });
    expect(down).toMatchObject({ status: 503, localEndpoints: 0, serviceProxyHealthy: true, error: null });
    expect(kp.requests().map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['GET /healthz 200', 'GET /healthz 503']);
    kp.setLocalEndpoints(1);
  });

  it('nothing listening, or a port that never answers: no status, and the reason', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = net.createServer();
      s.listen(0, '127.0.0.1', () => {
        const port = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(port));
      });
    });
    const refused = await checkHealthNodePort({ service: SVC, node: 'n', address: '127.0.0.1', port: closed }, { timeoutMs: 2_000 });
    expect(refused).toMatchObject({ status: null, localEndpoints: null });
    expect(refused.error).toMatch(/ECONNREFUSED/);
    const held: net.Socket[] = [];
    const silent = net.createServer((s) => held.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (silent.address() as net.AddressInfo).port;
      const hung = await checkHealthNodePort({ service: SVC, node: 'n', address: '127.0.0.1', port }, { timeoutMs: 300 });
      expect(hung).toMatchObject({ status: null, error: 'no answer within 300 ms' });
    } finally {
      for (const s of held) s.destroy();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });

  it('checks many targets and keeps their order', async () => {
    const targets = [1, 2, 3].map((i) => ({ service: SVC, node: `n${i}`, address: '127.0.0.1', port: kp.port }));
    const out = await checkHealthNodePorts(targets, { timeoutMs: 2_000, concurrency: 2 });
    expect(out.map((o) => `${o.node}:${o.status}`)).toEqual(['n1:200', 'n2:200', 'n3:200']);
  });
});
