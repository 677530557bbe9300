// `edgelens crowdsec` as a user runs it (bin/edgelens.mjs in a child process), against
// a real CrowdSec LAPI on loopback (Debian crowdsec, lab/crowdsec.ts) and the lab's
// homelab-before log; the same report as GET /api/v1/crowdsec.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CROWDSEC_INSTALL_HINT, findCrowdsecInstall, startCrowdsecLapi, type RunningLapi } from '@/lab/crowdsec';
import { accessLogMode, announcerInternalIP, generatePodLog, nodeInternalIPs } from '@/lab/podlogs';
import { loadScenario } from '@/lab/scenarios';
import { crowdsecReportSchema, type CrowdsecReport } from '@/lib/model';

const home = fileURLToPath(new URL('..', import.meta.url));
const scenario = (name: string) => join(home, 'lab', 'scenarios', `${name}.yaml`);
const tmp = mkdtempSync(join(tmpdir(), 'edgelens-cli-crowdsec-'));

function run(args: string[], extraEnv: Record<string, string> = {}, input = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: tmp, KUBECONFIG: join(tmp, 'none'), EDGELENS_MODE: '', ...extraEnv };
    for (const k of Object.keys(env)) if (k.startsWith('EDGELENS_CROWDSEC_') && !(k in extraEnv)) delete env[k];
    const child = execFile(process.execPath, [join(home, 'bin', 'edgelens.mjs'), 'crowdsec', ...args], { env, cwd: tmp, timeout: 90_000 }, (err, stdout, stderr) => {
      resolve({ code: err && typeof err.code === 'number' ? err.code : err ? 99 : 0, stdout, stderr });
    });
    child.stdin?.end(input);
  });
}

const parse = (stdout: string): CrowdsecReport => crowdsecReportSchema.parse(JSON.parse(stdout));

/** The Traefik log the lab's homelab-before pods write. */
function homelabBeforeLog(): string {
  const objects = loadScenario('homelab-before');
  const now = new Date('2026-12-01T12:00:00Z');
  return objects
    .filter((o) => o.kind === 'Pod' && accessLogMode(o) !== null)
    .flatMap((p) => generatePodLog(p, { now, nodeIPs: nodeInternalIPs(objects), announcerIP: announcerInternalIP(objects, p.metadata.namespace) }))
    .map((l) => l.text)
    .join('\n')
    .concat('\n');
}

describe('edgelens crowdsec', () => {
  let lapi: RunningLapi;
  const logFile = join(tmp, 'traefik.log');
  const keyFile = join(tmp, 'bouncer-key');

  beforeAll(async () => {
    if (findCrowdsecInstall() === null) throw new Error(CROWDSEC_INSTALL_HINT);
    lapi = await startCrowdsecLapi();
    await lapi.addDecision('203.0.113.50', { reason: 'crowdsecurity/http-bad-user-agent' });
    writeFileSync(logFile, homelabBeforeLog());
    writeFileSync(keyFile, `${lapi.bouncerKey}\n`);
  }, 60_000);
  afterAll(async () => {
    await lapi?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('homelab-before with only a public decision: blind, exit 1, and the plugin that lets every visitor through', async () => {
    const r = await run(['--logs', logFile, '--snapshot', scenario('homelab-before'), '--url', lapi.url, '--key-file', keyFile, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = parse(r.stdout);
    expect(report.verdict).toBe('blind');
    expect(report.decisionsTotal).toBe(1);
    expect(report.decisionsByClass).toEqual({ documentation: 1 });
    expect(report.blindRouters?.length).toBeGreaterThan(0);
    expect(report.findings.map((f) => f.rule)).toContain('crowdsec-bouncer-trusts-snat-source');
    expect(r.stdout).not.toContain(lapi.bouncerKey);
  });

  it('prints readable text with the per-router table and the assumption', async () => {
    const r = await run(['--logs', logFile, '--snapshot', scenario('homelab-before'), '--url', lapi.url, '--key-file', keyFile]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✖ BLIND');
    expect(r.stdout).toContain('What CrowdSec can see, per router:');
    expect(r.stdout).toContain('assumed: hub-2026');
    expect(r.stdout).toContain('polling: GET /v1/decisions');
  });

  it('reads the log from stdin and takes an older hub and a configured whitelist', async () => {
    const r = await run(['--logs', '-', '--node-ip', '10.0.20.101', '--crowdsec-hub', 'hub-2021', '--whitelist', 'default,100.64.0.0/10', '--json'], {}, `${JSON.stringify({ ClientAddr: '100.100.1.2:1', ClientHost: '100.100.1.2', RouterName: 'vpn@k', DownstreamStatus: 200, time: '2024-05-01T12:00:00Z' })}\n`);
    const report = parse(r.stdout);
    expect(report.assumed).toMatchObject({ hub: 'hub-2021', whitelistFrom: 'configured' });
    expect(report.routers?.[0]).toMatchObject({ router: 'vpn@k', whitelisted: 1, sight: 'blind' });
    // No LAPI configured: the verdict says so, the routers still say CrowdSec would be blind (exit 1).
    expect(report.verdict).toBe('not-configured');
    expect(report.blindRouters).toEqual(['vpn@k']);
    expect(r.code).toBe(1);
  });

  it('bad usage is exit 2 with one line', async () => {
    const r = await run(['--crowdsec-hub', 'hub-1999']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--crowdsec-hub takes hub-2026');
    const w = await run(['--whitelist', 'nonsense']);
    expect(w.code).toBe(2);
  });
});
