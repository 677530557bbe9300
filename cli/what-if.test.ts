// `edgelens cluster --what-if` as a user runs it: a real child process through bin/edgelens.mjs.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { clusterReportSchema } from '@/lib/model';

const home = fileURLToPath(new URL('..', import.meta.url));
const scenario = (name: string) => join(home, 'lab', 'scenarios', `${name}.yaml`);
const tmp = mkdtempSync(join(tmpdir(), 'edgelens-what-if-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // An empty HOME/KUBECONFIG so a developer's own cluster never leaks into the test.
    const env = { ...process.env, HOME: tmp, KUBECONFIG: join(tmp, 'none'), EDGELENS_MODE: '' };
    execFile(process.execPath, [join(home, 'bin', 'edgelens.mjs'), ...args], { env, cwd: tmp, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err && typeof err.code === 'number' ? err.code : err ? 99 : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

function report(stdout: string) {
  const r = clusterReportSchema.parse(JSON.parse(stdout));
  if (!r.whatIf) throw new Error('the JSON has no whatIf');
  return { ...r, whatIf: r.whatIf };
}

describe('edgelens cluster --what-if', () => {
  it('own IP + ETP=Local on homelab-before: resolves the SNAT/QUIC warnings, no shared-ip error, tunnel and DNS zone still on 10.0.20.200', async () => {
    const r = await run(['cluster', '--snapshot', scenario('homelab-before'), '--what-if', 'traefik/traefik:etp=Local,ip=10.0.20.203', '--json']);
    expect(r.stderr).toBe('');
    // The changed cluster still has the mailserver's announcer error (unrelated to Traefik): exit 1.
    expect(r.code).toBe(1);
    const { whatIf, loadBalancers } = report(r.stdout);
    expect(whatIf.resolved.map((f) => f.rule)).toEqual(['etp-cluster-snat', 'quic-etp-cluster-spread']);
    expect(whatIf.new.map((f) => f.rule).filter((x) => x.startsWith('shared-ip-'))).toEqual([]);
    expect(whatIf.blastRadius.filter((b) => b.kind === 'ConfigMap').map((b) => `${b.namespace}/${b.name} ${b.ip}`)).toEqual([
      'cloudflared/cloudflared-config 10.0.20.200',
      'dns/split-horizon-zone 10.0.20.200',
    ]);
    expect(loadBalancers.find((lb) => lb.ip === '10.0.20.203')?.announcer?.node).toBe('k8s-node4');
    expect(whatIf.checklist.length).toBeGreaterThanOrEqual(7);
  });

  it('the same in place predicts shared-ip-mixed-etp', async () => {
    const r = await run(['cluster', '--snapshot', scenario('homelab-before'), '--what-if', 'traefik/traefik:etp=Local', '--json']);
    expect(r.code).toBe(1);
    expect(report(r.stdout).whatIf.new.map((f) => f.rule)).toEqual(expect.arrayContaining(['shared-ip-mixed-etp', 'allocation-failed']));
  });

  it('is repeatable', async () => {
    const r = await run(['cluster', '--snapshot', scenario('homelab-before'), '--what-if', 'traefik/traefik:etp=Local,ip=10.0.20.203', '--what-if', 'dolt/dolt:key=other', '--json']);
    const { whatIf } = report(r.stdout);
    expect(whatIf.changes.map((c) => c.name)).toEqual(['traefik', 'dolt']);
    expect(whatIf.new.map((f) => f.rule)).toContain('shared-ip-key-mismatch');
  });

  it('prints a What if section with resolved, new, blast radius and a numbered checklist', async () => {
    const r = await run(['cluster', '--snapshot', scenario('homelab-before'), '--what-if', 'traefik/traefik:etp=Local,ip=10.0.20.203']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('What if: traefik/traefik:etp=Local,ip=10.0.20.203\nVerdict: SAFE — resolves 2 findings and adds no error');
    expect(r.stdout).toMatch(/✓ RESOLVED {2}etp-cluster-snat \(10\.0\.20\.200\) — traefik\/traefik/);
    expect(r.stdout).toMatch(/New \(0\):\n {2}\(none\)/);
    expect(r.stdout).toMatch(/ConfigMap cloudflared\/cloudflared-config +10\.0\.20\.200 +data\[config\.yaml\]/);
    expect(r.stdout).toMatch(/\n {2}1\. \[pre-flight\] /);
    expect(r.stdout).toMatch(/\n {2}3\. \[move-service\] Move traefik\/traefik: kubectl -n traefik patch svc traefik/);
    expect(r.stdout).toContain('rollback: ');
  });

  it('new errors show with their severity word', async () => {
    const r = await run(['cluster', '--snapshot', scenario('homelab-before'), '--what-if', 'traefik/traefik:etp=Local']);
    expect(r.stdout).toMatch(/✖ ERROR {2}shared-ip-mixed-etp \(10\.0\.20\.200\) — traefik\/traefik/);
    expect(r.stdout).toMatch(/Verdict: UNSAFE — traefik\/traefik loses its IP/);
    expect(r.stdout).toMatch(/Hidden by a new error \(\d+\)/);
    expect(r.stdout).not.toMatch(/\[move-service\]/);
  });

  it('a no-op says NO CHANGE and prints no checklist', async () => {
    const r = await run(['cluster', '--snapshot', scenario('homelab-before'), '--what-if', 'mail/mailserver:etp=Local']);
    expect(r.stdout).toMatch(/Verdict: NO CHANGE — /);
    expect(r.stdout).not.toContain('Cutover checklist');
  });

  it.each([
    [['traefik/traefik:etp=Locl'], /etp must be Local or Cluster, got "Locl"/],
    [['traefik/traefik:pool=x'], /unknown key "pool"/],
    [['nope/nope:etp=Local'], /Service nope\/nope is not in the snapshot/],
  ])('a bad --what-if %j is exit 2 with one line', async (whatIf, message) => {
    const r = await run(['cluster', '--snapshot', scenario('homelab-before'), ...whatIf.flatMap((w) => ['--what-if', w]), '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});
