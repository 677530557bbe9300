// `edgelens probe` as a user runs it: the real bin in a child process, against a real Caddy on
// loopback (HTTP/1.1, h2 and h3) and a UDP port with nothing behind it.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeReportSchema } from '@/lib/model';
import { startCaddy, type RunningCaddy } from '@/lab/caddy';
import { closedUdpPort } from '@/lab/ports';
import { parseProbeEndpoint } from './commands/probe';
import { UsageError } from './errors';

const home = fileURLToPath(new URL('..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'edgelens-cli-probe-'));
let caddy: RunningCaddy;

beforeAll(async () => {
  caddy = await startCaddy();
});
afterAll(async () => {
  await caddy?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, HOME: tmp, KUBECONFIG: join(tmp, 'none') };
    execFile(process.execPath, [join(home, 'bin', 'edgelens.mjs'), ...args], { env, cwd: tmp, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err && typeof err.code === 'number' ? err.code : err ? 99 : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('edgelens probe (real bin, real Caddy)', () => {
  it('tcp --json: the CONTRACT report, verdict ok, Alt-Svc advertising h3 → exit 0', async () => {
    const r = await run(['probe', 'tcp', `127.0.0.1:${caddy.port}`, '--samples', '3', '--interval', '0', '--insecure', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const raw: unknown = JSON.parse(r.stdout);
    const report = probeReportSchema.parse(raw);
    expect(report).toMatchObject({ kind: 'tcp', target: `127.0.0.1:${caddy.port}`, sni: null, samples: 3, ok: 3, failed: 0, verdict: 'ok' });
    // Exactly the CONTRACT keys on every sample.
    for (const s of report.results) {
      expect(s).toMatchObject({ ok: true, phase: 'done', error: null, alpn: 'h2', status: 200 });
      expect(s.altSvc).toContain(`h3=":${caddy.port}"`);
      expect(s.handshakeMs).toBeGreaterThan(0);
    }
  });

  it('h3 --json with --sni: ok over QUIC → exit 0', async () => {
    const r = await run(['probe', 'h3', `127.0.0.1:${caddy.port}`, '--sni', 'localhost', '--samples', '2', '--interval', '0', '--insecure', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = probeReportSchema.parse(JSON.parse(r.stdout));
    expect(report).toMatchObject({ kind: 'h3', sni: 'localhost', samples: 2, ok: 2, verdict: 'ok' });
    expect(report.results[0]).toMatchObject({ alpn: 'h3', status: 200 });
  });

  it('h3 text: per-sample lines, verdict, p50/p95', async () => {
    const r = await run(['probe', 'h3', `127.0.0.1:${caddy.port}`, '--samples', '2', '--interval', '0', '--insecure']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/HTTP\/3 \(QUIC\) probe of 127\.0\.0\.1:\d+: 2 samples/);
    expect(r.stdout).toMatch(/^\s+1\s+ok\s+handshake [\d.]+ ms/m);
    expect(r.stdout).toMatch(/^\s+2\s+ok\s+/m);
    expect(r.stdout).toMatch(/verdict: ✔ OK — 2 of 2 ok {2}· {2}handshake p50 [\d.]+ ms {2}p95 [\d.]+ ms/);
  });

  it('the certificate is verified unless --insecure: a self-signed cert fails as tls → exit 1', async () => {
    const r = await run(['probe', 'tcp', `127.0.0.1:${caddy.port}`, '--samples', '1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL {2}tls in tls: certificate rejected/);
    expect(r.stdout).toContain('error: TLS failed: the certificate was rejected or the handshake broke');
    // The rejected handshake finished, but a failing target has no latency to speak of.
    expect(r.stdout).toMatch(/verdict: ✖ FAILING — 0 of 1 ok {2}· {2}no successful sample: no latency to report/);
    expect(r.stdout).not.toMatch(/p50/);
    // … and with the lab certificate as the trust anchor it passes.
    const trusted = await run(['probe', 'tcp', `127.0.0.1:${caddy.port}`, '--samples', '1', '--ca', caddy.certPath, '--json']);
    expect(trusted.code, trusted.stdout).toBe(0);
  });

  it('h3 to a closed UDP port: the error in words, verdict failing → exit 1', async () => {
    const port = await closedUdpPort();
    const r = await run(['probe', 'h3', `127.0.0.1:${port}`, '--samples', '2', '--interval', '0', '--timeout', '2000', '--insecure']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('verdict: ✖ FAILING — 0 of 2 ok');
    expect(r.stdout).toContain(`error: UDP port closed: the host answered "port unreachable" — nothing listens on UDP/${port}`);
    expect(r.stdout).toMatch(/failures: refused ×2/);
  });

  it('IPv6 is written [addr]:port (a closed port on ::1 is refused, not a usage error)', async () => {
    const r = await run(['probe', 'tcp', '[::1]:1', '--samples', '1', '--json']);
    expect(r.code).toBe(1);
    const report = probeReportSchema.parse(JSON.parse(r.stdout));
    expect(report.target).toBe('[::1]:1');
    expect(report.results[0]?.error).toMatch(/refused|unreachable/);
  });

  it.each([
    [['probe'], /say which probe: tcp or h3/],
    [['probe', 'udp', '127.0.0.1:1'], /unknown probe "udp"/],
    [['probe', 'tcp'], /give the endpoint as HOST:PORT/],
    [['probe', 'tcp', '127.0.0.1'], /expected HOST:PORT/],
    [['probe', 'tcp', '::1:443'], /expected HOST:PORT.*\[ADDRESS\]:PORT|IPv6/],
    [['probe', 'tcp', '127.0.0.1:0'], /port must be from 1 to 65535/],
    [['probe', 'tcp', '127.0.0.1:443', '--samples', '0'], /--samples must be a whole number/],
    [['probe', 'tcp', '127.0.0.1:443', '--timeout', 'soon'], /--timeout must be a whole number/],
    [['probe', 'tcp', '127.0.0.1:443', '--bogus'], /--bogus/],
  ])('bad usage %j → exit 2, one line on stderr, nothing on stdout', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\bat .*\.(ts|js|mjs):\d+/);
  });
});

describe('parseProbeEndpoint', () => {
  it('reads IPv4, hostnames and bracketed IPv6', () => {
    expect(parseProbeEndpoint('127.0.0.1:8443')).toEqual({ host: '127.0.0.1', port: 8443 });
    expect(parseProbeEndpoint('app.example.org:443')).toEqual({ host: 'app.example.org', port: 443 });
    expect(parseProbeEndpoint('[2001:db8::1]:443')).toEqual({ host: '2001:db8::1', port: 443 });
  });

  it('refuses the rest with a UsageError', () => {
    for (const bad of ['[127.0.0.1]:443', 'http://x:1', 'a b:1', ':443', 'host:99999', 'x:1\nINJECT']) {
      expect(() => parseProbeEndpoint(bad), bad).toThrow(UsageError);
    }
  });
});
