import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseSnapshot } from '../snapshot/parse';
import { addressContextFromObjects, mergeAddressContexts } from './address-context';

const scenario = (name: string) => readFileSync(fileURLToPath(new URL(`../../lab/scenarios/${name}.yaml`, import.meta.url)), 'utf8');

describe('addressContextFromObjects', () => {
  it('reads node addresses, pod ranges, pod IPs and LB VIPs from a kubectl snapshot', () => {
    const { objects } = parseSnapshot(scenario('homelab-before'));
    const ctx = addressContextFromObjects(objects);
    expect(ctx.nodeIPs).toEqual(expect.arrayContaining(['10.0.20.101', '10.0.20.103', '10.0.20.105']));
    expect(ctx.podCIDRs).toEqual(expect.arrayContaining(['10.244.1.0/24', '10.244.2.0/24']));
    expect(ctx.lbIPs).toContain('10.0.20.200');
    expect(ctx.podIPs).toContain('10.244.2.17');
    // Host-network pods carry the node's address: they must not make a node address look like a pod.
    for (const ip of ctx.nodeIPs) expect(ctx.podIPs).not.toContain(ip);
  });

  it('ignores objects it does not know and Services that are not LoadBalancers', () => {
    const ctx = addressContextFromObjects([
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'a' }, spec: { type: 'ClusterIP', clusterIP: '10.96.0.1' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' }, data: { ip: '10.0.0.9' } },
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, spec: { podCIDR: '10.42.0.0/24' }, status: { addresses: [{ type: 'Hostname', address: 'n' }] } },
    ]);
    expect(ctx).toEqual({ nodeIPs: [], podCIDRs: ['10.42.0.0/24'], lbIPs: [], podIPs: [], names: {} });
  });

  it('merges flag values on top without duplicates', () => {
    const merged = mergeAddressContexts({ nodeIPs: ['10.0.0.1'], podCIDRs: [], lbIPs: [] }, { nodeIPs: ['10.0.0.1', '10.0.0.2'], lbIPs: ['10.0.0.200'] });
    expect(merged).toEqual({ nodeIPs: ['10.0.0.1', '10.0.0.2'], podCIDRs: [], lbIPs: ['10.0.0.200'], podIPs: [] });
  });
});
