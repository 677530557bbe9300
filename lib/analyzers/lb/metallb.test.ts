// MetalLB details on upstream shapes: L2Advertisement serviceSelectors with a
// shared IP, L2Advertisement interfaces, and ipMode carried into the LB model.
import { describe, expect, it } from 'vitest';
import { loadFixtures, NOW, subjectNames } from '../__fixtures__/load';
import { analyzeCluster } from '../analyze-cluster';

describe('MetalLB L2Advertisement serviceSelectors and interfaces', () => {
  const r = analyzeCluster(loadFixtures('cluster-base.yaml', 'lb/metallb-l2adv.yaml'), { now: NOW });

  it('l2-advertisement-shared-ip-selector: a shared-IP Service matched by serviceSelectors is not announced', () => {
    const f = r.findings.filter((x) => x.rule === 'l2-advertisement-shared-ip-selector');
    expect(f.map((x) => subjectNames(x))).toEqual([['Service apps/shared-a', 'L2Advertisement metallb-system/lan-selected']]);
    expect(f[0]?.message).toContain('sharedIPWithServiceSelector');
    expect(f[0]?.evidence).toContain('L2Advertisement metallb-system/lan-selected: pools lan; serviceSelectors expose=lan');
  });

  it('stays quiet for a shared Service no selector matches, and for a selected Service that does not share', () => {
    const names = r.findings.filter((x) => x.rule === 'l2-advertisement-shared-ip-selector').flatMap(subjectNames);
    expect(names).not.toContain('Service apps/shared-b');
    expect(names).not.toContain('Service apps/single');
  });

  it('l2-advertisement-interface-missing: the elected node lacks the advertised interface (announceFailed)', () => {
    const f = r.findings.filter((x) => x.rule === 'l2-advertisement-interface-missing');
    expect(f.map((x) => subjectNames(x))).toEqual([['Service apps/single', 'Node k8s-node3', 'L2Advertisement metallb-system/lan-selected']]);
    expect(f[0]?.message).toContain('(enp3s0)');
    expect(f[0]?.evidence).toContain('L2Advertisement metallb-system/lan-selected: interfaces enp3s0');
  });
});

describe('ipMode', () => {
  it('is carried per Service from status.loadBalancer.ingress[].ipMode; unset (MetalLB never sets it) is null', () => {
    const snap = loadFixtures('cluster-base.yaml', 'lb/metallb-l2adv.yaml');
    const objects = snap.objects.map((o) =>
      o.kind === 'Service' && o.metadata.name === 'single' ? { ...o, status: { loadBalancer: { ingress: [{ ip: '10.0.30.16', ipMode: 'Proxy' }] } } } : o,
    );
    const r = analyzeCluster({ ...snap, objects }, { now: NOW });
    const byName = new Map(r.loadBalancers.flatMap((lb) => lb.services.map((s) => [s.name, s.ipMode] as const)));
    expect(byName.get('single')).toBe('Proxy');
    expect(byName.get('shared-a')).toBeNull();
  });
});
