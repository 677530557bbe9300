import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CORE_SCHEMA, load } from 'js-yaml';

const parse = (text: string): unknown => load(text, { schema: CORE_SCHEMA });
import { kubeObjectSchema, type ClusterSnapshot } from '../model';
import { backendsFromCluster, generateFromCluster } from './from-cluster';
import { HaproxyInputError } from './validate';
import { haproxyCheck } from '../../lab/haproxy-bin';

function loadSnapshot(file: string): ClusterSnapshot {
  const list = parse(readFileSync(new URL(`./__fixtures__/${file}`, import.meta.url), 'utf8')) as { items: unknown[] };
  return { source: 'snapshot', objects: list.items.map((i) => kubeObjectSchema.parse(i)), gaps: [] };
}

const SNAP = loadSnapshot('traefik-cluster.yaml');
const TRAEFIK = { namespace: 'traefik', name: 'traefik' };
const META = { generatedBy: 'edgelens test', source: 'snapshot traefik-cluster.yaml' };

function errorOf(fn: () => unknown): HaproxyInputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof HaproxyInputError) return e;
    throw e;
  }
  throw new Error('expected a HaproxyInputError');
}

describe('backends from a cluster snapshot', () => {
  it('pod mode: ready endpoint addresses × the slice port behind Service port 443 (named targetPort), skipping the terminating pod', () => {
    const r = backendsFromCluster(SNAP, { ...TRAEFIK, mode: 'pod' });
    expect(r.backends).toEqual([
      { name: 'traefik-5d8c6b7f4-q2wzt', address: '10.42.2.17', port: 8443 },
      { name: 'traefik-5d8c6b7f4-h7m2x', address: '10.42.1.9', port: 8443 },
      { name: 'traefik-5d8c6b7f4-q2wzt-v6', address: 'fd00:42:2::11', port: 8443 },
    ]);
    expect(r.httpBackends).toBeUndefined();
  });

  it('pod mode with httpPort 80 also resolves the web port (8000)', () => {
    const r = backendsFromCluster(SNAP, { ...TRAEFIK, mode: 'pod', httpPort: 80 });
    expect(r.httpBackends?.map((b) => `${b.address}:${b.port}`)).toEqual(['10.42.2.17:8000', '10.42.1.9:8000', 'fd00:42:2::11:8000']);
  });

  it('nodeport mode: every node InternalIP × the nodePort of 443, with the ETP=Cluster warning', () => {
    const r = backendsFromCluster(SNAP, { ...TRAEFIK, mode: 'nodeport' });
    expect(r.backends).toEqual([
      { name: 'k8s-node3', address: '10.0.20.103', port: 30443 },
      { name: 'k8s-node4', address: '10.0.20.104', port: 30443 },
      { name: 'k8s-node5', address: '10.0.20.105', port: 30443 },
    ]);
    expect(r.warnings.join('\n')).toMatch(/externalTrafficPolicy: Cluster.*SNAT.*set externalTrafficPolicy: Local/);
  });

  it('explains a missing service', () => {
    const e = errorOf(() => backendsFromCluster(SNAP, { namespace: 'traefik', name: 'nope', mode: 'pod' }));
    expect(e.message).toContain('"traefik/nope" is not a Service in the snapshot');
  });

  it('explains a service without ready endpoints', () => {
    const e = errorOf(() => backendsFromCluster(SNAP, { namespace: 'default', name: 'whoami', mode: 'pod' }));
    expect(e.message).toContain('has no ready endpoints (1 EndpointSlice(s), 1 address(es), none ready on port 443)');
  });

  it('explains a service without a NodePort', () => {
    const e = errorOf(() => backendsFromCluster(SNAP, { namespace: 'default', name: 'whoami', mode: 'nodeport' }));
    expect(e.message).toContain('port 443 has no nodePort (type ClusterIP)');
  });

  it('explains a service without port 443', () => {
    const e = errorOf(() => backendsFromCluster(SNAP, { ...TRAEFIK, mode: 'pod', httpsPort: 8443 }));
    expect(e.message).toContain('has no TCP port 8443 (ports: TCP/80, TCP/443, UDP/443)');
  });

  it('generates a config HAProxy accepts, naming the service in the header and carrying the cluster warnings', () => {
    const out = generateFromCluster(SNAP, TRAEFIK, { mode: 'nodeport', httpPort: 80, egress: '10.0.20.5' }, META);
    expect(out.haproxyCfg).toContain('# Backends: Service traefik/traefik (node IP:NodePort).');
    expect(out.haproxyCfg).toContain('server k8s-node3 10.0.20.103:30443 check');
    expect(out.haproxyCfg).toContain('server k8s-node3 10.0.20.103:30080 check');
    expect(out.trustedIPs).toEqual(['10.0.20.5']);
    expect(out.warnings[0]).toMatch(/externalTrafficPolicy: Cluster/);
    const [check] = haproxyCheck([out.haproxyCfg]);
    expect(check?.output).toContain('Configuration file is valid');
    expect(check?.status).toBe(0);
  });

  it('rejects a service name that could inject configuration before looking it up', () => {
    const e = errorOf(() => generateFromCluster(SNAP, { namespace: 'traefik', name: 'traefik\nlisten x' }, { mode: 'pod' }, META));
    expect(e.message).toContain('source.name: "traefik\\nlisten x" contains a newline');
  });
});
