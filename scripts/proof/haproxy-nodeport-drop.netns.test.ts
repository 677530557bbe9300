// A node loses its pod the way it really happens under kube-proxy (externalTrafficPolicy: Local):
// at the same moment its healthCheckNodePort starts answering 503 AND its NodePort silently DROPS
// new connections (kube-proxy's "no local endpoints" drop rule; here iptables in the test's own
// network namespace). The generated nodeport config (health-checked on healthCheckNodePort,
// observe layer4 + redispatch 1) must keep serving every request — none fails, none hangs — and
// take the node out. Needs root (network namespace, iptables); skips with a message otherwise.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateFromCluster } from '../../lib/haproxy';
import { kubeObjectSchema, type ClusterSnapshot } from '../../lib/model';
import { haproxyBinary } from '../../lab/haproxy-bin';
import { runChecked } from '../../lab/run-checked';

const IS_ROOT = process.getuid?.() === 0;
const NODES = { 'k8s-node-a': '127.0.0.2', 'k8s-node-b': '127.0.0.3' } as const;
const NODE_PORT = 31025;
const HC_PORT = 32394;
const FRONT = 2525;
/** Per-request hang guard (not a speed assertion): well above one `timeout connect` (1s here). */
const GUARD_MS = 4_000;

const run = (cmd: string, args: readonly string[]): string => runChecked(cmd, args, 20_000);

/** Sequential requests through HAProxy for `ms`, from inside the namespace: answer and duration each. */
function requestsFor(ns: string, ms: number): Array<{ answer: string; ms: number }> {
  const script = `
    const net = require('net');
    const one = () => new Promise((resolve) => {
      const t0 = Date.now(); let text = '';
      const s = net.connect(${FRONT}, '127.0.0.1');
      const guard = setTimeout(() => { s.destroy(); resolve({ answer: 'HUNG', ms: Date.now() - t0 }); }, ${GUARD_MS});
      s.on('data', (c) => (text += c));
      s.on('end', () => { clearTimeout(guard); resolve({ answer: text.trim() || 'FAILED: empty', ms: Date.now() - t0 }); });
      s.on('error', (e) => { clearTimeout(guard); resolve({ answer: 'FAILED: ' + e.message, ms: Date.now() - t0 }); });
    });
    (async () => { const out = []; const end = Date.now() + ${ms}; while (Date.now() < end) out.push(await one()); process.stdout.write(JSON.stringify(out)); })();`;
  return JSON.parse(run('ip', ['netns', 'exec', ns, process.execPath, '-e', script])) as Array<{ answer: string; ms: number }>;
}

function snapshot(): ClusterSnapshot {
  const objects = [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'mailserver', namespace: 'mail' },
      spec: { type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: HC_PORT, ports: [{ name: 'smtp', port: 25, protocol: 'TCP', targetPort: 25, nodePort: NODE_PORT }] },
    },
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      addressType: 'IPv4',
      metadata: { name: 'mailserver-x1', namespace: 'mail', labels: { 'kubernetes.io/service-name': 'mailserver' } },
      ports: [{ name: 'smtp', port: 25, protocol: 'TCP' }],
      endpoints: Object.keys(NODES).map((n, i) => ({ addresses: [`10.42.${i}.31`], conditions: { ready: true }, nodeName: n })),
    },
    ...Object.entries(NODES).map(([name, ip]) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name }, status: { addresses: [{ type: 'InternalIP', address: ip }] } })),
  ];
  return { source: 'snapshot', objects: objects.map((o) => kubeObjectSchema.parse(o)), gaps: [] };
}

describe('proof: a node that loses its pod (503 on the health port, DROP on the NodePort) leaves the rotation, no request fails or hangs', () => {
  it('on a real HAProxy in a network namespace', async (ctx) => {
    if (!IS_ROOT) {
      ctx.skip('skipped: needs root to create a network namespace and iptables rules (CI runs this as root)');
      return;
    }
    const ns = `elhc-${process.pid.toString(36)}${randomBytes(2).toString('hex')}`;
    const dir = mkdtempSync(join(tmpdir(), 'edgelens-drop-'));
    let nodes: ChildProcess | undefined;
    let haproxy: ChildProcess | undefined;
    let log = '';
    let created = false;
    try {
      run('ip', ['netns', 'add', ns]);
      created = true;
      run('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);

      nodes = spawn('ip', ['netns', 'exec', ns, process.execPath, '--import', 'tsx', join('scripts', 'proof', 'fake-nodes.ts')], {
        cwd: process.cwd(),
        env: { ...process.env, EDGELENS_FAKE_NODES: JSON.stringify({ nodes: NODES, nodePort: NODE_PORT, hcPort: HC_PORT, namespace: 'mail', name: 'mailserver' }) },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let nodesOut = '';
      nodes.stderr?.on('data', (c: Buffer) => (nodesOut += c.toString('utf8')));
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`fake nodes did not start: ${nodesOut}`)), 20_000);
        nodes?.stdout?.on('data', (c: Buffer) => {
          nodesOut += c.toString('utf8');
          if (nodesOut.includes('ready')) {
            clearTimeout(timer);
            resolve();
          }
        });
        nodes?.once('exit', () => reject(new Error(`fake nodes exited: ${nodesOut}`)));
      });

      const out = generateFromCluster(
        snapshot(),
        { namespace: 'mail', name: 'mailserver' },
        { mode: 'nodeport', binds: [{ address: '127.0.0.1', port: FRONT }], egress: '127.0.0.1', check: { inter: '500ms', fall: 2, rise: 2 }, timeouts: { connect: '1s' } },
        { generatedBy: 'edgelens test', source: 'an in-test snapshot' },
      );
      const file = join(dir, 'haproxy.cfg');
      writeFileSync(file, out.haproxyCfg);
      haproxy = spawn('ip', ['netns', 'exec', ns, haproxyBinary(), '-db', '-f', file], { stdio: ['ignore', 'pipe', 'pipe'] });
      haproxy.stdout?.on('data', (c: Buffer) => (log += c.toString('utf8')));
      haproxy.stderr?.on('data', (c: Buffer) => (log += c.toString('utf8')));

      // Both nodes serve, with the real client.
      let before: Array<{ answer: string; ms: number }> = [];
      for (let i = 0; i < 40 && !before.some((r) => r.answer.startsWith('node=')); i++) before = requestsFor(ns, 300);
      expect(new Set(before.map((r) => r.answer)), log).toEqual(new Set(['node=k8s-node-a client=127.0.0.1', 'node=k8s-node-b client=127.0.0.1']));

      // node-b loses its pod: 503 on the health port and DROP on the NodePort, together.
      run('ip', ['netns', 'exec', ns, 'iptables', '-I', 'INPUT', '-d', NODES['k8s-node-b'], '-p', 'tcp', '--dport', String(NODE_PORT), '--syn', '-j', 'DROP']);
      nodes.stdin?.write('lose k8s-node-b\n');
      const during = requestsFor(ns, 4_000);
      expect(during.filter((r) => !r.answer.startsWith('node=')), log).toEqual([]);
      expect(Math.max(...during.map((r) => r.ms))).toBeLessThan(GUARD_MS);
      // requestsFor blocks this process: let HAProxy's buffered log lines arrive first.
      await expect.poll(() => log, { timeout: 5_000 }).toMatch(/Server be_smtp\/k8s-node-b is DOWN/);
      const after = requestsFor(ns, 500);
      expect(new Set(after.map((r) => r.answer))).toEqual(new Set(['node=k8s-node-a client=127.0.0.1']));
    } finally {
      for (const p of [haproxy, nodes]) {
        if (p && p.exitCode === null) {
          const exited = new Promise((r) => p.once('exit', r));
          p.kill('SIGTERM');
          await Promise.race([exited, new Promise((r) => setTimeout(r, 3_000))]);
        }
      }
      if (created) run('ip', ['netns', 'del', ns]);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
