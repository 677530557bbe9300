// Against a real CrowdSec LAPI (Debian crowdsec 1.4.6, unpacked by
// scripts/install-crowdsec.sh) started on loopback by lab/crowdsec.ts. The
// decision values are data inside the LAPI: no traffic goes to them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeCrowdsec, type CrowdsecContext } from '@/lib/analyzers/crowdsec';
import type { AddressClass, AddressContext } from '@/lib/model';
import { createClassifier } from '@/lib/net/classify';
import { CROWDSEC_INSTALL_HINT, findCrowdsecInstall, startCrowdsecLapi, type RunningLapi } from '@/lab/crowdsec';
import { readLapi } from './lapi';

const CLUSTER: AddressContext = { nodeIPs: ['10.0.20.101', '10.0.20.102', '10.0.20.103'], podCIDRs: ['10.42.0.0/16'], lbIPs: ['10.0.20.200'] };

/** The classifier the server wires in (server/crowdsec-service.ts): lib/net's, with a non-address as public. */
const netClassify = createClassifier(CLUSTER);
function testClassify(ip: string): AddressClass {
  return netClassify(ip) ?? 'public';
}

const ctx = (): CrowdsecContext => ({ classify: testClassify, addresses: CLUSTER, now: new Date() });
const WRONG_KEY = 'edgelens-wrong-key-0123456789abcdef';
const WRONG_PASSWORD = 'edgelens-wrong-password-0123456789';

describe('CrowdSec LAPI (real)', () => {
  let lapi: RunningLapi;
  /** Every observation, report and finding produced here: none may contain a secret. */
  const produced: unknown[] = [];

  beforeAll(async () => {
    // Fail (not skip) with the fix when the binaries are missing.
    if (findCrowdsecInstall() === null) throw new Error(CROWDSEC_INSTALL_HINT);
    lapi = await startCrowdsecLapi();
  });
  afterAll(async () => {
    await lapi?.stop();
  });

  async function observe(over: { apiKey?: string; machine?: { id: string; password: string }; timeoutMs?: number } = {}) {
    const obs = await readLapi({ url: lapi.url, apiKey: lapi.bouncerKey, machine: lapi.machine, timeoutMs: 10_000, ...over });
    const report = analyzeCrowdsec(obs, ctx());
    produced.push(obs, report, ...report.findings);
    return { obs, report };
  }

  it('reads an empty LAPI: JSON null decisions are an empty list, and the verdict is ok', async () => {
    const { obs, report } = await observe();
    expect(obs.health).toMatchObject({ ok: true, up: true, status: 200 });
    expect(obs.decisions).toMatchObject({ ok: true, items: [] });
    expect(obs.alerts).toMatchObject({ ok: true, step: 'alerts', items: [] });
    expect(report.lapi).toEqual({ url: lapi.url, reachable: true, healthy: true, auth: 'ok' });
    expect(report.verdict).toBe('ok');
    expect(report.findings).toEqual([]);
  });

  it('shows decisions added with cscli with the right classes and flags', async () => {
    await lapi.addDecision('10.0.20.103', { reason: 'crowdsecurity/http-probing' });
    await lapi.addDecision('203.0.113.50', { reason: 'crowdsecurity/http-bad-user-agent', duration: '1h' });
    await lapi.addDecision('10.0.0.0/8', { range: true, reason: 'manual' });

    const { obs, report } = await observe();
    expect(obs.decisions?.items).toHaveLength(3);
    const d = (value: string) => report.decisions.find((x) => x.value === value);
    expect(d('10.0.20.103')).toMatchObject({ scope: 'Ip', type: 'ban', origin: 'cscli', class: 'node', flags: ['internal-address', 'node'] });
    expect(d('203.0.113.50')).toMatchObject({ scope: 'Ip', class: 'documentation', flags: [] });
    expect(d('10.0.0.0/8')).toMatchObject({ scope: 'Range', class: 'node', flags: ['range', 'internal-address', 'node', 'lb', 'pod', 'private'] });
    expect(d('10.0.20.103')?.expiresAt).toBeDefined();

    const internal = report.findings.filter((f) => f.rule === 'crowdsec-decision-on-internal-ip');
    expect(internal.map((f) => f.message).sort()).toEqual([
      'CrowdSec has a ban decision on node address 10.0.20.103.',
      'CrowdSec has a ban decision on range 10.0.0.0/8, which covers node addresses, load-balancer IPs, pod addresses, private addresses.',
    ]);
    expect(internal.every((f) => f.severity === 'error')).toBe(true);
    expect(report.verdict).toBe('dangerous');

    // The machine login works against the real LAPI (it rejects Node's default User-Agent).
    expect(obs.alerts).toMatchObject({ ok: true, step: 'alerts' });
    expect(report.alerts?.find((a) => a.value === '10.0.20.103')).toMatchObject({ class: 'node', scenario: 'crowdsecurity/http-probing' });
  });

  it('reports a wrong bouncer key as crowdsec-auth-failed, not as an error response', async () => {
    const { obs, report } = await observe({ apiKey: WRONG_KEY, machine: undefined });
    expect(obs.decisions).toMatchObject({ ok: false, error: 'auth', status: 403 });
    expect(report.findings.map((f) => [f.rule, f.severity])).toEqual([['crowdsec-auth-failed', 'error']]);
    expect(report.lapi).toMatchObject({ reachable: true, healthy: true, auth: 'failed' });
    // A rejected key is its own verdict, not "unreachable" while reachable is true.
    expect(report.verdict).toBe('auth-failed');
  });

  it('reports a wrong machine password as crowdsec-auth-failed while still reading decisions', async () => {
    const { obs, report } = await observe({ machine: { id: lapi.machine.id, password: WRONG_PASSWORD } });
    expect(obs.alerts).toMatchObject({ ok: false, error: 'auth', status: 401, step: 'login' });
    expect(obs.decisions?.items).toHaveLength(3);
    expect(report.findings.map((f) => f.rule).sort()).toEqual(['crowdsec-auth-failed', 'crowdsec-decision-on-internal-ip', 'crowdsec-decision-on-internal-ip']);
  });

  it('reports a stopped LAPI as crowdsec-unreachable at once (refused, not a timeout)', async () => {
    await lapi.stopProcess();
    const { obs, report } = await observe({ timeoutMs: 30_000 });
    expect(obs.health).toMatchObject({ ok: false, error: 'refused' });
    expect(obs.decisions).toMatchObject({ ok: false, error: 'refused' });
    expect(report.findings.map((f) => [f.rule, f.severity])).toEqual([['crowdsec-unreachable', 'warning']]);
    expect(report.findings[0]?.message).toContain('connection refused');
    expect(report).toMatchObject({ verdict: 'unreachable', lapi: { reachable: false, auth: 'unknown' } });
  });

  it('reads the same decisions again after a restart (they live in the LAPI database)', async () => {
    await lapi.restart();
    const { report } = await observe();
    expect(report.decisions.map((d) => d.value).sort()).toEqual(['10.0.0.0/8', '10.0.20.103', '203.0.113.50']);
  });

  it('never puts the bouncer key, the machine password or a wrong key into any observation, report or finding', () => {
    expect(produced.length).toBeGreaterThan(20);
    for (const value of produced) {
      const text = JSON.stringify(value);
      for (const secret of [lapi.bouncerKey, lapi.machine.password, WRONG_KEY, WRONG_PASSWORD]) expect(text).not.toContain(secret);
    }
  });
});
