// Every Kustomize entry point (the base, each overlay, the base with each component) renders
// with real `kubectl kustomize`, and every object it yields validates against the Kubernetes
// schemas of kubernetes-models (the CRD kinds against their own models). Beyond the schemas
// (which accept unknown fields), the security-relevant settings are asserted by name, so a
// typo there fails too.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { loadAll } from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { parseClusterRole } from '../../lab/rbac';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const KUSTOMIZE = join(ROOT, 'deploy', 'kustomize');

interface Obj {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  [k: string]: unknown;
}

/** The model class for an apiVersion/kind; CRDs come from their @kubernetes-models package. */
async function modelFor(apiVersion: string, kind: string): Promise<new (data: unknown) => { validate(): void }> {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const CRD_PACKAGES: Record<string, string> = { 'monitoring.coreos.com': '@kubernetes-models/prometheus-operator' };
  const pkg = group !== undefined && CRD_PACKAGES[group] ? CRD_PACKAGES[group] : 'kubernetes-models';
  const path = `${pkg}/${group ? `${group}/` : ''}${version}/${kind}`;
  const mod = (await import(path)) as Record<string, unknown>;
  const Model = mod[kind];
  if (typeof Model !== 'function') throw new Error(`no schema model for ${apiVersion} ${kind} (${path})`);
  return Model as new (data: unknown) => { validate(): void };
}

const scratch: string[] = [];
afterAll(() => {
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
});

/** Entry points: base, overlays/*, and base + each components/* (rendered through a scratch kustomization). */
function entryPoints(): Array<{ name: string; dir: string }> {
  const out = [{ name: 'base', dir: join(KUSTOMIZE, 'base') }];
  for (const sub of ['overlays', 'components']) {
    const parent = join(KUSTOMIZE, sub);
    if (!existsSync(parent)) continue;
    for (const d of readdirSync(parent, { withFileTypes: true })) {
      if (!d.isDirectory() || !existsSync(join(parent, d.name, 'kustomization.yaml'))) continue;
      if (sub === 'overlays') {
        out.push({ name: `overlays/${d.name}`, dir: join(parent, d.name) });
        continue;
      }
      const tmp = mkdtempSync(join(tmpdir(), 'edgelens-kustomize-'));
      scratch.push(tmp);
      writeFileSync(
        join(tmp, 'kustomization.yaml'),
        `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [${relative(tmp, join(KUSTOMIZE, 'base'))}]\ncomponents: [${relative(tmp, join(parent, d.name))}]\n`,
      );
      out.push({ name: `base + components/${d.name}`, dir: tmp });
    }
  }
  return out;
}

async function render(dir: string): Promise<Obj[]> {
  const { stdout } = await run('kubectl', ['kustomize', '--load-restrictor', 'LoadRestrictionsNone', dir], { maxBuffer: 16 * 1024 * 1024 });
  return loadAll(stdout).filter((o): o is Obj => typeof o === 'object' && o !== null);
}

describe('deploy/kustomize', () => {
  const points = entryPoints();

  it('has the base and the servicemonitor component', () => {
    expect(points.map((p) => p.name)).toEqual(expect.arrayContaining(['base', 'base + components/servicemonitor']));
  });

  for (const point of points) {
    it(`${point.name}: renders, and every object validates against its schema`, async () => {
      const objs = await render(point.dir);
      expect(objs.length).toBeGreaterThan(0);
      for (const o of objs) {
        const Model = await modelFor(o.apiVersion, o.kind);
        expect(() => new Model(o).validate(), `${o.kind}/${o.metadata.name}`).not.toThrow();
      }
    });
  }

  it('base: non-root, read-only root filesystem, no capabilities, probes on /api/v1/health, secrets referenced', async () => {
    const objs = await render(join(KUSTOMIZE, 'base'));
    const kinds = objs.map((o) => o.kind).sort();
    expect(kinds).toEqual(['ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'Deployment', 'Namespace', 'NetworkPolicy', 'Service', 'ServiceAccount']);
    const dep = objs.find((o) => o.kind === 'Deployment') as unknown as {
      spec: { template: { spec: { serviceAccountName: string; securityContext: Record<string, unknown>; containers: Array<Record<string, unknown>>; volumes: Array<{ secret?: { secretName: string } }> } } };
    };
    const pod = dep.spec.template.spec;
    expect(pod.serviceAccountName).toBe('edgelens');
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    const [c] = pod.containers;
    expect(c?.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(c?.readinessProbe).toMatchObject({ httpGet: { path: '/api/v1/health' } });
    expect(c?.livenessProbe).toMatchObject({ httpGet: { path: '/api/v1/health' } });
    expect(c?.resources).toMatchObject({ requests: { cpu: expect.any(String), memory: expect.any(String) }, limits: { memory: expect.any(String) } });
    expect(pod.volumes.flatMap((v) => (v.secret ? [v.secret.secretName] : [])).sort()).toEqual(['edgelens-auth', 'edgelens-crowdsec']);
    const env = (c?.env as Array<{ name: string; value?: string }>).map((e) => e.name);
    expect(env).toEqual(expect.arrayContaining(['EDGELENS_AUTH_TOKEN_FILE', 'EDGELENS_CROWDSEC_KEY_FILE', 'EDGELENS_HOST']));
    // Secret values never sit in a manifest.
    expect(objs.some((o) => o.kind === 'Secret')).toBe(false);
    const svc = objs.find((o) => o.kind === 'Service') as unknown as { spec: { type: string } };
    expect(svc.spec.type).toBe('ClusterIP');
  });

  it('the rendered ClusterRole is exactly clusterrole.yaml, the file the lab enforces', async () => {
    const objs = await render(join(KUSTOMIZE, 'base'));
    const role = objs.find((o) => o.kind === 'ClusterRole') as unknown as { rules: unknown };
    const file = parseClusterRole(readFileSync(join(KUSTOMIZE, 'base', 'clusterrole.yaml'), 'utf8'));
    expect(role.rules).toEqual(file);
  });
});
