import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLabServer } from '../../lab/server';
import { FIXTURES } from '../../lab/test-utils';
import { hasKubeConfig, labKubeConfig, loadKubeConfig } from './kubeconfig';
import { readCluster } from './read-cluster';

function kubeconfig(contexts: { name: string; server: string }[], current?: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    ...contexts.flatMap((c) => [`- name: ${c.name}`, '  cluster:', `    server: ${c.server}`]),
    'users:',
    ...contexts.flatMap((c) => [`- name: ${c.name}`, '  user:', '    token: dummy']),
    'contexts:',
    ...contexts.flatMap((c) => [`- name: ${c.name}`, '  context:', `    cluster: ${c.name}`, `    user: ${c.name}`]),
    ...(current ? [`current-context: ${current}`] : []),
  ].join('\n');
}

describe('loadKubeConfig', () => {
  const saved = { HOME: process.env.HOME, KUBECONFIG: process.env.KUBECONFIG, KUBERNETES_SERVICE_HOST: process.env.KUBERNETES_SERVICE_HOST, KUBERNETES_SERVICE_PORT: process.env.KUBERNETES_SERVICE_PORT };
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'edgelens-kubeconfig-'));
    process.env.HOME = join(dir, 'home');
    mkdirSync(process.env.HOME);
    delete process.env.KUBECONFIG;
    delete process.env.KUBERNETES_SERVICE_HOST;
    delete process.env.KUBERNETES_SERVICE_PORT;
  });
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('throws a clear error when no cluster is configured, and hasKubeConfig says no', () => {
    expect(hasKubeConfig()).toBe(false);
    expect(() => loadKubeConfig({})).toThrow(/no Kubernetes cluster configured/);
  });

  it('reads an explicit path and switches context', () => {
    const file = join(dir, 'cfg');
    writeFileSync(file, kubeconfig([{ name: 'a', server: 'https://192.0.2.1:6443' }, { name: 'b', server: 'https://192.0.2.2:6443' }], 'a'));
    expect(loadKubeConfig({ kubeconfigPath: file }).getCurrentCluster()?.server).toBe('https://192.0.2.1:6443');
    expect(loadKubeConfig({ kubeconfigPath: file, context: 'b' }).getCurrentCluster()?.server).toBe('https://192.0.2.2:6443');
    expect(() => loadKubeConfig({ kubeconfigPath: file, context: 'c' })).toThrow('context "c" not found in ' + file + ' (known: a, b)');
    expect(() => loadKubeConfig({ kubeconfigPath: join(dir, 'missing') })).toThrow(/kubeconfig not found/);
  });

  it('requires a current context', () => {
    const file = join(dir, 'cfg');
    writeFileSync(file, kubeconfig([{ name: 'a', server: 'https://192.0.2.1:6443' }]));
    expect(() => loadKubeConfig({ kubeconfigPath: file })).toThrow(/no usable current context.*--context/);
    expect(loadKubeConfig({ kubeconfigPath: file, context: 'a' }).getCurrentContext()).toBe('a');
  });

  it('keeps the parse error as cause for a broken file', () => {
    const file = join(dir, 'cfg');
    writeFileSync(file, 'clusters: [\n');
    let err: unknown;
    try {
      loadKubeConfig({ kubeconfigPath: file });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain(`cannot read kubeconfig ${file}`);
    expect((err as Error).cause).toBeDefined();
  });

  it('merges the KUBECONFIG list, skipping missing files, first definition wins', () => {
    const one = join(dir, 'one');
    const two = join(dir, 'two');
    writeFileSync(one, kubeconfig([{ name: 'a', server: 'https://192.0.2.1:6443' }]));
    writeFileSync(two, kubeconfig([{ name: 'a', server: 'https://192.0.2.9:6443' }, { name: 'b', server: 'https://192.0.2.2:6443' }], 'b'));
    process.env.KUBECONFIG = [join(dir, 'missing'), one, two].join(':');
    expect(hasKubeConfig()).toBe(true);
    const kc = loadKubeConfig({});
    expect(kc.getCurrentContext()).toBe('b');
    expect(kc.getCluster('a')?.server).toBe('https://192.0.2.1:6443');
    process.env.KUBECONFIG = join(dir, 'missing');
    expect(hasKubeConfig()).toBe(false);
    expect(() => loadKubeConfig({})).toThrow(/KUBECONFIG is set but none of its files exist/);
  });

  it('falls back to ~/.kube/config, then in-cluster', () => {
    const home = process.env.HOME ?? '';
    mkdirSync(join(home, '.kube'));
    writeFileSync(join(home, '.kube', 'config'), kubeconfig([{ name: 'home', server: 'https://192.0.2.3:6443' }], 'home'));
    expect(hasKubeConfig()).toBe(true);
    expect(loadKubeConfig({}).getCurrentContext()).toBe('home');
    rmSync(join(home, '.kube'), { recursive: true });

    process.env.KUBERNETES_SERVICE_HOST = '192.0.2.10';
    process.env.KUBERNETES_SERVICE_PORT = '443';
    expect(hasKubeConfig()).toBe(true);
    expect(loadKubeConfig({}).getCurrentCluster()?.server).toBe('https://192.0.2.10:443');
  });

  it("the lab's printed kubeconfig and labKubeConfig both read the lab through client-node", async () => {
    const lab = await startLabServer({ scenario: 'mini-before', scenarioDir: FIXTURES });
    try {
      const file = join(dir, 'lab');
      writeFileSync(file, lab.kubeconfig());
      const fromFile = await readCluster(loadKubeConfig({ kubeconfigPath: file }), { kinds: ['Node'] });
      expect(fromFile.gaps).toEqual([]);
      expect(fromFile.objects.map((o) => o.metadata.name)).toEqual(['k8s-node1', 'k8s-node2', 'k8s-node3']);
      const kc = labKubeConfig(lab.url);
      expect(kc.getCurrentContext()).toBe('edgelens-lab');
      expect((await readCluster(kc, { kinds: ['Node'] })).objects).toHaveLength(3);
    } finally {
      await lab.close();
    }
  });
});
