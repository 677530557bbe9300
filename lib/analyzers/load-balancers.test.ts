import { describe, expect, it } from 'vitest';
import { loadFixtures } from './__fixtures__/load';
import { buildInventory } from './inventory';
import { analyzeLoadBalancers, isReady } from './load-balancers';

describe('analyzeLoadBalancers', () => {
  const { loadBalancers } = analyzeLoadBalancers(buildInventory(loadFixtures('cluster-base.yaml', 'load-balancers.yaml')));
  const byIp = new Map(loadBalancers.map((lb) => [lb.ip, lb]));

  it('groups Services by IP and sorts IPs numerically, not as text', () => {
    expect(loadBalancers.map((lb) => lb.ip)).toEqual(['10.0.30.9', '10.0.30.20', '10.0.30.100']);
  });

  it('lists a Service that only asks for an IP as requested, next to the one that has it', () => {
    expect(byIp.get('10.0.30.9')?.services.map((s) => [s.name, s.state])).toEqual([
      ['asking', 'requested'],
      ['nine', 'assigned'],
    ]);
  });

  it('takes the announcer from ServiceL2Status before any event', () => {
    expect(byIp.get('10.0.30.9')?.announcer).toEqual({ node: 'k8s-node1', source: 'ServiceL2Status' });
  });

  it('otherwise uses the newest layer2 nodeAssigned event (eventTime counts; bgp is ignored)', () => {
    expect(byIp.get('10.0.30.20')?.announcer).toEqual({ node: 'k8s-node3', source: 'event' });
    expect(byIp.get('10.0.30.100')?.announcer).toBeNull();
  });

  it('counts each ready pod once across IPv4 and IPv6 slices and skips not-ready ones', () => {
    const twenty = byIp.get('10.0.30.20')?.services[0];
    expect(twenty).toMatchObject({ name: 'twenty', externalTrafficPolicy: 'Local', readyEndpoints: 2, endpointNodes: ['k8s-node1', 'k8s-node3'], ports: ['TCP/443'] });
  });

  it('finds the pool from the annotation or, failing that, from the pool ranges', () => {
    expect(byIp.get('10.0.30.20')?.pool).toBe('lan');
    expect(byIp.get('10.0.30.100')?.pool).toBeNull();
  });
});

describe('isReady', () => {
  it('reads a missing ready condition as ready (EndpointSlice API) and terminating as not ready', () => {
    expect(isReady(undefined)).toBe(true);
    expect(isReady({ ready: null })).toBe(true);
    expect(isReady({ ready: false })).toBe(false);
    expect(isReady({ ready: true, terminating: true })).toBe(false);
  });
});
