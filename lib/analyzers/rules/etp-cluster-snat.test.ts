import { describe, expect, it } from 'vitest';
import { loadFixtures, runRule, subjectNames } from '../__fixtures__/load';
import { rule } from './etp-cluster-snat';

describe('etp-cluster-snat', () => {
  const findings = runRule(rule, loadFixtures('cluster-base.yaml', 'http.yaml'));
  const names = findings.map((f) => subjectNames(f).join());

  it('warns for HTTP(S) LoadBalancers with ETP=Cluster: Traefik, ingress-nginx, Caddy', () => {
    expect(names).toEqual(['Service traefik/traefik', 'Service ingress-nginx/ingress-nginx-controller', 'Service edge/caddy']);
    const traefik = findings[0];
    expect(traefik?.message).toContain('(TCP/80, TCP/443) on 10.0.30.10 with externalTrafficPolicy=Cluster');
    expect(traefik?.message).toContain('2 ready endpoints on k8s-node1, k8s-node2');
    expect(traefik?.fix).toContain(`kubectl -n traefik patch svc traefik -p '{"spec":{"externalTrafficPolicy":"Local"}}'`);
    expect(traefik?.fix).toContain('managed by Helm (release traefik)');
  });

  it('does not warn for non-HTTP Cluster LoadBalancers (WireGuard UDP, PostgreSQL) or ETP=Local ones', () => {
    for (const n of ['vpn/wireguard', 'db/postgres', 'edge/traefik-internal', 'edge/h3-app', 'edge/plain-tls']) {
      expect(names).not.toContain(`Service ${n}`);
    }
  });

  it('tells a Service on a shared IP to move before flipping ETP', () => {
    const shared = runRule(rule, loadFixtures('cluster-base.yaml', 'shared-ip.yaml'));
    const ha = shared.find((f) => f.subjects[0]?.name === 'homeassistant');
    expect(ha?.fix).toContain('Move it to its own IP first');
    expect(ha?.fix).toContain('metallb.io/allow-shared-ip-');
  });
});
