// Real kubectl (an independent client) against the lab API server. kubectl must be
// installed (scripts/test.sh installs it); this test fails loudly when it is not.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseKubeList } from './scenarios';
import { startLabServer, type LabServer } from './server';
import { FIXTURES } from './test-utils';

const run = promisify(execFile);

describe('kubectl against the lab', () => {
  let lab: LabServer;
  let home: string;

  /** kubectl with an empty HOME and KUBECONFIG so no user config interferes. */
  async function kubectl(args: string[], opts: { kubeconfig?: string; server?: boolean } = {}): Promise<{ stdout: string; stderr: string; code: number }> {
    const base = opts.server === false ? [] : ['--server', lab.url];
    try {
      const { stdout, stderr } = await run('kubectl', [...base, '--request-timeout=10s', ...args], {
        env: { NODE_ENV: process.env.NODE_ENV ?? 'test', PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, KUBECONFIG: opts.kubeconfig ?? join(home, 'empty-kubeconfig') },
        timeout: 30_000,
      });
      return { stdout, stderr, code: 0 };
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string; code?: number | string };
      if (err.code === 'ENOENT') throw new Error('kubectl is not installed: install it (scripts/test.sh does) to run this test', { cause: e });
      return { stdout: err.stdout ?? '', stderr: err.stderr ?? '', code: typeof err.code === 'number' ? err.code : -1 };
    }
  }

  /** Splits kubectl's table output into rows of cells (columns separated by 2+ spaces). */
  function rows(stdout: string): string[][] {
    return stdout
      .trimEnd()
      .split('\n')
      .map((l) => l.trim().split(/\s{2,}/));
  }

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'edgelens-kubectl-'));
    writeFileSync(join(home, 'empty-kubeconfig'), 'apiVersion: v1\nkind: Config\n');
    lab = await startLabServer({ scenario: 'mini-before', scenarioDir: FIXTURES, deny: { IPAddressPool: 403 } });
    const version = await kubectl(['version', '--client'], { server: false });
    expect(version.stdout, 'kubectl version --client').toMatch(/Client Version: v1\./);
  });
  afterAll(async () => {
    await lab.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('get svc -A prints the LoadBalancer with its external IP and ports', async () => {
    const r = await kubectl(['get', 'svc', '-A']);
    expect(r.code, r.stderr).toBe(0);
    const t = rows(r.stdout);
    expect(t[0]).toEqual(['NAMESPACE', 'NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
    expect(t.find((row) => row[1] === 'traefik')?.slice(0, 6)).toEqual(['traefik', 'traefik', 'LoadBalancer', '10.43.10.10', '10.0.20.200', '443:30443/TCP,443:30443/UDP']);
    expect(t).toHaveLength(3);
  });

  it('get servicel2statuses.metallb.io -A shows the announcing node', async () => {
    const r = await kubectl(['get', 'servicel2statuses.metallb.io', '-A']);
    expect(r.code, r.stderr).toBe(0);
    const t = rows(r.stdout);
    expect(t[0]?.slice(0, 5)).toEqual(['NAMESPACE', 'NAME', 'ALLOCATED NODE', 'SERVICE NAME', 'SERVICE NAMESPACE']);
    expect(t[1]?.slice(0, 5)).toEqual(['metallb-system', 'l2-5b7kq', 'k8s-node1', 'traefik', 'traefik']);
  });

  it('get endpointslices -A -l kubernetes.io/service-name=traefik selects by label', async () => {
    const r = await kubectl(['get', 'endpointslices', '-A', '-l', 'kubernetes.io/service-name=traefik']);
    expect(r.code, r.stderr).toBe(0);
    const t = rows(r.stdout);
    expect(t).toHaveLength(2);
    expect(t[1]?.slice(0, 5)).toEqual(['traefik', 'traefik-x7k2p', 'IPv4', '8443,8443', '10.42.1.15,10.42.2.16']);
  });

  it('get events --field-selector reason=nodeAssigned filters on the server', async () => {
    const r = await kubectl(['get', 'events', '-A', '--field-selector', 'reason=nodeAssigned']);
    expect(r.code, r.stderr).toBe(0);
    const t = rows(r.stdout);
    expect(t).toHaveLength(2);
    expect(t[1]).toContain('announcing from node "k8s-node1" with protocol "layer2"');
  });

  it('the pods/log subresource (edgelens reads logs exactly this way) gives five Traefik JSON access-log lines', async () => {
    // `kubectl logs` would first GET the pod, which edgelens' role does not allow (it only lists pods).
    const r = await kubectl(['get', '--raw', '/api/v1/namespaces/traefik/pods/traefik-7d9c8b6f5-abcde/log?tailLines=5']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    const access = lines.filter((l) => l.startsWith('{"ClientAddr"'));
    expect(access.length).toBeGreaterThan(0);
    for (const l of access) expect(JSON.parse(l)).toHaveProperty('RouterName');
  });

  it('-o yaml output parses back into the same objects (a snapshot round-trip)', async () => {
    const r = await kubectl(['get', 'svc,endpointslices,nodes,servicel2statuses.metallb.io', '-A', '-o', 'yaml']);
    expect(r.code, r.stderr).toBe(0);
    const objs = parseKubeList(r.stdout, 'kubectl output');
    expect(objs.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(
      [
        'EndpointSlice/kubernetes',
        'EndpointSlice/traefik-x7k2p',
        'Node/k8s-node1',
        'Node/k8s-node2',
        'Node/k8s-node3',
        'Service/kubernetes',
        'Service/traefik',
        'ServiceL2Status/l2-5b7kq',
      ].sort(),
    );
  });

  it('works with the kubeconfig the lab prints', async () => {
    const file = join(home, 'lab-kubeconfig');
    writeFileSync(file, lab.kubeconfig());
    const r = await kubectl(['get', 'nodes', '-o', 'name'], { kubeconfig: file, server: false });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(['node/k8s-node1', 'node/k8s-node2', 'node/k8s-node3']);
    const ctx = await kubectl(['config', 'current-context'], { kubeconfig: file, server: false });
    expect(ctx.stdout.trim()).toBe('edgelens-lab');
  });

  it('reports a denied kind as Forbidden and a missing one as an unknown resource type', async () => {
    const denied = await kubectl(['get', 'ipaddresspools.metallb.io', '-A']);
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toContain('Error from server (Forbidden)');
    const missing = await kubectl(['get', 'bgppeers.metallb.io', '-A']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/doesn't have a resource type "bgppeers"/);
  });
});
