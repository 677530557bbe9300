// The lab scenarios of each load-balancer implementation, read the two ways a
// user would: real kubectl against the lab API server (Leases, DaemonSets and the
// Cilium CRDs served like the other kinds), and the kube probe + analyzer.
// kubectl lists (never gets by name): the lab enforces edgelens' ClusterRole, which grants list and watch only.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { analyzeCluster } from '../lib/analyzers/analyze-cluster';
import { labKubeConfig } from '../probes/kube/kubeconfig';
import { readCluster } from '../probes/kube/read-cluster';
import { startLabServer, type LabServer } from './server';

const run = promisify(execFile);

describe('load-balancer lab scenarios through the lab API', () => {
  let lab: LabServer;
  let home: string;

  async function kubectl(args: string[]): Promise<string> {
    try {
      const { stdout } = await run('kubectl', ['--server', lab.url, '--request-timeout=10s', ...args], {
        env: { NODE_ENV: process.env.NODE_ENV ?? 'test', PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, KUBECONFIG: join(home, 'empty-kubeconfig') },
        timeout: 30_000,
      });
      return stdout;
    } catch (e) {
      const err = e as { code?: number | string; stderr?: string };
      if (err.code === 'ENOENT') throw new Error('kubectl is not installed: install it (scripts/test.sh does) to run this test', { cause: e });
      throw new Error(`kubectl ${args.join(' ')} failed: ${err.stderr ?? ''}`, { cause: e });
    }
  }
  const read = async () => analyzeCluster(await readCluster(labKubeConfig(lab.url), { source: 'lab' }), { now: new Date('2025-11-20T10:00:00Z') });

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'edgelens-lb-scenarios-'));
    writeFileSync(join(home, 'empty-kubeconfig'), 'apiVersion: v1\nkind: Config\n');
    lab = await startLabServer({ scenario: 'cilium-l2' });
  });
  afterAll(async () => {
    await lab.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('cilium-l2: kubectl lists the Lease and the Cilium CRDs; the probe finds the Lease holder', async () => {
    lab.switchScenario('cilium-l2');
    expect(await kubectl(['get', 'leases', '-n', 'kube-system', '-o', 'jsonpath={.items[*].metadata.name}'])).toContain('cilium-l2announce-traefik-traefik');
    expect(await kubectl(['get', 'ciliuml2announcementpolicies.cilium.io', '-o', 'name'])).toContain('ciliuml2announcementpolicy.cilium.io/default-l2');
    expect(await kubectl(['get', 'ciliumloadbalancerippools', '-o', 'jsonpath={.items[0].spec.blocks[0].start}'])).toBe('10.0.20.200');
    const r = await read();
    expect(r.gaps).toEqual([]);
    expect(r.loadBalancers.find((lb) => lb.ip === '10.0.20.200')).toMatchObject({ implementation: 'cilium', announcer: { node: 'k8s-node2', source: 'lease' } });
    expect(r.findings.some((f) => f.rule === 'etp-local-announcer-without-endpoint' && f.ip === '10.0.20.200')).toBe(true);
  });

  it('kube-vip: MetalLB and kube-vip side by side, each Service attributed to its own', async () => {
    lab.switchScenario('kube-vip');
    expect(await kubectl(['get', 'leases', '-n', 'kube-system', '-o', 'jsonpath={.items[?(@.metadata.name=="plndr-svcs-lock")].spec.holderIdentity}'])).toBe('k8s-node3');
    const r = await read();
    expect(r.loadBalancers.map((lb) => `${lb.ip} ${lb.implementation}`)).toEqual(['10.0.30.12 metallb', '10.0.30.40 kube-vip']);
  });

  it('k3s-servicelb: kubectl lists the svclb DaemonSets; the probe reads the holders', async () => {
    lab.switchScenario('k3s-servicelb');
    const ds = await kubectl(['get', 'daemonsets', '-n', 'kube-system', '-l', 'svccontroller.k3s.cattle.io/svcname=traefik', '-o', 'name']);
    expect(ds.trim()).toBe('daemonset.apps/svclb-traefik-1a2b3c4d');
    const r = await read();
    const traefik = r.loadBalancers.find((lb) => lb.services[0]?.name === 'traefik');
    expect(traefik).toMatchObject({ implementation: 'servicelb', announcer: null, holders: ['k3s-node1', 'k3s-node2', 'k3s-node3'] });
    expect(r.findings.filter((f) => f.rule === 'servicelb-no-node')).toHaveLength(2);
  });

  it('purelb: the announcing annotation names the holder', async () => {
    lab.switchScenario('purelb');
    expect(await kubectl(['get', 'svc', '-n', 'web', '-o', 'jsonpath={.items[?(@.metadata.name=="nginx")].metadata.annotations.purelb\\.io/announcing-IPv4}'])).toBe('k8s-node2,eth0');
    const r = await read();
    expect(r.loadBalancers.find((lb) => lb.ip === '10.0.20.240')).toMatchObject({ implementation: 'purelb', announcer: { node: 'k8s-node2', source: 'annotation' }, via: 'annotation purelb.io/announcing-IPv4' });
  });

  it('a cluster without the Cilium CRDs: discovery says so, and the kinds are gaps, not errors', async () => {
    const bare = await startLabServer({ scenario: 'purelb', deny: { CiliumL2AnnouncementPolicy: 404, CiliumLoadBalancerIPPool: 404 } });
    try {
      const snap = await readCluster(labKubeConfig(bare.url));
      expect(snap.gaps.map((g) => [g.kind, g.reason])).toEqual([
        ['CiliumL2AnnouncementPolicy', 'not-found'],
        ['CiliumLoadBalancerIPPool', 'not-found'],
      ]);
      expect(snap.gaps[0]?.detail).toContain('Cilium L2 announcements not installed');
      expect(snap.objects.some((o) => o.kind === 'Service')).toBe(true);
    } finally {
      await bare.close();
    }
  });
});
