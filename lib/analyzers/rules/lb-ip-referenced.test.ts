import { describe, expect, it } from 'vitest';
import { loadFixtures, runRule, subjectNames } from '../__fixtures__/load';
import { rule } from './lb-ip-referenced';

describe('lb-ip-referenced', () => {
  const findings = runRule(rule, loadFixtures('cluster-base.yaml', 'references.yaml'));
  const web = findings.find((f) => f.ip === '10.0.30.10');

  it('lists each object holding 10.0.30.10 once, with where it appears', () => {
    expect(web && subjectNames(web)).toEqual(['ConfigMap apps/tunnel', 'Deployment apps/client', 'Ingress apps/web', 'Service apps/web-internal']);
    expect(web?.evidence).toEqual([
      'ConfigMap apps/tunnel: data[config.yaml] line 4: service: https://10.0.30.10:443',
      'Deployment apps/client: spec.template.spec.containers[client].args[1]: app.example.org:443:10.0.30.10',
      'Deployment apps/client: spec.template.spec.containers[client].env[UPSTREAM].value: https://10.0.30.10:443',
      'Deployment apps/client: spec.template.spec.hostAliases[0].ip: 10.0.30.10',
      'Ingress apps/web: metadata.annotations[external-dns.alpha.kubernetes.io/target]: 10.0.30.10',
      'Service apps/web-internal: metadata.annotations[external-dns.alpha.kubernetes.io/target]: 10.0.30.10',
    ]);
    expect(web?.fix).toContain('ConfigMap apps/tunnel → web.apps.svc.cluster.local:443');
  });

  it('finds the second LB IP in the same pass (env RESOLVER)', () => {
    const dns = findings.find((f) => f.ip === '10.0.30.11');
    expect(dns && subjectNames(dns)).toEqual(['Deployment apps/client']);
  });

  it('matches whole addresses only: 10.0.30.100, 110.0.30.10 and 10.0.30.10.5 are not 10.0.30.10', () => {
    expect(findings.flatMap(subjectNames)).not.toContain('ConfigMap apps/decoys');
  });

  it('ignores the Services on the IP, Ingress status and Events', () => {
    expect(web?.evidence.join('\n')).not.toMatch(/status|Event|Service apps\/web:/);
  });
});
