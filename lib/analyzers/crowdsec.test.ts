import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  alertListSchema,
  crowdsecReportSchema,
  decisionListSchema,
  type AddressClass,
  type AddressContext,
  type Decision,
  type LapiCall,
  type LapiObservation,
} from '@/lib/model';
import { analyzeCrowdsec, type CrowdsecContext, type RouterSources } from './crowdsec';
import { createClassifier } from '../net/classify';
import { analyzeLogText } from '../logs/stream';
import { routerSources } from './crowdsec-routers';

// Real LAPI 1.4.6 answers (captured from the lab LAPI): node 10.0.20.103, public
// 203.0.113.50, range 10.0.0.0/8, pod 10.42.1.17 (captcha), Country XX.
const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'));
const DECISIONS = decisionListSchema.parse(fixture('lapi-decisions.json'));
const ALERTS = alertListSchema.parse(fixture('lapi-alerts.json'));

const CLUSTER: AddressContext = {
  nodeIPs: ['10.0.20.101', '10.0.20.102', '10.0.20.103', '198.51.100.7'],
  podCIDRs: ['10.42.0.0/16'],
  lbIPs: ['10.0.20.200'],
};

/** The classifier the server wires in (server/crowdsec-service.ts): lib/net's, with a non-address as public. */
const netClassify = createClassifier(CLUSTER);
function testClassify(ip: string): AddressClass {
  return netClassify(ip) ?? 'public';
}

const NOW = new Date('2026-11-22T03:30:00Z');
const ctx = (extra: Partial<CrowdsecContext> = {}): CrowdsecContext => ({ classify: testClassify, addresses: CLUSTER, now: NOW, ...extra });

const okCall: LapiCall = { ok: true, error: null, status: 200, detail: null, ms: 2 };
function observe(decisions: Decision[] | null, over: Partial<LapiObservation> = {}): LapiObservation {
  return {
    url: 'http://crowdsec-service.crowdsec:8080',
    observedAt: NOW.toISOString(),
    health: { ...okCall, up: true },
    decisions: decisions === null ? null : { ...okCall, items: decisions },
    alerts: null,
    ...over,
  };
}
const decision = (over: Partial<Decision>): Decision => ({ id: 99, origin: 'cscli', type: 'ban', scope: 'Ip', value: '203.0.113.9', duration: '3h59m0s', scenario: 'manual', ...over });

const byValue = (report: ReturnType<typeof analyzeCrowdsec>, value: string) => report.decisions.find((d) => d.value === value);
const rules = (report: ReturnType<typeof analyzeCrowdsec>) => report.findings.map((f) => f.rule);

describe('analyzeCrowdsec: crowdsec-decision-on-internal-ip', () => {
  const report = analyzeCrowdsec(observe(DECISIONS), ctx());

  it('classifies every decision of a real LAPI answer', () => {
    expect(byValue(report, '10.0.20.103')).toMatchObject({ class: 'node', flags: ['internal-address', 'node'] });
    expect(byValue(report, '10.42.1.17')).toMatchObject({ class: 'pod', flags: ['internal-address', 'pod'], type: 'captcha' });
    expect(byValue(report, '203.0.113.50')).toMatchObject({ class: 'documentation', flags: [] });
    expect(byValue(report, 'XX')).toMatchObject({ scope: 'Country', class: null, flags: ['not-an-address'] });
    expect(byValue(report, '10.0.0.0/8')).toMatchObject({ class: 'node', flags: ['range', 'internal-address', 'node', 'lb', 'pod', 'private'] });
    expect(report.decisionsTotal).toBe(5);
    // Every decision counted once; the range by what it covers (a node), not by its first address.
    // 203.0.113.50 is an RFC 5737 documentation address: its own class, not public.
    expect(report.decisionsByClass).toEqual({ node: 2, pod: 1, documentation: 1, none: 1 });
    expect(() => crowdsecReportSchema.parse(report)).not.toThrow();
  });

  it('reports a ban on a node address as an error naming the IP, with the cscli command that removes it', () => {
    const f = report.findings.find((x) => x.ip === '10.0.20.103');
    expect(f).toMatchObject({ rule: 'crowdsec-decision-on-internal-ip', severity: 'error', subjects: [{ kind: 'CrowdSecDecision', name: '1' }] });
    expect(f?.message).toContain('node address 10.0.20.103');
    expect(f?.fix).toContain('cscli decisions delete --ip 10.0.20.103');
    expect(f?.evidence.join('\n')).toContain('crowdsecurity/http-probing');
    expect(f?.why).toMatch(/SNAT/);
  });

  it('reports a Range decision over internal space and lists the cluster addresses it covers', () => {
    const f = report.findings.find((x) => x.subjects[0]?.name === '3');
    expect(f?.rule).toBe('crowdsec-decision-on-internal-ip');
    expect(f?.ip).toBeUndefined();
    expect(f?.message).toContain('range 10.0.0.0/8');
    expect(f?.fix).toContain('--range 10.0.0.0/8');
    const evidence = f?.evidence.join('\n') ?? '';
    expect(evidence).toContain('10.0.20.103');
    expect(evidence).toContain('10.0.20.200');
    expect(evidence).toContain('10.42.0.0/16');
  });

  it('does not fire for a public address or a Country decision, and sets the verdict to dangerous', () => {
    expect(report.findings.filter((f) => f.rule === 'crowdsec-decision-on-internal-ip').map((f) => f.subjects[0]?.name).sort()).toEqual(['1', '3', '4']);
    expect(report.verdict).toBe('dangerous');
    expect(report.explanation).toMatch(/^3 of 5 CrowdSec decisions target internal addresses/);
  });

  it('computes when a decision expires from `now` and its Go duration', () => {
    expect(byValue(report, '10.0.20.103')?.expiresAt).toBe('2026-11-22T07:29:58.552Z');
  });

  it.each([
    ['203.0.113.0/24', ['range'], false],
    ['100.64.0.0/10', ['range', 'internal-address', 'cgnat'], true],
    ['fd00::/8', ['range', 'internal-address', 'private'], true],
    ['0.0.0.0/0', ['range', 'internal-address', 'node', 'lb', 'pod', 'loopback', 'private', 'cgnat', 'linklocal'], true],
    // A node with a public address: only the cluster lists know it is internal.
    ['198.51.100.0/24', ['range', 'internal-address', 'node'], true],
    ['10.0.20.103/32', ['range', 'internal-address', 'node'], true],
  ])('Range %s gets flags %j (dangerous: %s)', (value, flags, dangerous) => {
    const r = analyzeCrowdsec(observe([decision({ scope: 'Range', value })]), ctx());
    expect(r.decisions[0]?.flags).toEqual(flags);
    expect(rules(r).includes('crowdsec-decision-on-internal-ip')).toBe(dangerous);
  });

  it('still sees internal ranges without cluster addresses, from the well-known blocks', () => {
    const r = analyzeCrowdsec(observe([decision({ scope: 'Range', value: '192.168.0.0/16' })]), { classify: testClassify, now: NOW });
    expect(r.decisions[0]?.flags).toEqual(['range', 'internal-address', 'private']);
    expect(r.verdict).toBe('dangerous');
  });

  it('flags a simulated decision on a node but does not call it dangerous (bouncers do not enforce it)', () => {
    const r = analyzeCrowdsec(observe([decision({ value: '10.0.20.101', simulated: true })]), ctx());
    expect(r.decisions[0]?.flags).toEqual(['internal-address', 'node', 'simulated']);
    expect(r.findings).toEqual([]);
    expect(r.verdict).toBe('ok');
  });

  it('is ok with only public decisions', () => {
    const r = analyzeCrowdsec(observe([decision({})]), ctx());
    expect(r.findings).toEqual([]);
    expect(r.verdict).toBe('ok');
    expect(r.lapi).toEqual({ url: 'http://crowdsec-service.crowdsec:8080', reachable: true, healthy: true, auth: 'ok' });
  });

  it('keeps every internal decision but caps public ones, saying how many were left out', () => {
    const many = [...Array.from({ length: 5 }, (_, i) => decision({ id: i, value: `203.0.113.${i + 1}` })), decision({ id: 50, value: '10.0.20.102' })];
    const r = analyzeCrowdsec(observe(many), ctx({ maxPublicDecisions: 2 }));
    expect(r.decisions.map((d) => d.value)).toEqual(['10.0.20.102', '203.0.113.1', '203.0.113.2']);
    expect(r).toMatchObject({ decisionsTotal: 6, decisionsOmitted: 3 });
  });
});

describe('analyzeCrowdsec: crowdsec-blind, judged from a real log with CrowdSec\'s parser and whitelist', () => {
  /** Traefik v3 JSON lines (layout of lib/logs/__fixtures__/traefik-v3.json.log) for one router. */
  const line = (clientHost: string, router: string, clientAddr = `${clientHost.split(',').pop()?.trim() ?? clientHost}:41234`): string =>
    `{"ClientAddr":"${clientAddr}","ClientHost":"${clientHost}","ClientPort":"41234","ClientUsername":"-","DownstreamContentSize":4512,"DownstreamStatus":200,"Duration":3527104,"RequestAddr":"app.example.com","RequestHost":"app.example.com","RequestMethod":"GET","RequestPath":"/","RequestProtocol":"HTTP/2.0","RouterName":"${router}","StartUTC":"2024-05-01T12:00:01Z","entryPointName":"websecure","level":"info","msg":"","time":"2024-05-01T12:00:01Z"}`;
  function judge(lines: string[], decisions: Decision[] = [decision({})]) {
    const logs = analyzeLogText(lines.join('\n') + '\n', CLUSTER);
    return analyzeCrowdsec(observe(decisions), ctx({ routers: routerSources(logs), assumed: logs.crowdsec?.assumed }));
  }
  const n = (count: number, l: string): string[] => Array.from({ length: count }, () => l);

  it.each([
    ['node addresses', n(10, line('10.0.20.101', 'r@k')), 'blind'],
    ['LAN clients', n(10, line('192.168.1.50', 'r@k')), 'blind'],
    ['"203.0.113.7, 10.0.20.103" (CrowdSec reads the last entry)', n(10, line('203.0.113.7, 10.0.20.103', 'r@k')), 'blind'],
    ['CGNAT clients (not whitelisted)', n(10, line('100.100.1.2', 'r@k')), 'ok'],
    ['ULA clients (not whitelisted)', n(10, line('fd7a:115c:a1e0::1', 'r@k', '[fd7a:115c:a1e0::1]:41234')), 'ok'],
    ['a node with a public address', n(10, line('198.51.100.7', 'r@k')), 'dangerous'],
    ['99 node + 1 public request', [...n(99, line('10.0.20.101', 'r@k')), line('203.0.113.9', 'r@k')], 'blind'],
  ])('%s → %s', (_name, lines, verdict) => {
    expect(judge(lines).verdict).toBe(verdict);
  });

  it('names the router, says how much CrowdSec sees and what was assumed', () => {
    const r = judge([...n(99, line('10.0.20.101', 'immich@kubernetes')), line('203.0.113.9', 'immich@kubernetes'), ...n(5, line('203.0.113.10', 'grafana@kubernetes'))]);
    const blind = r.findings.filter((f) => f.rule === 'crowdsec-blind');
    expect(blind).toHaveLength(1);
    expect(blind[0]).toMatchObject({ severity: 'warning', subjects: [{ kind: 'TraefikRouter', name: 'immich@kubernetes' }] });
    expect(blind[0]?.message).toContain('1 of 100 requests (1%)');
    expect(blind[0]?.evidence.join('\n')).toContain('1 kept, 99 dropped by the whitelist');
    expect(blind[0]?.evidence.join('\n')).toContain('hub-2026');
    expect(r.blindRouters).toEqual(['immich@kubernetes']);
    expect(r.routers?.find((x) => x.router === 'grafana@kubernetes')).toMatchObject({ sight: 'sees', share: 1 });
    expect(r.explanation).toContain('immich@kubernetes: sees 1% of 100');
  });

  it('a public node address: a warning that a ban would block everyone behind the node', () => {
    const r = judge(n(10, line('198.51.100.7', 'r@k')));
    const f = r.findings.find((x) => x.rule === 'crowdsec-source-is-infrastructure');
    expect(f?.message).toContain('198.51.100.7');
    expect(f?.why).toContain('every other visitor');
  });

  it('lets a dangerous decision outrank blindness in the verdict, keeping both findings', () => {
    const r = judge(n(10, line('10.0.20.101', 'r@k')), [decision({ value: '10.0.20.103' })]);
    expect(r.verdict).toBe('dangerous');
    expect(rules(r).sort()).toEqual(['crowdsec-blind', 'crowdsec-decision-on-internal-ip']);
  });

  it('without CrowdSec tallies (an older logs report) falls back to "no public source"', () => {
    const routers: RouterSources[] = [{ router: 'r', requests: 3, byClass: { node: 3 } }];
    expect(analyzeCrowdsec(observe([]), ctx({ routers })).verdict).toBe('blind');
  });
});

describe('analyzeCrowdsec: crowdsec-unreachable and crowdsec-auth-failed', () => {
  const refused: LapiCall = { ok: false, error: 'refused', status: null, detail: 'GET /health: connection refused (connect ECONNREFUSED 127.0.0.1:8080)', ms: 1 };

  it('turns a refused connection into a warning with the reason, not an exception', () => {
    const obs = observe(null, { health: { ...refused, up: null }, decisions: { ...refused, detail: 'not attempted', items: [] } });
    const r = analyzeCrowdsec(obs, ctx());
    expect(rules(r)).toEqual(['crowdsec-unreachable']);
    expect(r.findings[0]).toMatchObject({ severity: 'warning', subjects: [{ kind: 'CrowdSecLAPI', name: 'http://crowdsec-service.crowdsec:8080' }] });
    expect(r.findings[0]?.message).toContain('connection refused');
    expect(r.findings[0]?.evidence[0]).toContain('ECONNREFUSED');
    expect(r.verdict).toBe('unreachable');
    expect(r.lapi).toMatchObject({ reachable: false, healthy: null, auth: 'unknown' });
    expect(r.lapi.error).toContain('connection refused');
  });

  it('reports a LAPI answering 500 on decisions as unreachable with the status', () => {
    const r = analyzeCrowdsec(observe(null, { decisions: { ok: false, error: 'http', status: 500, detail: 'GET /v1/decisions: HTTP 500', ms: 1, items: [] } }), ctx());
    expect(rules(r)).toEqual(['crowdsec-unreachable']);
    expect(r.findings[0]?.evidence).toContain('HTTP status 500');
    expect(r.lapi.reachable).toBe(true);
  });

  it('reports a rejected bouncer key as an error, and not as unreachable', () => {
    const obs = observe(null, { decisions: { ok: false, error: 'auth', status: 403, detail: 'GET /v1/decisions: HTTP 403 (access forbidden)', ms: 1, items: [] } });
    const r = analyzeCrowdsec(obs, ctx());
    expect(rules(r)).toEqual(['crowdsec-auth-failed']);
    expect(r.findings[0]).toMatchObject({ severity: 'error' });
    expect(r.findings[0]?.fix).toContain('cscli bouncers add edgelens');
    expect(r.lapi).toMatchObject({ reachable: true, healthy: true, auth: 'failed' });
    expect(r.verdict).toBe('auth-failed');
    expect(r.explanation).toContain('rejected the bouncer key');
  });

  it('reports a rejected machine login separately while still judging the decisions', () => {
    const obs = observe([decision({})], {
      alerts: { ok: false, error: 'auth', status: 401, detail: 'POST /v1/watchers/login: HTTP 401 (incorrect Username or Password)', ms: 50, step: 'login', items: [] },
    });
    const r = analyzeCrowdsec(obs, ctx());
    expect(rules(r)).toEqual(['crowdsec-auth-failed']);
    expect(r.findings[0]?.message).toContain('machine login');
    expect(r.lapi.auth).toBe('failed');
    expect(r.verdict).toBe('ok');
  });

  it('fires neither rule on a healthy LAPI', () => {
    expect(analyzeCrowdsec(observe([]), ctx()).findings).toEqual([]);
  });
});

describe('analyzeCrowdsec: not configured', () => {
  it('says how to configure CrowdSec, without findings, even when routers look blind', () => {
    const r = analyzeCrowdsec(null, ctx({ routers: [{ router: 'a', requests: 10, byClass: { node: 10 } }] }));
    expect(r.verdict).toBe('not-configured');
    expect(r.findings).toEqual([]);
    expect(r.blindRouters).toEqual(['a']);
    expect(r.explanation).toContain('EDGELENS_CROWDSEC_URL');
  });

  it('says a key is missing when only the URL is configured', () => {
    const r = analyzeCrowdsec(observe(null), ctx());
    expect(r.verdict).toBe('not-configured');
    expect(r.lapi.auth).toBe('not-configured');
    expect(r.explanation).toContain('cscli bouncers add edgelens');
  });
});

describe('analyzeCrowdsec: alerts', () => {
  it('classifies the source of each alert from a real LAPI answer', () => {
    const r = analyzeCrowdsec(observe(DECISIONS, { alerts: { ...okCall, step: 'alerts', items: ALERTS } }), ctx());
    const a = (v: string) => r.alerts?.find((x) => x.value === v);
    expect(a('10.0.20.103')).toMatchObject({ scope: 'Ip', class: 'node', flags: ['internal-address', 'node'], scenario: 'crowdsecurity/http-probing', decisions: 1, machineId: 'edgelens-lab' });
    expect(a('203.0.113.50')).toMatchObject({ class: 'documentation', flags: [] });
    expect(a('10.0.0.0/8')?.flags[0]).toBe('range');
    expect(r.alerts).toHaveLength(5);
  });
});
