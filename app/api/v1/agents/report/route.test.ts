// The agent API on a real runtime (snapshot mode): the plan and reports need the agent token,
// oversized and malformed reports are refused, and reports from two agent passes — real TCP/TLS
// probes against a loopback server, real HTTP to kube-proxy-shaped health check servers — build
// the matrix with the announcing node marked and announcer-health-check-failing from its 503.
import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentPlanSchema, agentsResponseSchema, type AgentPlan, type AgentReport } from '@/lib/model';
import { agentSnapshotYaml } from '@/lab/agent-snapshot';
import { makeSelfSignedCert } from '@/lab/cert';
import { startTlsPeer, type TlsPeer } from '@/lab/tls-peer';
import { kubeProxyBody, kubeProxyStatus } from '@/probes/healthcheck/__fixtures__/kube-proxy-bodies';
import { runAgentPass } from '@/cli/agent/run-once';

const TOKEN = 'agent-secret-for-tests';
const HC_PORT = 32394;
let dir: string;
let peer: TlsPeer;
const healthServers: http.Server[] = [];
let report: { POST: (req: Request) => Promise<Response> };
let plan: { GET: (req: Request) => Promise<Response> };
let matrix: { GET: () => Promise<Response> };

function kubeProxyLike(endpoints: number): Promise<number> {
  const s = http.createServer((_req, res) => {
    res.writeHead(kubeProxyStatus(endpoints, true), { 'Content-Type': 'application/json', 'X-Content-Type-Options': 'nosniff' });
    res.end(kubeProxyBody('web', 'app', endpoints, true));
  });
  healthServers.push(s);
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port)));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'edgelens-agents-'));
  peer = await startTlsPeer(await makeSelfSignedCert(dir));
  const snapshot = join(dir, 'cluster.yaml');
  writeFileSync(snapshot, agentSnapshotYaml({ nodes: [{ name: 'node-a', ip: '192.0.2.11' }, { name: 'node-b', ip: '192.0.2.12' }], vip: '127.0.0.1', announcer: 'node-a', endpointNode: 'node-b', healthCheckNodePort: HC_PORT }));
  Object.assign(process.env, {
    EDGELENS_MODE: 'snapshot',
    EDGELENS_SNAPSHOT: snapshot,
    EDGELENS_AGENT_TOKEN: TOKEN,
    EDGELENS_PROBE_INTERVAL: '0',
    EDGELENS_PROBE_TARGETS: JSON.stringify([{ name: 'app', host: '127.0.0.1', port: peer.port, kinds: ['tcp'], insecure: true }]),
  });
  report = await import('./route');
  plan = await import('../plan/route');
  matrix = await import('../route');
});

afterAll(async () => {
  await peer?.stop();
  await Promise.all(healthServers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  rmSync(dir, { recursive: true, force: true });
});

const auth = (token = TOKEN) => ({ authorization: `Bearer ${token}` });
const post = (body: string, headers: Record<string, string> = auth()) => report.POST(new Request('http://x/api/v1/agents/report', { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } }));

describe('agent API', () => {
  it('the plan needs the agent token and lists the configured target and the health check port', async () => {
    expect((await plan.GET(new Request('http://x/api/v1/agents/plan'))).status).toBe(401);
    const wrong = await plan.GET(new Request('http://x/api/v1/agents/plan', { headers: auth('nope') }));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: { code: 'unknown-agent', message: 'unknown agent: the token does not match' } });
    const ok = await plan.GET(new Request('http://x/api/v1/agents/plan', { headers: auth() }));
    expect(ok.status).toBe(200);
    const p = agentPlanSchema.parse(await ok.json());
    expect(p.targets.map((t) => [t.name, t.lbIp])).toEqual([['app', '127.0.0.1']]);
    expect(p.healthChecks).toEqual([{ namespace: 'web', name: 'app', port: HC_PORT }]);
  });

  it('refuses unknown agents, oversized and malformed reports', async () => {
    expect((await post('{}', auth('wrong'))).status).toBe(401);
    const big = JSON.stringify({ node: 'node-a', pad: 'x'.repeat(300 * 1024) });
    const tooLarge = await post(big);
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as { error: { code: string } }).error.code).toBe('too-large');
    const bad = await post(JSON.stringify({ node: 'Node_A!', agentVersion: '1', startedAt: '', finishedAt: '', targets: [], healthChecks: [] }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'invalid-report' });
    expect((await post('not json')).status).toBe(400);
  });

  it('two agent passes build the matrix: announcer marked, its 503 health check is a finding', async () => {
    const p: AgentPlan = agentPlanSchema.parse(await (await plan.GET(new Request('http://x/api/v1/agents/plan', { headers: auth() }))).json());
    // Each "node" has its own kube-proxy: node-a (the announcer) has no local endpoint, node-b has one.
    const hcA = await kubeProxyLike(0);
    const hcB = await kubeProxyLike(1);
    const pass = (node: string, hcPort: number): Promise<AgentReport> =>
      runAgentPass({ ...p, healthChecks: p.healthChecks.map((h) => ({ ...h, port: hcPort })) }, { node, version: 'test', healthCheckHost: '127.0.0.1' }).then((r) => ({
        ...r,
        // The plan names the Service's real port; the test servers listen on free ports.
        healthChecks: r.healthChecks.map((h) => ({ ...h, port: HC_PORT })),
      }));
    for (const r of [await pass('node-a', hcA), await pass('node-b', hcB)]) {
      const res = await post(JSON.stringify(r));
      expect(res.status, await res.clone().text()).toBe(202);
    }
    const doc = agentsResponseSchema.parse(await (await matrix.GET()).json());
    expect(doc.enabled).toBe(true);
    expect(doc.nodes.map((n) => [n.node, n.announces])).toEqual([
      ['node-a', ['127.0.0.1']],
      ['node-b', []],
    ]);
    expect(doc.targets).toEqual([{ name: 'app', host: '127.0.0.1', port: peer.port, lbIp: '127.0.0.1', announcer: 'node-a' }]);
    expect(doc.cells.map((c) => [c.node, c.state])).toEqual([
      ['node-a', 'ok'],
      ['node-b', 'ok'],
    ]);
    expect(doc.healthChecks.map((h) => [h.node, h.status, h.localEndpoints, h.announcer])).toEqual([
      ['node-a', 503, 0, true],
      ['node-b', 200, 1, false],
    ]);
    const f = doc.findings.find((x) => x.rule === 'announcer-health-check-failing');
    expect(f?.message).toContain('node-a announces 127.0.0.1 of web/app');
    expect(f?.fix).toContain('node-b has local endpoints');
  });
});
