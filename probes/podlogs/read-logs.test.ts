// Against the lab Kubernetes API server (a real HTTP server, read through
// @kubernetes/client-node): the Traefik pods' own access logs.
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logReportSchema } from '../../lib/model/logs';
import type { KubeObject } from '../../lib/model/kube';
import { startLabServer, type LabServer } from '../../lab/server';
import { labKubeConfig } from '../kube/kubeconfig';
import { rawGet } from '../kube/raw-request';
import { readCluster } from '../kube/read-cluster';
import { podLogReport } from '../../lib/logs/pod-log-report';
import { POD_LOG_RBAC, readTraefikLogs as observe } from './read-logs';

/** The probe's observations turned into the report the server and CLI show. */
async function readTraefikLogs(...args: Parameters<typeof observe>) {
  const { observation, addresses } = await observe(...args);
  return { report: podLogReport(observation), addresses, observation };
}

/** A proxy in front of the lab that answers every pods/log request with the API server's 403 Status. */
async function denyLogsProxy(target: string): Promise<{ url: string; close: () => Promise<void> }> {
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    if (/\/pods\/[^/]+\/log/.test(req.url ?? '')) {
      const body = JSON.stringify({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'pods "x" is forbidden: User "system:serviceaccount:edgelens:edgelens" cannot get resource "pods/log" in API group "" in the namespace "traefik"',
        reason: 'Forbidden',
        code: 403,
      });
      res.writeHead(403, { 'Content-Type': 'application/json' });
      res.end(body);
      return;
    }
    const up = httpRequest({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
}

describe('readTraefikLogs against the lab', () => {
  let lab: LabServer;
  beforeAll(async () => {
    lab = await startLabServer({ scenario: 'homelab-before' });
  });
  afterAll(() => lab.close());

  it('homelab-before: every replica is read and every router is judged snat', async () => {
    lab.switchScenario('homelab-before');
    const { report, addresses } = await readTraefikLogs(labKubeConfig(lab.url));
    expect(() => logReportSchema.parse(report)).not.toThrow();
    expect(report.sources).toHaveLength(3);
    for (const s of report.sources ?? []) {
      expect(s).toMatchObject({ namespace: 'traefik', container: 'traefik' });
      expect(s.lines).toBe(600);
      expect(s.error).toBeUndefined();
    }
    expect(report.lines).toBe(1800);
    expect(report.sampling).toMatchObject({ from: 'pods', target: 'pods of LoadBalancer Service traefik/traefik', tailLines: 2000 });
    expect(report.verdict).toBe('snat');
    expect(report.routers.length).toBeGreaterThanOrEqual(6);
    expect(report.routers.every((r) => r.verdict === 'snat')).toBe(true);
    const snat = report.findings.filter((f) => f.rule === 'client-ip-snat');
    expect(snat.length).toBe(report.routers.length);
    expect(snat.every((f) => f.severity === 'error')).toBe(true);
    expect(report.topClients[0]?.class).toBe('node');
    // Traefik's own log lines on the same stdout are counted as malformed, never fatal.
    expect(report.malformed).toBeGreaterThan(0);
    expect(report.parsed + report.malformed + (report.blank ?? 0)).toBe(report.lines);
    expect(report.series?.length).toBeGreaterThan(20);
    expect(addresses.nodeIPs).toContain('10.0.20.103');
    expect(addresses.lbIPs).toContain('10.0.20.200');
  });

  it('homelab-after: the same routers are judged preserved, with no SNAT finding', async () => {
    lab.switchScenario('homelab-after');
    try {
      const { report } = await readTraefikLogs(labKubeConfig(lab.url));
      expect(report.verdict).toBe('preserved');
      expect(report.routers.every((r) => r.verdict === 'preserved')).toBe(true);
      expect(report.findings.map((f) => f.rule)).not.toContain('client-ip-snat');
      expect(report.topClients.some((c) => c.class === 'documentation')).toBe(true);
    } finally {
      lab.switchScenario('homelab-before');
    }
  });

  it('asks the API server for tailLines and sinceSeconds, and cuts at the byte bound on a whole line', async () => {
    const kc = labKubeConfig(lab.url);
    const tail = await readTraefikLogs(kc, { tailLines: 50 });
    expect(tail.report.sources?.map((s) => s.lines)).toEqual([50, 50, 50]);

    const since = await readTraefikLogs(kc, { sinceSeconds: 120 });
    for (const s of since.report.sources ?? []) {
      expect(s.lines).toBeGreaterThan(0);
      expect(s.lines).toBeLessThan(600);
    }

    const limit = 5000;
    const cut = await readTraefikLogs(kc, { limitBytes: limit });
    const first = cut.report.sources?.[0];
    expect(first).toMatchObject({ truncated: true, bytes: limit });
    // The lines counted are exactly the whole lines inside the first 5,000 bytes.
    const raw = await rawGet(kc, `/api/v1/namespaces/traefik/pods/${first?.pod ?? ''}/log?container=traefik&tailLines=2000&limitBytes=${limit}`);
    const whole = raw.text.slice(0, raw.text.lastIndexOf('\n') + 1).split('\n').length - 1;
    expect(first?.lines).toBe(whole);
    expect(cut.report.malformed).toBeLessThan(cut.report.lines);
  });

  it('a configured selector and namespace pick the pods; one that matches nothing is explained', async () => {
    const kc = labKubeConfig(lab.url);
    const picked = await readTraefikLogs(kc, { selector: 'app.kubernetes.io/name=traefik', namespace: 'traefik', tailLines: 10 });
    expect(picked.report.sources).toHaveLength(3);
    expect(picked.report.sampling?.target).toBe('pods matching "app.kubernetes.io/name=traefik" in namespace traefik');

    const none = await readTraefikLogs(kc, { selector: 'app=nope' });
    expect(none.report.sources).toEqual([]);
    expect(none.report.verdict).toBe('unknown');
    expect(none.report.explanation).toContain('no running pod matches the label selector "app=nope"');
  });

  it('a pod that is gone since the list becomes a source with the reason; the others are still read', async () => {
    const kc = labKubeConfig(lab.url);
    const cluster = await readCluster(kc, { kinds: ['Service', 'Pod', 'Node'] });
    const traefikPod = cluster.objects.find((o) => o.kind === 'Pod' && o.metadata.namespace === 'traefik');
    expect(traefikPod).toBeDefined();
    const ghost: KubeObject = { ...(traefikPod as KubeObject), metadata: { ...(traefikPod as KubeObject).metadata, name: 'traefik-gone-xyz12' } };
    const { report } = await readTraefikLogs(kc, { cluster: { objects: [...cluster.objects, ghost], gaps: [] }, tailLines: 20 });
    const gone = report.sources?.find((s) => s.pod === 'traefik-gone-xyz12');
    expect(gone).toMatchObject({ reason: 'not-found', lines: 0 });
    expect(gone?.error).toContain('is gone (404');
    expect(report.sources?.filter((s) => s.lines === 20)).toHaveLength(3);
    expect(report.explanation).toContain('1 of 4 Traefik pods could not be read');
  });

  it('403 on pods/log: every pod is a forbidden source with the RBAC rule, and the report is still a report', async () => {
    const proxy = await denyLogsProxy(lab.url);
    try {
      const { report } = await readTraefikLogs(labKubeConfig(proxy.url));
      expect(() => logReportSchema.parse(report)).not.toThrow();
      expect(report.sources).toHaveLength(3);
      for (const s of report.sources ?? []) {
        expect(s).toMatchObject({ reason: 'forbidden', rbac: POD_LOG_RBAC, lines: 0 });
        expect(s.error).toContain('cannot get resource "pods/log"');
      }
      expect(report.verdict).toBe('unknown');
      expect(report.explanation).toMatch(/none of the 3 Traefik pod logs could be read — reading the log is forbidden/);
    } finally {
      await proxy.close();
    }
  });

  it('listing pods denied (lab deny: Pod 403): the report says so with the RBAC rule', async () => {
    const denied = await startLabServer({ scenario: 'homelab-before', deny: { Pod: 403 } });
    try {
      const { report } = await readTraefikLogs(labKubeConfig(denied.url));
      expect(report.sources).toEqual([]);
      expect(report.sampling?.problems?.[0]).toMatchObject({ kind: 'Pod', reason: 'forbidden' });
      expect(report.sampling?.problems?.[0]?.rbac).toContain('"pods"');
      expect(report.explanation).toContain('forbidden');
    } finally {
      await denied.close();
    }
  });

  it('an API server that does not answer is a problem in the report, not an exception', async () => {
    const closed = await startLabServer({ scenario: 'homelab-before' });
    const url = closed.url;
    await closed.close();
    const { report } = await readTraefikLogs(labKubeConfig(url), { timeoutMs: 5000 });
    expect(report.sources).toEqual([]);
    expect(report.sampling?.problems?.[0]).toMatchObject({ kind: 'Pod', reason: 'unreachable' });
  });
});
