// The proof for "The fix", on real kernel networking (LAB.md):
//
//   client ns 192.0.2.10 ── router ns (192.0.2.1 | 198.51.100.1 + .2) ── ingress ns 198.51.100.10
//
// The router forwards and MASQUERADEs client traffic leaving towards the ingress, as
// kube-proxy does to external clients under externalTrafficPolicy: Cluster. The
// ingress is a Traefik stand-in (ingress-server.mjs) that writes Traefik JSON access
// lines and honours PROXY headers only from the addresses in the *generated* Traefik
// snippet.
//   Phase 1: client → ingress directly: ClientHost is the router's 198.51.100.1
//            → `edgelens logs` says snat. A forged PROXY header from the client is ignored.
//   Phase 2: the generated haproxy.cfg runs in the router (bind 192.0.2.1:443,
//            egress 198.51.100.2, send-proxy-v2): ClientHost is 192.0.2.10 → preserved,
//            and HAProxy's health checks arrive as PROXY v2 LOCAL headers.
// HAProxy gets its own egress address (198.51.100.2, not MASQUERADEd) so trusting it
// does not also trust every SNATed client, just as a node's SNAT address must never
// be in trustedIPs.
//
// Lives in scripts/ (not lib/haproxy) because it joins lib/haproxy and lib/logs, which
// lib/ modules may not import from each other. Needs root; skips with a message otherwise.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORE_SCHEMA, load } from 'js-yaml';

const parse = (text: string): unknown => load(text, { schema: CORE_SCHEMA });
import { generateHaproxy } from '../../lib/haproxy';
import { haproxyBinary } from '../../lab/haproxy-bin';
import { analyzeLogText } from '../../lib/logs';
import { startIngress, stopProcess, type Ingress } from './ingress';
import { runChecked } from '../../lab/run-checked';

const IS_ROOT = process.getuid?.() === 0;

const CLIENT_IP = '192.0.2.10';
const ROUTER_CLIENT_SIDE = '192.0.2.1';
const ROUTER_INGRESS_SIDE = '198.51.100.1'; // the "node" address MASQUERADE uses
const HAPROXY_EGRESS = '198.51.100.2';
const INGRESS_IP = '198.51.100.10';
const INGRESS_PORT = 8443;

const run = runChecked;

function requireTool(name: string, probe: readonly string[]): void {
  try {
    execFileSync(name, probe, { stdio: 'ignore' });
  } catch (cause) {
    throw new Error(`the proof needs \`${name}\` (${probe.join(' ')} failed); install it (scripts/test.sh does)`, { cause });
  }
}

function inNs(ns: string, cmd: string, args: readonly string[]): string {
  return run('ip', ['netns', 'exec', ns, cmd, ...args]);
}

function curl(ns: string, url: string): string {
  return inNs(ns, 'curl', ['-sS', '--max-time', '5', '-H', 'Host: whoami.example', url]);
}

/** Connect from the client namespace and send a forged PROXY v1 header claiming 203.0.113.66. */
function forgedRequest(ns: string): string {
  const script = `
    const s = require('net').connect(${INGRESS_PORT}, '${INGRESS_IP}', () => s.write('PROXY TCP4 203.0.113.66 ${INGRESS_IP} 5555 ${INGRESS_PORT}\\r\\nGET /forged HTTP/1.1\\r\\nHost: whoami.example\\r\\nConnection: close\\r\\n\\r\\n'));
    let d = ''; s.on('data', (c) => (d += c)); s.on('end', () => process.stdout.write(d.split('\\r\\n\\r\\n')[1] || ''));
    setTimeout(() => process.exit(3), 5000).unref();`;
  return inNs(ns, process.execPath, ['-e', script]);
}

async function retry<T>(what: string, fn: () => T, attempts = 40, delayMs = 250): Promise<T> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return fn();
    } catch (e) {
      last = e;
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
  throw new Error(`${what} did not succeed: ${last instanceof Error ? last.message : String(last)}`, { cause: last });
}

describe('proof: kernel SNAT hides the client, generated HAProxy + PROXY v2 restores it', () => {
  it('phase 1 snat → phase 2 preserved, on real network namespaces', async (ctx) => {
    if (!IS_ROOT) {
      ctx.skip('skipped: needs root to create network namespaces and iptables rules (CI runs this as root)');
      return;
    }
    requireTool('ip', ['-V']);
    requireTool('iptables', ['-V']);
    requireTool('curl', ['--version']);
    const haproxy = haproxyBinary();

    const id = `${process.pid.toString(36)}${randomBytes(2).toString('hex')}`;
    const ns = { client: `elc-${id}`, router: `elr-${id}`, ingress: `eli-${id}` };
    const dir = mkdtempSync(join(tmpdir(), 'edgelens-proof-'));
    const created: string[] = [];
    let ingress: Ingress | undefined;
    let haproxyProc: ChildProcess | undefined;
    let haproxyOut = '';
    try {
      // --- topology -------------------------------------------------------------------
      for (const n of Object.values(ns)) {
        run('ip', ['netns', 'add', n]);
        created.push(n);
        run('ip', ['-n', n, 'link', 'set', 'lo', 'up']);
      }
      run('ip', ['-n', ns.router, 'link', 'add', 'r-cli', 'type', 'veth', 'peer', 'name', 'c-up', 'netns', ns.client]);
      run('ip', ['-n', ns.router, 'link', 'add', 'r-ing', 'type', 'veth', 'peer', 'name', 'i-up', 'netns', ns.ingress]);
      run('ip', ['-n', ns.client, 'addr', 'add', `${CLIENT_IP}/24`, 'dev', 'c-up']);
      run('ip', ['-n', ns.router, 'addr', 'add', `${ROUTER_CLIENT_SIDE}/24`, 'dev', 'r-cli']);
      run('ip', ['-n', ns.router, 'addr', 'add', `${ROUTER_INGRESS_SIDE}/24`, 'dev', 'r-ing']);
      run('ip', ['-n', ns.router, 'addr', 'add', `${HAPROXY_EGRESS}/24`, 'dev', 'r-ing']);
      run('ip', ['-n', ns.ingress, 'addr', 'add', `${INGRESS_IP}/24`, 'dev', 'i-up']);
      for (const [n, dev] of [[ns.client, 'c-up'], [ns.router, 'r-cli'], [ns.router, 'r-ing'], [ns.ingress, 'i-up']] as const) {
        run('ip', ['-n', n, 'link', 'set', dev, 'up']);
      }
      run('ip', ['-n', ns.client, 'route', 'add', 'default', 'via', ROUTER_CLIENT_SIDE]);
      run('ip', ['-n', ns.ingress, 'route', 'add', 'default', 'via', ROUTER_INGRESS_SIDE]);
      inNs(ns.router, 'sysctl', ['-qw', 'net.ipv4.ip_forward=1']);
      // Forwarded client traffic only, like kube-proxy's SNAT of external clients.
      try {
        inNs(ns.router, 'iptables', ['-t', 'nat', '-A', 'POSTROUTING', '-s', '192.0.2.0/24', '-o', 'r-ing', '-j', 'MASQUERADE']);
      } catch (cause) {
        throw new Error('cannot add the MASQUERADE rule: this kernel lacks iptables NAT (nf_tables nat / xt_MASQUERADE) support', { cause });
      }

      // --- the fix, generated -----------------------------------------------------------
      const out = generateHaproxy(
        {
          source: { kind: 'manual' },
          binds: [{ address: ROUTER_CLIENT_SIDE, port: 443 }],
          backends: [{ name: 'ingress', address: INGRESS_IP, port: INGRESS_PORT }],
          egress: HAPROXY_EGRESS,
          proxy: 'v2',
          check: { inter: '500ms', fall: 3, rise: 1 },
        },
        { generatedBy: 'edgelens proof test', source: 'network-namespace proof' },
      );
      expect(out.trustedIPs).toEqual([HAPROXY_EGRESS]);
      // The ingress trusts exactly what the generated Traefik static config says.
      const staticCfg = parse(out.traefik?.static ?? '') as { entryPoints: { websecure: { proxyProtocol: { trustedIPs: string[] } } } };
      const trusted = staticCfg.entryPoints.websecure.proxyProtocol.trustedIPs;
      expect(trusted).toEqual([HAPROXY_EGRESS]);

      ingress = await startIngress({
        host: INGRESS_IP,
        port: INGRESS_PORT,
        trusted,
        accessLog: join(dir, 'access.log'),
        events: join(dir, 'events.log'),
        wrap: ['ip', 'netns', 'exec', ns.ingress],
      });
      const ctxAddrs = { nodeIPs: [ROUTER_INGRESS_SIDE], podCIDRs: [], lbIPs: [] };

      // --- phase 1: straight through the SNAT ---------------------------------------------
      for (let i = 0; i < 3; i++) expect(curl(ns.client, `http://${INGRESS_IP}:${INGRESS_PORT}/phase1`)).toBe(`hello ${ROUTER_INGRESS_SIDE}\n`);
      expect(forgedRequest(ns.client)).toBe(`hello ${ROUTER_INGRESS_SIDE}\n`);
      const phase1Text = ingress.accessText();
      const phase1 = ingress.accessLines();
      expect(phase1.map((l) => l.ClientHost)).toEqual([ROUTER_INGRESS_SIDE, ROUTER_INGRESS_SIDE, ROUTER_INGRESS_SIDE, ROUTER_INGRESS_SIDE]);
      const report1 = analyzeLogText(phase1Text, ctxAddrs);
      expect(report1.verdict).toBe('snat');
      expect(report1.classes.node).toBe(4);
      expect(report1.routers.map((r) => [r.router, r.verdict])).toEqual([['whoami@file', 'snat']]);

      // --- phase 2: through the generated HAProxy ----------------------------------------
      const cfgFile = join(dir, 'haproxy.cfg');
      writeFileSync(cfgFile, out.haproxyCfg);
      expect(run(haproxy, ['-c', '-f', cfgFile])).toContain('Configuration file is valid');
      haproxyProc = spawn('ip', ['netns', 'exec', ns.router, haproxy, '-db', '-f', cfgFile], { stdio: ['ignore', 'pipe', 'pipe'] });
      haproxyProc.stdout?.on('data', (d: Buffer) => (haproxyOut += d.toString()));
      haproxyProc.stderr?.on('data', (d: Buffer) => (haproxyOut += d.toString()));

      const first = await retry('a request through HAProxy', () => curl(ns.client, `http://${ROUTER_CLIENT_SIDE}:443/phase2`));
      expect(first).toBe(`hello ${CLIENT_IP}\n`);
      for (let i = 0; i < 2; i++) expect(curl(ns.client, `http://${ROUTER_CLIENT_SIDE}:443/phase2`)).toBe(`hello ${CLIENT_IP}\n`);

      const phase2Text = ingress.accessText().slice(phase1Text.length);
      const phase2 = ingress.accessLines().slice(phase1.length);
      expect(phase2.map((l) => [l.ClientHost, l.RequestPath])).toEqual([
        [CLIENT_IP, '/phase2'],
        [CLIENT_IP, '/phase2'],
        [CLIENT_IP, '/phase2'],
      ]);
      const report2 = analyzeLogText(phase2Text, ctxAddrs);
      expect(report2.verdict).toBe('preserved');
      expect(report2.classes.node).toBe(0);
      expect(report2.routers.map((r) => [r.router, r.verdict])).toEqual([['whoami@file', 'preserved']]);
      expect(report2.topClients.map((c) => c.ip)).toEqual([CLIENT_IP]);

      // HAProxy's requests came from its egress with PROXY v2; its health checks as LOCAL.
      // (A check connection is reset at once, so the stand-in may not learn its peer: '';
      // nothing but HAProxy sends v2 to the ingress here.)
      await expect
        .poll(() => ingress?.events().some((e) => e.header === 'v2-local' && (e.peer === HAPROXY_EGRESS || e.peer === '')), { timeout: 5000 })
        .toBe(true);
      const proxied = ingress.events().filter((e) => e.header === 'v2-proxy');
      expect(proxied.length).toBeGreaterThanOrEqual(3);
      expect(proxied.every((e) => e.peer === HAPROXY_EGRESS && e.trusted && e.client === CLIENT_IP)).toBe(true);
    } catch (e) {
      if (haproxyOut) console.error(`haproxy output:\n${haproxyOut}`);
      throw e;
    } finally {
      if (haproxyProc) await stopProcess(haproxyProc);
      await ingress?.stop();
      for (const n of created) {
        try {
          run('ip', ['netns', 'del', n]);
        } catch (e) {
          console.error(`cleanup: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
