import { describe, expect, it } from 'vitest';
import { loadBalancerSchema } from '@/lib/model';
import { layoutAnnouncer } from './announcer-layout';

const nodes = ['k8s-node1', 'k8s-node2', 'k8s-node3', 'k8s-node4', 'k8s-node5'];
const svc = (name: string, etp: 'Local' | 'Cluster', endpointNodes: string[]) => ({
  namespace: 'apps',
  name,
  externalTrafficPolicy: etp,
  sharingKey: null,
  ports: ['TCP/443'],
  readyEndpoints: endpointNodes.length,
  endpointNodes,
});

describe('layoutAnnouncer', () => {
  it('flags an ETP=Local service whose endpoints are all on other nodes than the announcer', () => {
    const lb = loadBalancerSchema.parse({
      ip: '10.0.20.201',
      announcer: { node: 'k8s-node3', source: 'ServiceL2Status' },
      services: [svc('immich', 'Local', ['k8s-node4'])],
    });
    const l = layoutAnnouncer(lb, nodes);
    expect(l.announcer.hasEndpoint).toBe(false);
    expect(l.announcer.strandedLocal).toEqual(['apps/immich']);
    expect(l.description).toContain('k8s-node3 has no local endpoint for ETP=Local service apps/immich: that traffic is dropped.');
    // The endpoint is there, but the announcer will not forward to it.
    expect(l.edges).toEqual([expect.objectContaining({ node: 'k8s-node4', kind: 'blocked' })]);
  });

  it('draws every cluster node once, with one arrow per endpoint node other than the announcer', () => {
    const lb = loadBalancerSchema.parse({
      ip: '10.0.20.200',
      announcer: { node: 'k8s-node3', source: 'event' },
      services: [svc('a', 'Cluster', ['k8s-node3', 'k8s-node4']), svc('b', 'Cluster', ['k8s-node5'])],
    });
    const l = layoutAnnouncer(lb, nodes);
    expect(l.nodes.map((n) => n.name)).toEqual(['k8s-node1', 'k8s-node2', 'k8s-node4', 'k8s-node5']);
    expect(l.edges.map((e) => [e.node, e.kind])).toEqual([
      ['k8s-node4', 'forward'],
      ['k8s-node5', 'forward'],
    ]);
    expect(l.announcer.hasEndpoint).toBe(true);
    expect(l.announcer.strandedLocal).toEqual([]);
    // Boxes stay inside the picture.
    for (const b of [...l.nodes, l.announcer, l.vip]) {
      expect(b.x + b.w).toBeLessThanOrEqual(l.width);
      expect(b.y + b.h).toBeLessThanOrEqual(l.height);
    }
  });

  it('draws no arrows for an ETP=Local service the announcer serves itself', () => {
    const lb = loadBalancerSchema.parse({
      ip: '10.0.20.203',
      announcer: { node: 'k8s-node4', source: 'ServiceL2Status' },
      services: [svc('traefik', 'Local', ['k8s-node2', 'k8s-node4', 'k8s-node5'])],
    });
    const l = layoutAnnouncer(lb, nodes);
    expect(l.announcer.hasEndpoint).toBe(true);
    expect(l.edges).toEqual([]);
    expect(l.nodes.filter((n) => n.endpoint).map((n) => n.name)).toEqual(['k8s-node2', 'k8s-node5']);
  });

  it('still draws nodes a service names when the report has no node list', () => {
    const lb = loadBalancerSchema.parse({ ip: '10.0.20.202', announcer: null, services: [svc('a', 'Local', ['k8s-node2'])] });
    const l = layoutAnnouncer(lb, []);
    expect(l.nodes.map((n) => n.name)).toEqual(['k8s-node2']);
    expect(l.edges).toEqual([]);
    expect(l.description).toContain('The node announcing 10.0.20.202 is unknown.');
  });
});
