// Real HAProxy, on loopback, running the config `edgelens haproxy --mode nodeport` generates for
// an externalTrafficPolicy: Local Service. Three "nodes" are loopback addresses: k8s-node-a and
// k8s-node-b run the pod, k8s-node-c does not. Each node has a NodePort server (PROXY v2-aware,
// answers who it is and which client HAProxy announced) and kube-proxy's health server on the
// healthCheckNodePort (lab/kube-proxy-health.ts: upstream's exact status codes and body).
//   1. node-c is not in the config at all; requests reach node-a and node-b with the real client.
//   2. node-b loses its pod: its health server answers 503 → HAProxy's `option httpchk` takes it
//      out (logged), and no request fails or hangs meanwhile.
//   3. node-b's NodePort then refuses (what is left of the Service there): still no failures.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFromCluster } from '../../lib/haproxy';
import { kubeObjectSchema, type ClusterSnapshot } from '../../lib/model';
import { haproxyBinary } from '../../lab/haproxy-bin';
import { startKubeProxyHealth, type RunningKubeProxyHealth } from '../../lab/kube-proxy-health';

const NODES = { 'k8s-node-a': '127.0.0.2', 'k8s-node-b': '127.0.0.3', 'k8s-node-c': '127.0.0.4' } as const;
type NodeName = keyof typeof NODES;
/** Hang guard per request (not a speed assertion): far above a healthy loopback round trip. */
const REQUEST_GUARD_MS = 4_000;

const V2_SIG = Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);

/** A NodePort stand-in: reads the PROXY v2 header, answers `node=NAME client=IP`. */
function startNodePort(name: NodeName, port: number): Promise<net.Server> {
  const server = net.createServer((socket) => {
    let buf = Buffer.alloc(0);
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length < 16) return;
      if (!buf.subarray(0, 12).equals(V2_SIG)) {
        socket.end(`node=${name} client=none\n`);
        return;
      }
      const len = buf.readUInt16BE(14);
      if (buf.length < 16 + len) return;
      const local = (buf[12] ?? 0) % 16 === 0;
      const client = local ? 'local' : [...buf.subarray(16, 20)].join('.');
      socket.removeAllListeners('data');
      socket.end(`node=${name} client=${client}\n`);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, NODES[name], () => resolve(server));
  });
}

/** A port number free on every node address (NodePorts are one number cluster-wide). */
async function portFreeOnAll(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const probe = net.createServer();
    const port = await new Promise<number>((resolve) => probe.listen(0, NODES['k8s-node-a'], () => resolve((probe.address() as net.AddressInfo).port)));
    await new Promise<void>((r) => probe.close(() => r()));
    const ok = await Promise.all(
      [...Object.values(NODES), '127.0.0.1'].map(
        (host) =>
          new Promise<boolean>((resolve) => {
            const s = net.createServer();
            s.once('error', () => resolve(false));
            s.listen(port, host, () => s.close(() => resolve(true)));
          }),
      ),
    );
    if (ok.every(Boolean)) return port;
  }
  throw new Error('no port free on all loopback node addresses');
}

/** One request through HAProxy: the answer, or 'HUNG'/'FAILED: …'. */
function request(port: number): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const s = net.connect(port, '127.0.0.1');
    const guard = setTimeout(() => {
      s.destroy();
      resolve('HUNG');
    }, REQUEST_GUARD_MS);
    s.on('data', (c: Buffer) => (text += c.toString('utf8')));
    s.on('end', () => {
      clearTimeout(guard);
      resolve(text.trim() || 'FAILED: empty answer');
    });
    s.on('error', (e) => {
      clearTimeout(guard);
      resolve(`FAILED: ${e.message}`);
    });
  });
}

function snapshot(nodePort: number, hcPort: number): ClusterSnapshot {
  const objects = [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'mailserver', namespace: 'mail' },
      spec: {
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Local',
        healthCheckNodePort: hcPort,
        selector: { app: 'mailserver' },
        ports: [{ name: 'smtp', port: 25, protocol: 'TCP', targetPort: 25, nodePort }],
      },
      status: { loadBalancer: { ingress: [{ ip: '10.0.20.210', ipMode: 'VIP' }] } },
    },
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      addressType: 'IPv4',
      metadata: { name: 'mailserver-x1', namespace: 'mail', labels: { 'kubernetes.io/service-name': 'mailserver' } },
      ports: [{ name: 'smtp', port: 25, protocol: 'TCP' }],
      endpoints: [
        { addresses: ['10.42.1.31'], conditions: { ready: true }, nodeName: 'k8s-node-a' },
        { addresses: ['10.42.2.31'], conditions: { ready: true }, nodeName: 'k8s-node-b' },
      ],
    },
    ...(Object.entries(NODES) as Array<[NodeName, string]>).map(([name, ip]) => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name },
      status: { addresses: [{ type: 'InternalIP', address: ip }] },
    })),
  ];
  return { source: 'snapshot', objects: objects.map((o) => kubeObjectSchema.parse(o)), gaps: [] };
}

describe('nodeport mode on real HAProxy: a node that loses its pod leaves the rotation', () => {
  let dir: string;
  let haproxy: ChildProcess | null = null;
  let log = '';
  const servers: net.Server[] = [];
  const health: Partial<Record<NodeName, RunningKubeProxyHealth>> = {};
  let frontPort = 0;
  let cfg = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'edgelens-nodeport-hc-'));
    const nodePort = await portFreeOnAll();
    const hcPort = await portFreeOnAll();
    frontPort = await portFreeOnAll();
    for (const name of Object.keys(NODES) as NodeName[]) {
      servers.push(await startNodePort(name, nodePort));
      health[name] = await startKubeProxyHealth({ host: NODES[name], port: hcPort, namespace: 'mail', name: 'mailserver', localEndpoints: name === 'k8s-node-c' ? 0 : 1 });
    }
    const out = generateFromCluster(
      snapshot(nodePort, hcPort),
      { namespace: 'mail', name: 'mailserver' },
      { mode: 'nodeport', binds: [{ address: '127.0.0.1', port: frontPort }], egress: '127.0.0.1', check: { inter: '300ms', fall: 2, rise: 2 } },
      { generatedBy: 'edgelens test', source: 'an in-test snapshot' },
    );
    cfg = out.haproxyCfg;
    const file = join(dir, 'haproxy.cfg');
    writeFileSync(file, cfg);
    haproxy = spawn(haproxyBinary(), ['-db', '-f', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    haproxy.stdout?.on('data', (c: Buffer) => (log += c.toString('utf8')));
    haproxy.stderr?.on('data', (c: Buffer) => (log += c.toString('utf8')));
    const deadline = Date.now() + 10_000;
    for (;;) {
      const answer = await request(frontPort);
      if (answer.startsWith('node=')) break;
      if (Date.now() > deadline) throw new Error(`HAProxy did not start serving: ${answer}\n${log}\n${cfg}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 30_000);

  afterAll(async () => {
    if (haproxy && haproxy.exitCode === null) {
      const exited = new Promise((r) => haproxy?.once('exit', r));
      haproxy.kill('SIGTERM');
      await exited;
    }
    for (const s of servers) await new Promise<void>((r) => s.close(() => r()));
    for (const h of Object.values(health)) await h?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lists only the nodes with a ready endpoint, checks them on healthCheckNodePort, and carries the client address', async () => {
    expect(cfg).toContain('option httpchk GET /healthz');
    expect(cfg).toMatch(/server k8s-node-a 127\.0\.0\.2:\d+ check port \d+ /);
    expect(cfg).not.toContain('k8s-node-c');
    const answers = await Promise.all(Array.from({ length: 8 }, () => request(frontPort)));
    expect(new Set(answers)).toEqual(new Set(['node=k8s-node-a client=127.0.0.1', 'node=k8s-node-b client=127.0.0.1']));
    // HAProxy asked kube-proxy's health port, plain HTTP GET /healthz, and node-c was never asked.
    expect(health['k8s-node-a']?.requests().some((r) => r.method === 'GET' && r.path === '/healthz' && r.status === 200)).toBe(true);
    expect(health['k8s-node-c']?.requests()).toEqual([]);
  });

  it('node-b loses its pod: its healthCheckNodePort answers 503, HAProxy takes it out, and no request fails or hangs', async () => {
    health['k8s-node-b']?.setLocalEndpoints(0);
    const answers: string[] = [];
    // Keep traffic flowing while the checks notice (inter 300ms, fall 2).
    const until = Date.now() + 3_000;
    while (Date.now() < until) answers.push(await request(frontPort));
    expect(answers.filter((a) => !a.startsWith('node=')), log).toEqual([]);
    expect(log).toMatch(/k8s-node-b.*(Layer7 wrong status, code: 503)/);
    expect(log).toMatch(/Server be_smtp\/k8s-node-b is DOWN/);
    // From now on only node-a serves.
    const after = await Promise.all(Array.from({ length: 6 }, () => request(frontPort)));
    expect(new Set(after)).toEqual(new Set(['node=k8s-node-a client=127.0.0.1']));

    // What is left of the Service on node-b stops answering at all: still nothing fails.
    const nodeB = servers[1];
    await new Promise<void>((r) => nodeB?.close(() => r()));
    const later = await Promise.all(Array.from({ length: 6 }, () => request(frontPort)));
    expect(new Set(later)).toEqual(new Set(['node=k8s-node-a client=127.0.0.1']));
  }, 20_000);
});
