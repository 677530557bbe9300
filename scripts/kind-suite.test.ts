// What CI can check of the kind suite without Docker or network: the scripts pass shellcheck, the
// versions are pinned, every manifest it applies renders (kubectl kustomize, envsubst) and
// validates against the Kubernetes schemas (kubernetes-models), and the chart values files use
// only keys the pinned charts define (key lists taken from the charts' values.yaml at their tags).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CORE_SCHEMA, load, loadAll } from 'js-yaml';
import { DaemonSet, Deployment } from 'kubernetes-models/apps/v1';
import { Namespace, Service } from 'kubernetes-models/v1';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';

const home = fileURLToPath(new URL('..', import.meta.url));
const kind = join(home, 'e2e', 'kind');
const tmp = mkdtempSync(join(tmpdir(), 'edgelens-kind-render-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function tool(cmd: string, args: string[], cwd = home): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { code?: string; stdout?: string; stderr?: string };
    if (e.code === 'ENOENT') throw new Error(`${cmd} is not installed: bash scripts/install-system-deps.sh`, { cause: err });
    throw new Error(`${cmd} ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`, { cause: err });
  }
}

const VERSIONS = Object.fromEntries(
  readFileSync(join(kind, 'versions.env'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => l.split('=', 2) as [string, string]),
);

/** What run.sh's envsubst does, for the variables it exports; an unknown ${VAR} is an error. */
function envsubst(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\{([A-Z_]+)\}/g, (_m, name: string) => {
    const v = vars[name];
    if (v === undefined) throw new Error(`\${${name}} is not set by run.sh`);
    return v;
  });
}

const MODELS: Record<string, (o: unknown) => { validate(): void }> = {
  'apps/v1/Deployment': (o) => new Deployment(o as ConstructorParameters<typeof Deployment>[0]),
  'apps/v1/DaemonSet': (o) => new DaemonSet(o as ConstructorParameters<typeof DaemonSet>[0]),
  'v1/Service': (o) => new Service(o as ConstructorParameters<typeof Service>[0]),
  'v1/Namespace': (o) => new Namespace(o as ConstructorParameters<typeof Namespace>[0]),
  'networking.k8s.io/v1/Ingress': (o) => new Ingress(o as ConstructorParameters<typeof Ingress>[0]),
};

/** Parses a multi-document YAML and validates every object of a kind the schemas know. */
function validateAll(text: string): Array<{ apiVersion: string; kind: string; metadata: { name: string; namespace?: string } }> {
  // js-yaml throws on a malformed document, naming line and column.
  const objects = loadAll(text, null, { schema: CORE_SCHEMA })
    .filter((d) => d !== null && d !== undefined)
    .map((d) => d as { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } });
  for (const o of objects) {
    expect(o.apiVersion && o.kind && o.metadata?.name, JSON.stringify(o).slice(0, 200)).toBeTruthy();
    MODELS[`${o.apiVersion}/${o.kind}`]?.(o).validate();
  }
  return objects;
}

describe('the kind suite, as far as CI can check it', () => {
  it('shellcheck e2e/kind/*.sh is clean', () => {
    const scripts = readdirSync(kind).filter((f) => f.endsWith('.sh'));
    expect(scripts).toContain('run.sh');
    tool('shellcheck', scripts.map((s) => join('e2e', 'kind', s)));
  });

  it('every version is pinned (no latest, no empty value)', () => {
    expect(Object.keys(VERSIONS).sort()).toEqual(['CROWDSEC_CHART_VERSION', 'HAPROXY_IMAGE', 'KIND_NODE_IMAGE', 'METALLB_VERSION', 'TRAEFIK_CHART_VERSION', 'WHOAMI_IMAGE']);
    for (const [k, v] of Object.entries(VERSIONS)) {
      expect(v, k).toMatch(/\d+\.\d+/);
      expect(v, k).not.toMatch(/latest/);
    }
  });

  it('the envsubst manifests render and validate', () => {
    const vars = { POOL_FIRST: '172.18.255.200', POOL_LAST: '172.18.255.250', WHOAMI_IMAGE: VERSIONS.WHOAMI_IMAGE ?? '' };
    const pool = validateAll(envsubst(readFileSync(join(kind, 'manifests', 'metallb-pool.yaml'), 'utf8'), vars));
    expect(pool.map((o) => o.kind)).toEqual(['IPAddressPool', 'L2Advertisement']);
    const whoami = validateAll(envsubst(readFileSync(join(kind, 'manifests', 'whoami.yaml'), 'utf8'), vars));
    expect(whoami.map((o) => o.kind)).toEqual(['Namespace', 'Deployment', 'Service', 'Ingress']);
  });

  it('the agent component renders over a Deployment edgelens in namespace edgelens', () => {
    // A stand-in base with the shape the project's base has (deploy/kustomize/base).
    const base = join(tmp, 'base');
    const overlay = join(tmp, 'overlay');
    mkdirSync(base, { recursive: true });
    mkdirSync(overlay, { recursive: true });
    writeFileSync(join(base, 'kustomization.yaml'), 'resources: [deployment.yaml]\n');
    writeFileSync(
      join(base, 'deployment.yaml'),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: edgelens, namespace: edgelens}\nspec:\n  selector: {matchLabels: {app: edgelens}}\n  template:\n    metadata: {labels: {app: edgelens}}\n    spec:\n      containers:\n        - name: edgelens\n          image: ghcr.io/edgelens/edgelens:0.1.0\n          env: [{name: EDGELENS_MODE, value: kube}]\n',
    );
    const component = relative(overlay, join(home, 'deploy', 'kustomize', 'components', 'agent'));
    writeFileSync(join(overlay, 'kustomization.yaml'), `resources: [../base]\ncomponents: [${component}]\n`);
    const objects = validateAll(tool('kubectl', ['kustomize', overlay]));
    const ds = objects.find((o) => o.kind === 'DaemonSet') as unknown as DaemonSet;
    expect(ds.metadata?.namespace).toBe('edgelens');
    const pod = ds.spec?.template.spec;
    expect(pod?.hostNetwork).toBe(true);
    expect(pod?.dnsPolicy).toBe('Default');
    expect(pod?.automountServiceAccountToken).toBe(false);
    expect(pod?.containers[0]?.args?.slice(0, 3)).toEqual(['agent', '--server', 'http://$(EDGELENS_SERVICE_HOST):$(EDGELENS_SERVICE_PORT)']);
    const dep = objects.find((o) => o.kind === 'Deployment') as unknown as Deployment;
    const env = dep.spec?.template.spec?.containers[0]?.env?.map((e) => e.name);
    expect(env).toEqual(expect.arrayContaining(['EDGELENS_MODE', 'EDGELENS_AGENT_TOKEN_FILE']));
    expect(dep.spec?.template.spec?.volumes?.find((v) => v.name === 'agent-token')?.secret?.secretName).toBe('edgelens-agent-token');
  });

  const realBase = join(home, 'deploy', 'kustomize', 'base');
  it.skipIf(!existsSync(join(realBase, 'kustomization.yaml')))('the kind overlay renders with the project base (deploy/kustomize/base)', () => {
    const objects = validateAll(tool('kubectl', ['kustomize', join(kind, 'kustomize')]));
    const kinds = objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(kinds).toEqual(expect.arrayContaining(['Deployment/edgelens', 'DaemonSet/edgelens-agent']));
    const images = objects.flatMap((o) => ((o as unknown as Deployment).spec?.template?.spec?.containers ?? []).map((c) => c.image));
    expect(images.filter((i) => i?.startsWith('ghcr.io/edgelens/'))).toEqual([]);
  });

  describe.each([
    { file: 'traefik.yaml', keys: 'traefik-chart-41.3.0-keys.json', version: 'TRAEFIK_CHART_VERSION', pinned: '41.3.0', passThrough: ['service.spec'] },
    { file: 'crowdsec.yaml', keys: 'crowdsec-chart-0.24.0-keys.json', version: 'CROWDSEC_CHART_VERSION', pinned: '0.24.0', passThrough: [] },
  ])('values/$file', ({ file, keys, version, pinned, passThrough }) => {
    it('uses only keys the pinned chart defines', () => {
      expect(VERSIONS[version]).toBe(pinned); // the key list below belongs to this version
      const chart = JSON.parse(readFileSync(join(kind, '__fixtures__', keys), 'utf8')) as { open: string[]; paths: string[] };
      const known = new Set(chart.paths);
      // Maps the chart passes through as they are (traefik: "Additional entries here will be added to the Service spec").
      const open = new Set([...chart.open, ...passThrough]);
      const leaves: string[] = [];
      const walk = (v: unknown, p: string) => {
        if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0) {
          for (const [k, x] of Object.entries(v)) walk(x, p ? `${p}.${k}` : k);
        } else leaves.push(p);
      };
      walk(load(readFileSync(join(kind, 'values', file), 'utf8'), { schema: CORE_SCHEMA }), '');
      const unknown = leaves.filter((leaf) => {
        if (known.has(leaf)) return false;
        const parts = leaf.split('.');
        return !parts.some((_, i) => i > 0 && open.has(parts.slice(0, i).join('.')));
      });
      expect(unknown).toEqual([]);
    });
  });
});
