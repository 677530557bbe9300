import { describe, expect, it } from 'vitest';
import { agentSnapshotYaml } from '@/lab/agent-snapshot';
import { parseSnapshot } from '@/lib/snapshot/parse';
import { AgentStore, healthCheckedServices, MAX_AGENT_NODES, planTargets } from './agents';
import type { ProbeTargetSpec } from './probe-targets';

const spec = (over: Partial<ProbeTargetSpec>): ProbeTargetSpec => ({
  name: 'x',
  host: '198.51.100.200',
  port: 443,
  sni: null,
  path: null,
  kinds: ['tcp'],
  insecure: true,
  lb: null,
  source: 'config',
  probe: true,
  ...over,
});

describe('planTargets', () => {
  const targets = [
    spec({ name: 'app', host: 'app.example.org', lb: '198.51.100.200' }),
    spec({ name: 'lab-h3', host: '127.0.0.1', source: 'lab' }),
    spec({ name: 'lb-198-51-100-201', host: '198.51.100.201', source: 'discovered', probe: false }),
  ];
  it('hands agents the configured targets, never the lab’s loopback ones; discovered LB IPs only in a live cluster', () => {
    expect(planTargets(targets, 'lab').map((t) => [t.name, t.lbIp])).toEqual([['app', '198.51.100.200']]);
    expect(planTargets(targets, 'snapshot').map((t) => t.name)).toEqual(['app']);
    expect(planTargets(targets, 'kube').map((t) => [t.name, t.lbIp])).toEqual([
      ['app', '198.51.100.200'],
      ['lb-198-51-100-201', '198.51.100.201'],
    ]);
  });
});

describe('healthCheckedServices', () => {
  it('lists ETP=Local LoadBalancer Services with their healthCheckNodePort and LB IP', () => {
    const snapshot = parseSnapshot(agentSnapshotYaml({ nodes: [{ name: 'n1', ip: '192.0.2.1' }], vip: '198.51.100.200', announcer: 'n1', endpointNode: 'n1', healthCheckNodePort: 31000 }));
    expect(healthCheckedServices(snapshot)).toEqual([{ namespace: 'web', name: 'app', port: 31000, ip: '198.51.100.200' }]);
  });
});

describe('AgentStore', () => {
  const body = (node: string) => JSON.stringify({ node, agentVersion: '1', startedAt: 'a', finishedAt: 'b', targets: [], healthChecks: [] });
  it('keeps one report per node and refuses new nodes past the limit', () => {
    const store = new AgentStore();
    const now = new Date('2026-12-07T10:00:00Z');
    for (let i = 0; i < MAX_AGENT_NODES; i++) store.accept(body(`node-${i}`), now);
    store.accept(body('node-0'), now); // a known node may always report again
    expect(store.reports()).toHaveLength(MAX_AGENT_NODES);
    expect(() => store.accept(body('one-too-many'), now)).toThrow(expect.objectContaining({ status: 429, code: 'too-many-nodes' }));
  });
});
