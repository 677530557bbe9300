import { describe, expect, it } from 'vitest';
import { loadFixtures } from './__fixtures__/load';
import { buildInventory, metallbAnnotation, poolOfService, requestedIps, serviceEvents, sharingKey, trafficPolicy } from './inventory';

describe('buildInventory', () => {
  const inv = buildInventory(loadFixtures('inventory.yaml'));

  it('turns an object that fails its schema into an invalid gap instead of throwing', () => {
    expect(inv.services.has('apps/broken')).toBe(false);
    expect(inv.gaps).toEqual([
      { kind: 'Service', reason: 'invalid', detail: expect.stringMatching(/^Service apps\/broken: spec\.ports\.0\.port: /) },
    ]);
  });

  it('does not mistake a Knative Service for a core Service, but keeps it for the IP search', () => {
    expect([...inv.services.keys()]).toEqual(['apps/both-prefixes', 'apps/old-style']);
    expect(inv.others.map((o) => `${o.apiVersion} ${o.kind}`)).toEqual(['serving.knative.dev/v1 Service']);
  });

  it('indexes events by the object they are about', () => {
    const svc = inv.services.get('apps/old-style')?.view;
    expect(svc && serviceEvents(inv, svc).map((e) => e.reason)).toEqual(['deprecatedAnnotation']);
  });
});

describe('MetalLB annotation helpers', () => {
  const inv = buildInventory(loadFixtures('inventory.yaml'));
  const both = inv.services.get('apps/both-prefixes')?.view;
  const old = inv.services.get('apps/old-style')?.view;
  if (!both || !old) throw new Error('fixture services missing');

  it('prefers metallb.io/ over metallb.universe.tf/ when both are set', () => {
    expect(sharingKey(both)).toBe('current-key');
    expect(requestedIps(both)).toEqual(['10.0.30.12', '10.0.30.13']);
    expect(metallbAnnotation(both.metadata, 'allow-shared-ip')).toEqual({ key: 'metallb.io/allow-shared-ip', value: 'current-key' });
  });

  it('falls back to the legacy prefix and to spec.loadBalancerIP', () => {
    expect(sharingKey(old)).toBe('legacy-only');
    expect(requestedIps(old)).toEqual(['10.0.30.14']);
    expect(poolOfService(both)).toBe('lan');
  });

  it('defaults externalTrafficPolicy to Cluster like the API server', () => {
    expect(trafficPolicy(old)).toBe('Cluster');
    expect(trafficPolicy(both)).toBe('Local');
  });
});
