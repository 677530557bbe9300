import { describe, expect, it } from 'vitest';
import { loadFixtures, runRule, subjectNames } from '../__fixtures__/load';
import { rule } from './quic-udp-port-missing';

describe('quic-udp-port-missing', () => {
  const findings = runRule(rule, loadFixtures('cluster-base.yaml', 'http.yaml'));
  const byIp = new Map(findings.map((f) => [f.ip, f]));

  it('finds Traefik pods started with --entrypoints.websecure.http3 behind a Service without UDP', () => {
    const f = byIp.get('10.0.30.15');
    expect(f && subjectNames(f)).toEqual([
      'Service edge/traefik-internal',
      'Pod edge/traefik-internal-6d5c8b9f7-r5t7y',
      'Pod edge/traefik-internal-6d5c8b9f7-u9i1o',
    ]);
    expect(f?.message).toContain('exposes TCP/443 → 8443 on 10.0.30.15 but no UDP port');
    expect(f?.fix).toContain('"port":443,"protocol":"UDP","targetPort":8443');
  });

  it('finds a Deployment declaring a UDP port named http3', () => {
    const f = byIp.get('10.0.30.16');
    expect(f && subjectNames(f)).toEqual(['Service edge/h3-app', 'Deployment edge/h3-app']);
    expect(f?.evidence).toContain('Deployment edge/h3-app: container server port http3 4433/UDP');
  });

  it('accepts Traefik whose Service has UDP/443 and apps without HTTP/3', () => {
    expect([...byIp.keys()].sort()).toEqual(['10.0.30.15', '10.0.30.16']);
  });
});
