// The edgelens command as a user runs it: a real child process through bin/edgelens.mjs.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { clusterReportSchema, haproxyOutputSchema } from '@/lib/model';
import { haproxyCheck } from '@/lab/haproxy-bin';

const home = fileURLToPath(new URL('..', import.meta.url));
const scenario = (name: string) => join(home, 'lab', 'scenarios', `${name}.yaml`);
const tmp = mkdtempSync(join(tmpdir(), 'edgelens-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // An empty HOME/KUBECONFIG so a developer's own cluster never leaks into the test.
    const env = { ...process.env, HOME: tmp, KUBECONFIG: join(tmp, 'none'), EDGELENS_MODE: '' };
    const child = execFile(process.execPath, [join(home, 'bin', 'edgelens.mjs'), ...args], { env, cwd: tmp, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err && typeof err.code === 'number' ? err.code : err ? 99 : 0;
      resolve({ code, stdout, stderr });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

describe('edgelens cluster', () => {
  it('reads a kubectl snapshot and prints the CONTRACT JSON; errors found → exit 1', async () => {
    const r = await run(['cluster', '--snapshot', scenario('homelab-before'), '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = clusterReportSchema.parse(JSON.parse(r.stdout));
    expect(report.source).toBe('snapshot');
    const shared = report.loadBalancers.find((lb) => lb.ip === '10.0.20.200');
    expect(shared?.services).toHaveLength(10);
    expect(shared?.announcer).toEqual({ node: 'k8s-node3', source: 'ServiceL2Status' });
    expect(report.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['etp-cluster-snat', 'etp-local-announcer-without-endpoint']));
  });

  it('reads the snapshot from stdin with -', async () => {
    const { readFileSync } = await import('node:fs');
    const r = await run(['cluster', '--snapshot', '-', '--json'], readFileSync(scenario('homelab-after'), 'utf8'));
    const report = clusterReportSchema.parse(JSON.parse(r.stdout));
    expect(report.findings.map((f) => f.rule)).not.toContain('etp-cluster-snat');
  });

  it('prints readable text without --json', async () => {
    const r = await run(['cluster', '--snapshot', scenario('shared-ip-conflict')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('shared-ip-mixed-etp');
    expect(r.stdout).toContain('ERROR');
  });

  it('a missing snapshot is exit 2 with one clear line and no stack', async () => {
    const r = await run(['cluster', '--snapshot', join(tmp, 'nope.yaml'), '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/nope\.yaml.*no such file/);
  });

  it('an unparsable snapshot is exit 2', async () => {
    const bad = join(tmp, 'bad.yaml');
    writeFileSync(bad, 'items: [ {unclosed\n');
    const r = await run(['cluster', '--snapshot', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\bat .*\.(ts|js|mjs):\d+/);
  });

  it('an unknown flag is exit 2', async () => {
    const r = await run(['cluster', '--nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--nope/);
  });

  it('with no kubeconfig at all it reads the embedded lab', async () => {
    const r = await run(['cluster', '--json']);
    const report = clusterReportSchema.parse(JSON.parse(r.stdout));
    expect(report.source).toBe('lab');
    expect(report.loadBalancers.length).toBeGreaterThan(0);
  });
});

describe('edgelens haproxy', () => {
  it('generates from a Service in a snapshot; --json has the CONTRACT shape', async () => {
    const r = await run(['haproxy', '--snapshot', scenario('homelab-before'), '--service', 'traefik/traefik', '--egress', '192.0.2.5', '--json']);
    expect(r.code).toBe(0);
    const out = haproxyOutputSchema.parse(JSON.parse(r.stdout));
    expect(out.haproxyCfg).toContain('send-proxy-v2');
    expect(out.trustedIPs).toEqual(['192.0.2.5']);
    expect(out.traefik?.cli.join(' ')).toContain('--entryPoints.websecure.proxyProtocol.trustedIPs=192.0.2.5');
  });

  it('a mail Service (25/465/587/993, ETP=Local) in nodeport mode: every port, only nodes with the pod, healthCheckNodePort checks, Postfix/Dovecot settings; haproxy -c accepts it', async () => {
    const r = await run(['haproxy', '--snapshot', scenario('homelab-before'), '--service', 'mail/mailserver', '--mode', 'nodeport', '--egress', '10.0.20.5']);
    expect(r.code, r.stderr).toBe(0);
    for (const port of [25, 465, 587, 993]) expect(r.stdout).toContain(`bind 0.0.0.0:${port}`);
    expect(r.stdout).toMatch(/server k8s-node\d \S+ check port 32394 /);
    expect(r.stdout).toContain('option httpchk GET /healthz');
    const [check] = haproxyCheck([r.stdout]);
    expect(check?.status, check?.output).toBe(0);
    expect(r.stderr).toContain('-o postscreen_upstream_proxy_protocol=haproxy');
    expect(r.stderr).toContain('-o smtpd_upstream_proxy_protocol=haproxy');
    expect(r.stderr).toContain('haproxy_trusted_networks = 10.0.20.5');
    expect(r.stderr).not.toContain('# Static configuration');
    // --port narrows; --receiver overrides the guess; a bad value is exit 2.
    const imaps = await run(['haproxy', '--snapshot', scenario('homelab-before'), '--service', 'mail/mailserver', '--port', '993', '--receiver', 'generic', '--json']);
    const out = haproxyOutputSchema.parse(JSON.parse(imaps.stdout));
    expect(out.servers?.map((s) => s.entryPoint)).toEqual(['imaps']);
    expect(out.receivers?.map((x) => x.receiver)).toEqual(['generic']);
    expect((await run(['haproxy', '--snapshot', scenario('homelab-before'), '--service', 'mail/mailserver', '--port', 'smtp'])).code).toBe(2);
    expect((await run(['haproxy', '--snapshot', scenario('homelab-before'), '--service', 'mail/mailserver', '--receiver', 'exim'])).code).toBe(2);
  });

  it('stdout is exactly haproxy.cfg without --json', async () => {
    const r = await run(['haproxy', '--backend', '198.51.100.7:8443', '--backend', '[2001:db8::7]:8443']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# Generated by edgelens haproxy/);
    expect(r.stdout).toContain('server ');
    expect(r.stdout).not.toContain('# Static configuration');
    expect(r.stderr).toContain('# Static configuration');
  });

  it.each([
    [['haproxy', '--backend', '1.2.3.4:443\n listen evil']],
    [['haproxy', '--backend', 'example.com:443']],
    [['haproxy', '--backend', '1.2.3.4:70000']],
    [['haproxy', '--snapshot', scenario('homelab-before'), '--service', 'traefik/nope']],
    [['haproxy']],
  ])('rejects %j with exit 2 and a reason', async (args) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toMatch(/^edgelens haproxy: .+/);
  });
});
