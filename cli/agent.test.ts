// `edgelens agent` and `edgelens agents` as a user meets them: usage errors are exit 2 with one
// line; a server that refuses the token is exit 2 in --once mode and the token never appears in
// the output; the matrix text marks the announcer and spells out each problem cell.
import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildAgentMatrix } from '@/lib/analyzers/agents';
import type { AgentReport } from '@/lib/model';
import { formatAgentMatrixText, agentMatrixJson } from './format/agents-text';
import type { Io } from './io';
import { main } from './main';

const dir = mkdtempSync(join(tmpdir(), 'edgelens-cli-agent-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io(extra: Record<string, string> = {}): Io & { stdout: string; stderr: string } {
  const o = {
    stdout: '',
    stderr: '',
    out: (t: string) => void (o.stdout += `${t}\n`),
    err: (t: string) => void (o.stderr += `${t}\n`),
    stdin: process.stdin,
    env: { ...process.env, NODE_NAME: undefined, EDGELENS_AGENT_TOKEN: undefined, ...extra },
    cwd: dir,
  };
  return o;
}

describe('edgelens agent', () => {
  it('usage errors: no server, a bad node name, no token', async () => {
    const a = io();
    expect(await main(['agent'], a)).toBe(2);
    expect(a.stderr).toBe('edgelens agent: --server URL is required (see: edgelens agent --help)\n');
    const b = io({ EDGELENS_AGENT_TOKEN: 't' });
    expect(await main(['agent', '--server', 'http://127.0.0.1:1', '--node', 'Bad_Node'], b)).toBe(2);
    expect(b.stderr).toContain('is not a valid node name');
    const c = io();
    expect(await main(['agent', '--server', 'http://127.0.0.1:1', '--node', 'n1'], c)).toBe(2);
    expect(c.stderr).toContain('no agent token');
  });

  it('--once against a server that refuses the token: exit 2, the reason, never the token', async () => {
    const server = http.createServer((_q, r) => {
      r.writeHead(401, { 'content-type': 'application/json' });
      r.end(JSON.stringify({ error: { code: 'unknown-agent', message: 'unknown agent: the token does not match' } }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, 'very-secret-token\n');
    const o = io();
    try {
      const code = await main(['agent', '--once', '--server', `http://127.0.0.1:${(server.address() as AddressInfo).port}`, '--token-file', tokenFile, '--node', 'node-a'], o);
      expect(code).toBe(2);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
    expect(o.stderr).toBe('edgelens agent node-a: /api/v1/agents/plan: HTTP 401 unknown-agent: unknown agent: the token does not match\n');
    expect(o.stderr + o.stdout).not.toContain('very-secret-token');
  });

  it('--once with an unreachable server: exit 1 and why', async () => {
    const s = http.createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
    const port = (s.address() as AddressInfo).port;
    await new Promise<void>((r) => s.close(() => r()));
    const o = io({ EDGELENS_AGENT_TOKEN: 't' });
    expect(await main(['agent', '--once', '--server', `http://127.0.0.1:${port}`, '--node', 'node-a'], o)).toBe(1);
    expect(o.stderr).toMatch(new RegExp(`^edgelens agent node-a: cannot reach http://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
  });
});

describe('the matrix as text and JSON', () => {
  const ok = { verdict: 'ok' as const, samples: 1, ok: 1, p50Ms: 1, error: null, detail: null, altSvc: null };
  const timeout = { verdict: 'failing' as const, samples: 1, ok: 0, p50Ms: null, error: 'timeout' as const, detail: 'no answer', altSvc: null };
  const rep = (node: string, tcp: typeof ok | typeof timeout): { report: AgentReport; receivedAt: string } => ({
    report: { node, agentVersion: '0.1.0', startedAt: 'x', finishedAt: 'x', targets: [{ name: 'vip', resolved: null, tcp, h3: null }], healthChecks: [] },
    receivedAt: '2026-12-07T10:00:00Z',
  });
  const m = buildAgentMatrix({
    reports: [rep('node-a', ok), rep('node-b', timeout)],
    targets: [{ name: 'vip', host: '198.51.100.200', port: 443, sni: null, path: null, kinds: ['tcp'], insecure: true, lbIp: '198.51.100.200' }],
    loadBalancers: [{ ip: '198.51.100.200', announcer: 'node-a' }],
    services: [],
    serverView: {},
    now: new Date('2026-12-07T10:00:30Z'),
    staleAfterMs: 180_000,
  });
  const doc = { enabled: true, ...m, error: null };

  it('marks the announcer and explains the hairpin-broken cell', () => {
    const text = formatAgentMatrixText(doc);
    expect(text).toContain('Agents: 2 nodes reporting (* = announces the target\'s LB IP)');
    expect(text).toMatch(/node-a {2}ok\*/);
    expect(text).toMatch(/node-b {2}HAIRPIN-BROKEN/);
    expect(text).toContain('node-b → vip: TCP/TLS timeout (no answer); works from node-a');
    expect(text).toContain('[error] hairpin-broken-on-node: From node node-b, vip fails');
  });

  it('JSON: the cells per node by target name', () => {
    expect(agentMatrixJson(doc).nodes).toEqual([
      { node: 'node-a', stale: false, announces: ['198.51.100.200'], cells: { vip: 'ok' } },
      { node: 'node-b', stale: false, announces: [], cells: { vip: 'hairpin-broken' } },
    ]);
  });
});
