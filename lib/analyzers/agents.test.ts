import { describe, expect, it } from 'vitest';
import type { AgentPlanTarget, AgentProbeResult, AgentReport, AgentTargetResult } from '../model/agents';
import { buildAgentMatrix, type AgentMatrixInput } from './agents';

const NOW = new Date('2026-12-07T10:00:00Z');
const VIP = '198.51.100.200';
const APP: AgentPlanTarget = { name: 'app', host: 'app.edgelens.test', port: 443, sni: null, path: null, kinds: ['tcp'], insecure: true, lbIp: VIP };
const LB: AgentPlanTarget = { name: 'lb-198-51-100-200', host: VIP, port: 443, sni: null, path: null, kinds: ['tcp', 'h3'], insecure: true, lbIp: VIP };

const ok: AgentProbeResult = { verdict: 'ok', samples: 2, ok: 2, p50Ms: 1.2, error: null, detail: null, altSvc: null };
const timeout: AgentProbeResult = { verdict: 'failing', samples: 2, ok: 0, p50Ms: null, error: 'timeout', detail: 'no TCP connection within 2000 ms', altSvc: null };

function app(addresses: string[], tcp: AgentProbeResult): AgentTargetResult {
  return { name: 'app', resolved: { addresses, error: null, resolver: 'system resolver' }, tcp, h3: null };
}
function lb(tcp: AgentProbeResult): AgentTargetResult {
  return { name: LB.name, resolved: null, tcp, h3: null };
}
function report(node: string, targets: AgentTargetResult[], healthChecks: AgentReport['healthChecks'] = []): { report: AgentReport; receivedAt: string } {
  return { report: { node, agentVersion: '0.1.0', startedAt: '2026-12-07T09:59:58Z', finishedAt: '2026-12-07T09:59:59Z', targets, healthChecks }, receivedAt: '2026-12-07T09:59:59Z' };
}
const hc = (localEndpoints: number) => ({ namespace: 'mail', name: 'mailserver', port: 32394, status: localEndpoints > 0 ? 200 : 503, localEndpoints, serviceProxyHealthy: true, error: null });

function input(reports: AgentMatrixInput['reports'], extra: Partial<AgentMatrixInput> = {}): AgentMatrixInput {
  return {
    reports,
    targets: [APP, LB],
    loadBalancers: [{ ip: VIP, announcer: 'node-a' }],
    services: [{ namespace: 'mail', name: 'mailserver', port: 32394, ip: VIP }],
    serverView: {},
    now: NOW,
    staleAfterMs: 5 * 60_000,
    ...extra,
  };
}

const cell = (m: ReturnType<typeof buildAgentMatrix>, node: string, target: string) => m.cells.find((c) => c.node === node && c.target === target);

describe('buildAgentMatrix', () => {
  it('marks hairpin-broken, wrong-address and ok cells, and the announcing node', () => {
    const m = buildAgentMatrix(
      input([
        report('node-a', [app([VIP], ok), lb(ok)], [hc(1)]),
        report('node-b', [app([VIP], timeout), lb(timeout)], [hc(0)]),
        report('node-c', [app(['198.51.100.99'], timeout), lb(ok)], [hc(0)]),
      ]),
    );
    expect(m.nodes.map((n) => [n.node, n.announces])).toEqual([
      ['node-a', [VIP]],
      ['node-b', []],
      ['node-c', []],
    ]);
    expect(m.targets.find((t) => t.name === 'app')?.announcer).toBe('node-a');
    expect(cell(m, 'node-a', 'app')?.state).toBe('ok');
    expect(cell(m, 'node-b', 'app')?.state).toBe('hairpin-broken');
    expect(cell(m, 'node-b', 'app')?.detail).toContain('works from node-a');
    expect(cell(m, 'node-c', 'app')?.state).toBe('wrong-address');
    expect(cell(m, 'node-c', 'app')?.detail).toContain('198.51.100.99');
    expect(cell(m, 'node-c', LB.name)?.state).toBe('ok');

    const rules = m.findings.map((f) => `${f.rule}:${f.subjects.map((s) => s.name).join(',')}`);
    expect(rules).toContain('hairpin-broken-on-node:node-b');
    expect(rules).toContain('split-horizon-inconsistent:node-a,node-b,node-c');
    // The announcer (node-a) has an endpoint: no health-check finding although node-b/c have none.
    expect(m.findings.filter((f) => f.rule === 'announcer-health-check-failing')).toEqual([]);
    expect(m.healthChecks.find((h) => h.node === 'node-a')?.announcer).toBe(true);
  });

  it('announcer-health-check-failing: the announcing node’s kube-proxy says 0 local endpoints', () => {
    const m = buildAgentMatrix(input([report('node-a', [lb(ok)], [hc(0)]), report('node-b', [lb(ok)], [hc(2)])]));
    const f = m.findings.find((x) => x.rule === 'announcer-health-check-failing');
    expect(f?.severity).toBe('error');
    expect(f?.ip).toBe(VIP);
    expect(f?.evidence[0]).toContain('kube-proxy on node-a :32394/healthz → HTTP 503, localEndpoints 0');
    expect(f?.fix).toContain('node-b has local endpoints');
  });

  it('a node failing everywhere is failing, not hairpin; the server’s own success makes it hairpin', () => {
    const alone = buildAgentMatrix(input([report('node-b', [lb(timeout)])], { targets: [LB] }));
    expect(cell(alone, 'node-b', LB.name)?.state).toBe('failing');
    expect(alone.findings).toEqual([]);
    const withServer = buildAgentMatrix(input([report('node-b', [lb(timeout)])], { targets: [LB], serverView: { [LB.name]: 'ok' } }));
    expect(cell(withServer, 'node-b', LB.name)?.state).toBe('hairpin-broken');
    expect(withServer.findings[0]?.evidence).toContain(`edgelens server → ${LB.name} (${VIP}:443): TCP/TLS ok (its own probe)`);
  });

  it('stale reports are shown but drive no finding; a target missing from a report is not-reported', () => {
    const old = { ...report('node-b', [lb(timeout)]), receivedAt: '2026-12-07T09:00:00Z' };
    const m = buildAgentMatrix(input([report('node-a', [lb(ok)]), old], { targets: [LB, APP] }));
    expect(m.nodes.find((n) => n.node === 'node-b')?.stale).toBe(true);
    expect(m.findings).toEqual([]);
    expect(cell(m, 'node-a', 'app')?.state).toBe('not-reported');
  });

  it('keeps the newest report of a node', () => {
    const older = { ...report('node-a', [lb(timeout)]), receivedAt: '2026-12-07T09:59:00Z' };
    const m = buildAgentMatrix(input([report('node-a', [lb(ok)]), older], { targets: [LB] }));
    expect(m.nodes).toHaveLength(1);
    expect(cell(m, 'node-a', LB.name)?.state).toBe('ok');
  });
});
