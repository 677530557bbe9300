// Cluster nodes for the nodeport proofs, run inside a test's own network namespace
// (`ip netns exec NS node --import tsx scripts/proof/fake-nodes.ts`): per node a NodePort server
// (PROXY v2-aware, answers `node=NAME client=IP`) and kube-proxy's health server on the
// healthCheckNodePort (lab/kube-proxy-health.ts). Config as JSON in EDGELENS_FAKE_NODES:
//   {"nodes": {"k8s-node-a": "127.0.0.2", …}, "nodePort": 31025, "hcPort": 32394, "namespace": "mail", "name": "mailserver"}
// Prints `ready` once everything listens; on stdin `lose NAME` sets that node's local endpoints to 0
// (its health port starts answering 503) and prints `ok`.
import net from 'node:net';
import readline from 'node:readline';
import { startKubeProxyHealth, type RunningKubeProxyHealth } from '../../lab/kube-proxy-health';

interface Config {
  nodes: Record<string, string>;
  nodePort: number;
  hcPort: number;
  namespace: string;
  name: string;
}

const cfg = JSON.parse(process.env.EDGELENS_FAKE_NODES ?? '{}') as Config;
const V2_SIG = Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);

function nodePortServer(name: string, host: string): Promise<void> {
  const server = net.createServer((socket) => {
    let buf = Buffer.alloc(0);
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length < 16) return;
      if (!buf.subarray(0, 12).equals(V2_SIG)) return void socket.end(`node=${name} client=none\n`);
      const len = buf.readUInt16BE(14);
      if (buf.length < 16 + len) return;
      const client = (buf[12] ?? 0) % 16 === 0 ? 'local' : [...buf.subarray(16, 20)].join('.');
      socket.removeAllListeners('data');
      socket.end(`node=${name} client=${client}\n`);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(cfg.nodePort, host, () => resolve());
  });
}

const health = new Map<string, RunningKubeProxyHealth>();
for (const [name, host] of Object.entries(cfg.nodes)) {
  await nodePortServer(name, host);
  health.set(name, await startKubeProxyHealth({ host, port: cfg.hcPort, namespace: cfg.namespace, name: cfg.name, localEndpoints: 1 }));
}
process.stdout.write('ready\n');
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const [cmd, name] = line.trim().split(/\s+/);
  if (cmd === 'lose' && name) health.get(name)?.setLocalEndpoints(0);
  process.stdout.write('ok\n');
});
process.stdin.on('end', () => process.exit(0));
