// Agents on real kernel networking: three "nodes", each its own network namespace with its own
// /etc/hosts (ip netns exec bind-mounts /etc/netns/NS/hosts) and its own kube-proxy-shaped
// health check server, run `edgelens agent --once` against a real edgelens server (snapshot
// mode, started by this spec) and the matrix renders on its Edge page.
//
//   root ns 198.51.100.1 (edgelens server) ─┐
//   vip ns  198.51.100.200 (Caddy, HTTP/3) ─┤
//   node-a  198.51.100.11  announcer ───────┼── bridge in the lan ns
//   node-b  198.51.100.12  hairpin broken ──┤   (the VIP's replies to .12 are blackholed: SYNs
//   node-c  198.51.100.13  split horizon ───┘    arrive, answers never return — asymmetric return path)
//
// node-c's resolver answers 198.51.100.99 for app.edgelens.test. node-a announces the VIP but its
// kube-proxy says 0 local endpoints (503). Needs root (CI runs as root); skips with a message otherwise.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { agentSnapshotYaml } from '../lab/agent-snapshot';
import { requireBinary } from '../lab/binaries';
import { makeSelfSignedCert } from '../lab/cert';
import { runChecked } from '../lab/run-checked';

const IS_ROOT = process.getuid?.() === 0;
const ID = randomBytes(3).toString('hex');
const LAN = `el-lan-${ID}`;
const VIP_NS = `el-vip-${ID}`;
const HOST_IF = `elh${ID}`;
const ROOT_IP = '198.51.100.1';
const VIP = '198.51.100.200';
const WRONG = '198.51.100.99';
const HC_PORT = 32394;
const NODES = [
  { name: 'node-a', ns: `el-na-${ID}`, ip: '198.51.100.11', resolves: VIP, endpoints: 0 },
  { name: 'node-b', ns: `el-nb-${ID}`, ip: '198.51.100.12', resolves: VIP, endpoints: 1 },
  { name: 'node-c', ns: `el-nc-${ID}`, ip: '198.51.100.13', resolves: WRONG, endpoints: 0 },
] as const;
const TOKEN = randomBytes(16).toString('hex');
let PORT = 0;

test.describe.configure({ mode: 'serial' });
test.skip(!IS_ROOT, 'needs root to create network namespaces (CI runs as root): the agent matrix on real namespaces was not tested here');

const run = runChecked;
const ip = (...args: string[]) => run('ip', args);
const inNs = (ns: string, ...args: string[]) => run('ip', ['netns', 'exec', ns, ...args]);

const namespaces: string[] = [];
const procs: ChildProcess[] = [];
let dir = '';

function start(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess & { log: () => string } {
  const p = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (c: Buffer) => (log = (log + c.toString('utf8')).slice(-8_000));
  p.stdout?.on('data', keep);
  p.stderr?.on('data', keep);
  procs.push(p);
  return Object.assign(p, { log: () => log });
}

/** A veth from `ns` into the lan bridge, with `addr`/24 inside `ns` (root ns when ns is null). */
function plug(ns: string | null, name: string, addr: string): void {
  ip('link', 'add', name, 'type', 'veth', 'peer', 'name', `${name}p`);
  ip('link', 'set', `${name}p`, 'netns', LAN);
  inNs(LAN, 'ip', 'link', 'set', `${name}p`, 'master', 'br0', 'up');
  if (ns) {
    ip('link', 'set', name, 'netns', ns);
    inNs(ns, 'ip', 'addr', 'add', `${addr}/24`, 'dev', name);
    inNs(ns, 'ip', 'link', 'set', name, 'up');
    inNs(ns, 'ip', 'link', 'set', 'lo', 'up');
  } else {
    ip('addr', 'add', `${addr}/24`, 'dev', name);
    ip('link', 'set', name, 'up');
  }
}

// kube-proxy's health check answer (pkg/proxy/healthcheck/service_health.go; see
// probes/healthcheck/__fixtures__/kube-proxy-bodies.ts), served on the node's 127.0.0.1.
const HEALTH_SERVER = `
const [port, n] = process.argv.slice(1).map(Number);
require('node:http').createServer((q, r) => {
  r.writeHead(n > 0 ? 200 : 503, { 'Content-Type': 'application/json', 'X-Content-Type-Options': 'nosniff' });
  r.end('{\\n\\t"service": {\\n\\t\\t"namespace": "web",\\n\\t\\t"name": "app"\\n\\t},\\n\\t"localEndpoints": ' + n + ',\\n\\t"serviceProxyHealthy": true\\n}');
}).listen(port, '127.0.0.1', () => console.log('ready'));`;

async function waitFor(what: string, fn: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await Promise.resolve(fn()).catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const caddy = requireBinary('caddy');
  dir = mkdtempSync(join(tmpdir(), 'edgelens-agents-netns-'));

  for (const ns of [LAN, VIP_NS, ...NODES.map((n) => n.ns)]) {
    ip('netns', 'add', ns);
    namespaces.push(ns);
  }
  inNs(LAN, 'ip', 'link', 'add', 'br0', 'type', 'bridge');
  inNs(LAN, 'ip', 'link', 'set', 'br0', 'up');
  plug(null, HOST_IF, ROOT_IP);
  // A port free on our own address (never a fixed number another test or helper may use).
  PORT = await new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, ROOT_IP, () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
  plug(VIP_NS, `elv${ID}`, VIP);
  NODES.forEach((n, i) => plug(n.ns, `el${i}${ID}`, n.ip));
  // The hairpin break: the VIP's answers to node-b never make it back.
  inNs(VIP_NS, 'ip', 'route', 'add', 'blackhole', `${NODES[1].ip}/32`);

  // Each node's resolver view (ip netns exec bind-mounts /etc/netns/NS/hosts over /etc/hosts).
  for (const n of NODES) {
    mkdirSync(`/etc/netns/${n.ns}`, { recursive: true });
    writeFileSync(`/etc/netns/${n.ns}/hosts`, `127.0.0.1 localhost\n${n.resolves} app.edgelens.test\n`);
  }

  // The VIP: a real Caddy with HTTP/3 on 198.51.100.200:443 inside its namespace.
  const cert = await makeSelfSignedCert(dir, { cn: 'app.edgelens.test', sans: ['DNS:app.edgelens.test', `IP:${VIP}`] });
  const caddyfile = join(dir, 'Caddyfile');
  writeFileSync(
    caddyfile,
    ['{', '\tadmin off', '\tauto_https off', '\tservers {', '\t\tprotocols h1 h2 h3', '\t}', '}', `https://${VIP}:443, https://app.edgelens.test:443 {`, `\tbind ${VIP}`, `\ttls ${cert.certPath} ${cert.keyPath}`, '\trespond "hello from the VIP" 200', '}', ''].join('\n'),
  );
  const vip = start('ip', ['netns', 'exec', VIP_NS, caddy, 'run', '--config', caddyfile, '--adapter', 'caddyfile'], { ...process.env, HOME: dir, XDG_CONFIG_HOME: join(dir, 'c'), XDG_DATA_HOME: join(dir, 'd') });
  await waitFor('Caddy on the VIP', () => vip.log().includes('"server running"'), 20_000);

  for (const n of NODES) {
    const hc = start('ip', ['netns', 'exec', n.ns, process.execPath, '-e', HEALTH_SERVER, String(HC_PORT), String(n.endpoints)]);
    await waitFor(`the health check server on ${n.name}`, () => hc.log().includes('ready'), 10_000);
  }

  // The edgelens server: snapshot of this little cluster, agents enabled, its own probes on demand only.
  const snapshot = join(dir, 'cluster.yaml');
  writeFileSync(snapshot, agentSnapshotYaml({ nodes: NODES.map((n) => ({ name: n.name, ip: n.ip })), vip: VIP, announcer: 'node-a', endpointNode: 'node-b', healthCheckNodePort: HC_PORT }));
  const tokenFile = join(dir, 'agent-token');
  writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
  const server = start(process.execPath, ['bin/edgelens.mjs', 'serve', '--port', String(PORT), '--host', ROOT_IP], {
    ...process.env,
    EDGELENS_MODE: 'snapshot',
    EDGELENS_SNAPSHOT: snapshot,
    EDGELENS_AGENT_TOKEN_FILE: tokenFile,
    EDGELENS_AUTH: 'none',
    EDGELENS_PROBE_INTERVAL: '0',
    EDGELENS_PROBE_SAMPLES: '1',
    EDGELENS_PROBE_TIMEOUT: '5000',
    EDGELENS_PROBE_TARGETS: JSON.stringify([
      { name: 'app', host: 'app.edgelens.test', port: 443, lb: VIP, insecure: true },
      { name: 'vip', host: VIP, port: 443, insecure: true },
    ]),
    NEXT_TELEMETRY_DISABLED: '1',
  });
  await waitFor('the edgelens server', async () => (await fetch(`http://${ROOT_IP}:${PORT}/api/v1/health`)).ok, 240_000).catch((err: unknown) => {
    throw new Error(`${String(err)}\n--- server output ---\n${server.log()}`);
  });

  // One pass of each agent, from its own namespace.
  await Promise.all(
    NODES.map(
      (n) =>
        new Promise<void>((resolve, reject) => {
          const a = start('ip', ['netns', 'exec', n.ns, process.execPath, 'bin/edgelens.mjs', 'agent', '--once', '--server', `http://${ROOT_IP}:${PORT}`, '--token-file', tokenFile, '--node', n.name]);
          a.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`agent ${n.name} exited ${code}: ${a.log()}`))));
        }),
    ),
  );
});

test.afterAll(async () => {
  for (const p of procs) if (p.exitCode === null && p.signalCode === null && p.pid) process.kill(p.pid, 'SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  for (const p of procs) if (p.exitCode === null && p.signalCode === null && p.pid) process.kill(p.pid, 'SIGKILL');
  for (const ns of namespaces.reverse()) {
    try {
      ip('netns', 'del', ns);
    } catch {
      // already gone
    }
    rmSync(`/etc/netns/${ns}`, { recursive: true, force: true });
  }
  try {
    ip('link', 'del', HOST_IF);
  } catch {
    // removed with its peer
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the matrix shows each node’s view, the announcing node marked, and the three agent findings', async ({ page }) => {
  await page.goto(`http://${ROOT_IP}:${PORT}/edge`);
  const cell = (node: string, target: string) => page.locator(`[data-testid="agent-cell"][data-node="${node}"][data-target="${target}"]`);
  await expect(page.getByTestId('agent-node')).toHaveCount(3);

  await expect(cell('node-a', 'app')).toHaveAttribute('data-state', 'ok');
  await expect(cell('node-a', 'vip')).toHaveAttribute('data-state', 'ok');
  await expect(cell('node-a', 'vip')).toHaveAttribute('data-announcer', 'true');
  await expect(cell('node-a', 'vip')).toContainText('announcer');
  await expect(cell('node-b', 'vip')).toHaveAttribute('data-announcer', 'false');

  await expect(cell('node-b', 'app')).toHaveAttribute('data-state', 'hairpin-broken');
  await expect(cell('node-b', 'vip')).toHaveAttribute('data-state', 'hairpin-broken');
  await expect(cell('node-b', 'vip')).toContainText('works from node-a');

  await expect(cell('node-c', 'app')).toHaveAttribute('data-state', 'wrong-address');
  await expect(cell('node-c', 'app')).toContainText(`resolves to ${WRONG}`);
  await expect(cell('node-c', 'vip')).toHaveAttribute('data-state', 'ok');

  const health = page.locator('[data-testid="agent-health-row"][data-node="node-a"]');
  await expect(health).toHaveAttribute('data-announcer', 'true');
  await expect(health).toContainText('HTTP 503 · 0 local endpoints');
  await expect(page.locator('[data-testid="agent-health-row"][data-node="node-b"]')).toContainText('HTTP 200 · 1 local endpoints');

  const findings = page.getByTestId('agent-findings');
  await expect(findings.locator('[data-rule="hairpin-broken-on-node"]')).toContainText('From node node-b');
  await expect(findings.locator('[data-rule="split-horizon-inconsistent"]')).toContainText('app.edgelens.test resolves differently');
  await expect(findings.locator('[data-rule="announcer-health-check-failing"]')).toContainText('node-a announces 198.51.100.200 of web/app');
});
