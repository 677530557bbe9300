import { describe, expect, it } from 'vitest';
import { loadFixtures, runRule, subjectNames } from '../__fixtures__/load';
import { rule } from './etp-local-single-endpoint';

describe('etp-local-single-endpoint', () => {
  const findings = runRule(rule, loadFixtures('cluster-base.yaml', 'announcer.yaml'));

  it('warns for the ETP=Local mailserver with one ready pod, and says how to scale its Deployment', () => {
    expect(findings.map((f) => subjectNames(f).join())).toEqual(['Service mail/mailserver']);
    expect(findings[0]?.message).toContain('has 1 ready endpoint (mailserver-6f8d9c7b5-q4w6e on k8s-node1)');
    expect(findings[0]?.fix).toContain('kubectl -n mail scale deployment/mailserver --replicas=2');
  });

  it('does not warn for ETP=Local with two endpoints or for ETP=Cluster with one', () => {
    const ips = findings.map((f) => f.ip);
    expect(ips).not.toContain('10.0.30.18');
    expect(ips).not.toContain('10.0.30.20');
  });
});
