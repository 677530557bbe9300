// The Client-IP API as the dashboard calls it: the real route handlers over the
// real server runtime (lab mode: the embedded Kubernetes API with its Traefik
// pod logs) and a real CrowdSec LAPI (Debian crowdsec, unpacked by
// scripts/install-crowdsec.sh) started on loopback by lab/crowdsec.ts.
// The decision values are data inside the LAPI: no traffic goes to them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CROWDSEC_INSTALL_HINT, findCrowdsecInstall, startCrowdsecLapi, type RunningLapi } from '@/lab/crowdsec';
import { crowdsecReportSchema, logReportSchema, type CrowdsecReport } from '@/lib/model';

const tmp = mkdtempSync(join(tmpdir(), 'edgelens-crowdsec-route-'));
const WRONG_KEY = 'edgelens-wrong-bouncer-key-5f1e2d3c4b5a';

type Handler = (req: Request) => Promise<Response>;

describe('GET /api/v1/crowdsec and /api/v1/logs against a real LAPI and the lab', () => {
  let lapi: RunningLapi;
  let routes: { crowdsec: Handler; logs: Handler; metrics: Handler; cluster: Handler; health: Handler };
  /** Every response body and every console / stdout / stderr line while the server ran. */
  const bodies: string[] = [];
  const logged: string[] = [];
  const secrets = (): string[] => [lapi.bouncerKey, lapi.machine.password];

  async function call(name: keyof typeof routes, path: string): Promise<{ status: number; body: string }> {
    const res = await routes[name](new Request(`http://127.0.0.1${path}`));
    const body = await res.text();
    bodies.push(body);
    return { status: res.status, body };
  }

  async function crowdsec(): Promise<CrowdsecReport> {
    const r = await call('crowdsec', '/api/v1/crowdsec');
    expect(r.status).toBe(200);
    return crowdsecReportSchema.parse(JSON.parse(r.body));
  }

  beforeAll(async () => {
    // Fail (not skip) with the fix when the binaries are missing.
    if (findCrowdsecInstall() === null) throw new Error(CROWDSEC_INSTALL_HINT);
    lapi = await startCrowdsecLapi();
    await lapi.addDecision('10.0.20.103', { reason: 'crowdsecurity/http-probing' });
    await lapi.addDecision('10.0.20.200', { reason: 'crowdsecurity/http-crawl-non_statics' });
    await lapi.addDecision('203.0.113.50', { reason: 'crowdsecurity/http-bad-user-agent', duration: '1h' });

    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
    }
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream);
      vi.spyOn(stream, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: never[]) => {
        logged.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        return write(chunk, ...rest);
      }) as typeof stream.write);
    }

    // The server reads its configuration from the environment, like `edgelens serve`.
    Object.assign(process.env, {
      EDGELENS_MODE: 'lab',
      EDGELENS_LAB_SCENARIO: 'homelab-before',
      EDGELENS_PROBE_INTERVAL: '0',
      EDGELENS_CROWDSEC_TTL: '0',
      EDGELENS_CROWDSEC_URL: lapi.url,
      EDGELENS_CROWDSEC_KEY: lapi.bouncerKey,
      EDGELENS_CROWDSEC_MACHINE_ID: lapi.machine.id,
      EDGELENS_CROWDSEC_MACHINE_PASSWORD: lapi.machine.password,
    });
    const [crowdsecRoute, logsRoute, metricsRoute, clusterRoute, healthRoute] = await Promise.all([
      import('./route'),
      import('../logs/route'),
      import('../../../metrics/route'),
      import('../cluster/route'),
      import('../health/route'),
    ]);
    routes = { crowdsec: crowdsecRoute.GET, logs: logsRoute.GET, metrics: metricsRoute.GET, cluster: clusterRoute.GET, health: healthRoute.GET };
  });

  afterAll(async () => {
    vi.restoreAllMocks();
    const { getRuntime } = await import('@/server/runtime');
    await (await getRuntime()).close();
    await lapi?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('GET /api/v1/logs samples every Traefik replica of the lab: snat on every router', async () => {
    const r = await call('logs', '/api/v1/logs');
    expect(r.status).toBe(200);
    const report = logReportSchema.parse(JSON.parse(r.body));
    expect(report.sources).toHaveLength(3);
    expect(report.sampling).toMatchObject({ from: 'pods', target: 'pods of LoadBalancer Service traefik/traefik', tailLines: 2000 });
    expect(report.verdict).toBe('snat');
    expect(report.routers.every((x) => x.verdict === 'snat')).toBe(true);
    expect(report.findings.some((f) => f.rule === 'client-ip-snat')).toBe(true);
  });

  it('decisions on a node and on the LB IP come back classified and flagged, in a 200', async () => {
    const report = await crowdsec();
    expect(report.verdict).toBe('dangerous');
    expect(report.lapi).toMatchObject({ url: lapi.url, reachable: true, healthy: true, auth: 'ok' });
    const d = (value: string) => report.decisions.find((x) => x.value === value);
    // The classes come from the lab cluster itself (node InternalIPs, the MetalLB VIP), not from a fixed list.
    expect(d('10.0.20.103')).toMatchObject({ class: 'node', flags: ['internal-address', 'node'] });
    expect(d('10.0.20.200')).toMatchObject({ class: 'lb', flags: ['internal-address', 'lb'] });
    expect(d('203.0.113.50')).toMatchObject({ class: 'documentation', flags: [] });
    const internal = report.findings.filter((f) => f.rule === 'crowdsec-decision-on-internal-ip');
    expect(internal.map((f) => f.ip).sort()).toEqual(['10.0.20.103', '10.0.20.200']);
    // The routers of the sampled log are judged too, the way CrowdSec reads them: the lab's SNAT log
    // has a few public clients, but CrowdSec's whitelist drops the node addresses, so it is (mostly) blind.
    expect(report.blindRouters?.length).toBeGreaterThan(0);
    expect(report.routers?.every((r) => r.sight !== 'sees')).toBe(true);
    expect(report.assumed?.hub).toBe('hub-2026');
    expect(report.decisionsByClass).toEqual({ node: 1, lb: 1, documentation: 1 });
    expect(report.alerts?.length).toBeGreaterThanOrEqual(3);
  });

  it('/metrics carries the client and CrowdSec families', async () => {
    const r = await call('metrics', '/metrics');
    expect(r.status).toBe(200);
    expect(r.body).toMatch(/edgelens_client_requests\{router="immich@kubernetes",class="node"\} \d+/);
    expect(r.body).toContain('edgelens_crowdsec_decisions{class="node"} 1');
    expect(r.body).toContain('edgelens_crowdsec_decisions{class="lb"} 1');
    expect(r.body).toContain('edgelens_crowdsec_verdict{verdict="dangerous"} 1');
  });

  it('a key from a mounted secret file (EDGELENS_CROWDSEC_KEY_FILE) works the same', async () => {
    const file = join(tmp, 'bouncer-key');
    writeFileSync(file, `${lapi.bouncerKey}\n`);
    delete process.env.EDGELENS_CROWDSEC_KEY;
    process.env.EDGELENS_CROWDSEC_KEY_FILE = file;
    try {
      const report = await crowdsec();
      expect(report.lapi.auth).toBe('ok');
      expect(report.decisionsTotal).toBe(3);
    } finally {
      delete process.env.EDGELENS_CROWDSEC_KEY_FILE;
      process.env.EDGELENS_CROWDSEC_KEY = lapi.bouncerKey;
    }
  });

  it('a wrong bouncer key is crowdsec-auth-failed in a 200, not an error response', async () => {
    process.env.EDGELENS_CROWDSEC_KEY = WRONG_KEY;
    try {
      const report = await crowdsec();
      expect(report.lapi).toMatchObject({ reachable: true, auth: 'failed' });
      expect(report.findings.filter((f) => f.subjects[0]?.kind === 'CrowdSecLAPI').map((f) => [f.rule, f.severity])).toEqual([['crowdsec-auth-failed', 'error']]);
      expect(report.verdict).toBe('auth-failed');
      expect(JSON.stringify(report)).not.toContain(WRONG_KEY);
    } finally {
      process.env.EDGELENS_CROWDSEC_KEY = lapi.bouncerKey;
    }
  });

  it('without CrowdSec settings the verdict is not-configured and says how to configure it', async () => {
    const saved = { ...process.env };
    for (const k of Object.keys(process.env)) if (k.startsWith('EDGELENS_CROWDSEC_') && k !== 'EDGELENS_CROWDSEC_TTL') delete process.env[k];
    try {
      const report = await crowdsec();
      expect(report.verdict).toBe('not-configured');
      expect(report.lapi.auth).toBe('not-configured');
      expect(report.explanation).toContain('EDGELENS_CROWDSEC_URL');
      // In the lab the explanation says how to get a real LAPI.
      expect(report.explanation).toContain('EDGELENS_LAB_CROWDSEC=off: the lab runs no CrowdSec LAPI');
      // No LAPI findings; the lab's bouncer-plugin Middleware is still checked (it trusts 10.0.0.0/8, the nodes).
      expect(report.findings.map((f) => f.rule)).toEqual(['crowdsec-bouncer-trusts-snat-source']);
    } finally {
      Object.assign(process.env, saved);
    }
  });

  it('unusable settings (a key file that cannot be read) are explained, not a 500', async () => {
    process.env.EDGELENS_CROWDSEC_KEY_FILE = join(tmp, 'missing-key');
    delete process.env.EDGELENS_CROWDSEC_KEY;
    try {
      const report = await crowdsec();
      expect(report.explanation).toContain('EDGELENS_CROWDSEC_KEY_FILE');
      expect(report.lapi.error).toMatch(/cannot read .*missing-key \(ENOENT\)/);
    } finally {
      delete process.env.EDGELENS_CROWDSEC_KEY_FILE;
      process.env.EDGELENS_CROWDSEC_KEY = lapi.bouncerKey;
    }
  });

  it('a stopped LAPI is crowdsec-unreachable in a 200', async () => {
    await lapi.stopProcess();
    try {
      const report = await crowdsec();
      expect(report.verdict).toBe('unreachable');
      expect(report.lapi).toMatchObject({ reachable: false });
      const unreachable = report.findings.filter((f) => f.rule === 'crowdsec-unreachable');
      expect(unreachable.map((f) => f.severity)).toEqual(['warning']);
      expect(unreachable[0]?.message).toContain('connection refused');
    } finally {
      await lapi.restart();
    }
    expect((await crowdsec()).verdict).toBe('dangerous');
  });

  it('a hung LAPI: the API answers within the read timeout and /metrics (within a second) carries lapi_up 0', { timeout: 30_000 }, async () => {
    // A loopback TCP server that accepts and never answers: a LAPI stuck on its database.
    const sockets: Socket[] = [];
    const hung = createServer((sock) => void sockets.push(sock));
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const { port } = hung.address() as AddressInfo;
    process.env.EDGELENS_CROWDSEC_URL = `http://127.0.0.1:${port}`;
    try {
      let t = performance.now();
      const report = await crowdsec();
      // Functional bounds (the LAPI timeout is 5 s), not a benchmark.
      expect(performance.now() - t).toBeLessThan(8_000);
      expect(report.verdict).toBe('unreachable');
      expect(report.lapi.reachable).toBe(false);
      t = performance.now();
      const m = await call('metrics', '/metrics');
      expect(performance.now() - t).toBeLessThan(4_000);
      expect(m.body).toContain('edgelens_crowdsec_lapi_up 0');
    } finally {
      process.env.EDGELENS_CROWDSEC_URL = lapi.url;
      for (const sock of sockets) sock.destroy();
      await new Promise<void>((resolve) => hung.close(() => resolve()));
    }
  });

  it('the bouncer key and the machine password appear in no response body and no log line', async () => {
    await call('cluster', '/api/v1/cluster');
    await call('health', '/api/v1/health');
    expect(bodies.length).toBeGreaterThanOrEqual(10);
    for (const secret of secrets()) {
      expect(secret.length).toBeGreaterThan(8);
      for (const body of bodies) expect(body).not.toContain(secret);
      for (const line of logged) expect(line).not.toContain(secret);
    }
  });
});
