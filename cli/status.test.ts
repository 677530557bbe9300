// `edgelens status` as a user runs it: a real child process through bin/edgelens.mjs.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { summarySchema, type Summary } from '@/lib/model';

const home = fileURLToPath(new URL('..', import.meta.url));
const scenario = (name: string) => join(home, 'lab', 'scenarios', `${name}.yaml`);
const tmp = mkdtempSync(join(tmpdir(), 'edgelens-cli-status-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(args: string[], input = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, HOME: tmp, KUBECONFIG: join(tmp, 'none'), EDGELENS_MODE: '' };
    const child = execFile(process.execPath, [join(home, 'bin', 'edgelens.mjs'), 'status', ...args], { env, cwd: tmp, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err && typeof err.code === 'number' ? err.code : err ? 99 : 0, stdout, stderr });
    });
    child.stdin?.end(input);
  });
}

const summary = (stdout: string): Summary => summarySchema.parse(JSON.parse(stdout));

/** Traefik v3 JSON entries (ClientHost = ClientAddr's host: no X-Forwarded-For). */
function log(clients: string[], proto = 'HTTP/2.0'): string {
  return clients
    .map((ip, i) => JSON.stringify({ ClientAddr: `${ip}:${40000 + i}`, ClientHost: ip, RequestProtocol: proto, RouterName: 'web@kubernetes', entryPointName: 'websecure', level: 'info', msg: '', time: '2024-05-01T12:00:00Z' }))
    .join('\n')
    .concat('\n');
}

describe('edgelens status', () => {
  it('--snapshot: the config answers; traps set is exit 1', async () => {
    const r = await run(['--snapshot', scenario('homelab-before'), '--json']);
    expect(r.code).toBe(1);
    const s = summary(r.stdout);
    expect(s.answers.clientIp.answer).toBe('no');
    expect(s.answers.clientIp.headline).toMatch(/^Likely not/);
    expect(s.answers.traps.answer).toBe('yes');
  });

  it('--logs - (stdin) with the snapshot: the logs answer, judged with the snapshot\'s nodes', async () => {
    const nodes = ['10.0.20.101', '10.0.20.102', '10.0.20.103'];
    const r = await run(['--snapshot', scenario('homelab-after'), '--logs', '-', '--json'], log(Array.from({ length: 300 }, (_, i) => nodes[i % 3] ?? '')));
    expect(r.code).toBe(1);
    expect(summary(r.stdout).answers.clientIp).toMatchObject({ answer: 'no', basis: ['logs', 'cluster'] });
  });

  it('prints the three questions in words', async () => {
    const r = await run(['--snapshot', scenario('homelab-after')]);
    expect(r.stdout).toContain('Do real client IPs reach my apps?  ? UNKNOWN');
    expect(r.stdout).toContain('Does HTTP/3 work through my load balancer?');
    expect(r.stdout).toContain('Which load-balancer traps are set?  ▲ WARNINGS');
  });

  it('--logs with no cluster configured: judged alone (never against the lab), suspect-snat is exit 1', async () => {
    const nodes = ['10.0.20.101', '10.0.20.102', '10.0.20.103', '10.0.20.104', '10.0.20.105'];
    const r = await run(['--logs', '-', '--json'], log(Array.from({ length: 500 }, (_, i) => nodes[i % 5] ?? '')));
    expect(r.code).toBe(1);
    const s = summary(r.stdout);
    expect(s.answers.clientIp).toMatchObject({ answer: 'unknown', suspect: true, basis: ['logs'] });
    expect(s.answers.traps.answer).toBe('unknown');
  });

  it('bad usage is exit 2', async () => {
    const r = await run(['--snapshot', '-', '--logs', '-']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot both read stdin');
  });
});
