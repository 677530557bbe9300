import { describe, it, expect } from 'vitest';
import { analyzeEdge, EDGE_RULES } from './edge';
import { summarizeProbe } from './probe-summary';
import { EDGE_RULE_IDS, findingSchema, type ProbeReport, type ProbeSample } from '../model';

const tcpOk = (altSvc: string | null): ProbeSample => ({ ok: true, phase: 'done', error: null, handshakeMs: 3, totalMs: 5, alpn: 'h2', status: 200, altSvc, server: 'traefik' });
const h3Ok: ProbeSample = { ok: true, phase: 'done', error: null, handshakeMs: 2, totalMs: 4, alpn: 'h3', status: 200, altSvc: null };
const h3Fail = (error: ProbeSample['error'], detail: string): ProbeSample => ({ ok: false, phase: 'quic', error, detail, handshakeMs: null, totalMs: 2000, alpn: null, status: null, altSvc: null });

const report = (kind: 'tcp' | 'h3', target: string, results: ProbeSample[]): ProbeReport => summarizeProbe({ kind, target, sni: null, results });
const rules = (f: { rule: string }[]) => f.map((x) => x.rule).sort();

const ENDPOINT = '10.0.20.200:443';
const advertising = report('tcp', ENDPOINT, Array.from({ length: 5 }, () => tcpOk('h3=":443"; ma=2592000')));

describe('edge rules', () => {
  it('every rule id is in the model list', () => {
    expect(EDGE_RULES.map((r) => r.id).sort()).toEqual([...EDGE_RULE_IDS].sort());
  });

  it('advertised h3 + QUIC timing out: h3-advertised-but-broken (error) and h3-udp-timeout', () => {
    const h3 = report('h3', ENDPOINT, Array.from({ length: 5 }, () => h3Fail('timeout', 'no answer to the QUIC Initial within 2000 ms')));
    const findings = analyzeEdge({ targets: [{ endpoint: ENDPOINT, tcp: advertising, h3 }] });
    expect(rules(findings)).toEqual(['h3-advertised-but-broken', 'h3-udp-timeout']);
    for (const f of findings) {
      expect(findingSchema.parse(f)).toEqual(f);
      expect(f.ip).toBe('10.0.20.200');
      expect(f.fix).toMatch(/UDP\/443 on the LoadBalancer Service/);
      expect(f.fix).toMatch(/externalTrafficPolicy: Local/);
      expect(f.fix).toMatch(/router/);
    }
    const broken = findings.find((f) => f.rule === 'h3-advertised-but-broken');
    expect(broken?.severity).toBe('error');
    expect(broken?.message).toContain('Alt-Svc: h3=":443"');
    expect(broken?.evidence.join('\n')).toContain('0 of 5 samples succeeded; failures: timeout ×5');
  });

  it('refused is broken-but-advertised, not a UDP timeout; no advertisement, no "advertised" finding', () => {
    const refused = report('h3', ENDPOINT, [h3Fail('refused', 'ECONNREFUSED')]);
    expect(rules(analyzeEdge({ targets: [{ endpoint: ENDPOINT, tcp: advertising, h3: refused }] }))).toEqual(['h3-advertised-but-broken']);
    const silentTcp = report('tcp', ENDPOINT, [tcpOk(null)]);
    const timeouts = report('h3', ENDPOINT, [h3Fail('timeout', 't')]);
    expect(rules(analyzeEdge({ targets: [{ endpoint: ENDPOINT, tcp: silentTcp, h3: timeouts }] }))).toEqual(['h3-udp-timeout']);
  });

  it('some samples fail: h3-intermittent only', () => {
    const h3 = report('h3', ENDPOINT, [h3Ok, h3Fail('timeout', 't'), h3Ok, h3Ok, h3Fail('timeout', 't')]);
    const findings = analyzeEdge({ targets: [{ endpoint: ENDPOINT, tcp: advertising, h3 }] });
    expect(rules(findings)).toEqual(['h3-intermittent']);
    expect(findings[0]?.message).toContain('3 of 5');
  });

  it('healthy h3, or no h3 probe: nothing', () => {
    expect(analyzeEdge({ targets: [{ endpoint: ENDPOINT, tcp: advertising, h3: report('h3', ENDPOINT, [h3Ok]) }] })).toEqual([]);
    expect(analyzeEdge({ targets: [{ endpoint: ENDPOINT, tcp: advertising }] })).toEqual([]);
  });

  it('notes when Alt-Svc points to another port than the one probed', () => {
    const tcp = report('tcp', ENDPOINT, [tcpOk('h3=":8443"')]);
    const h3 = report('h3', ENDPOINT, [h3Fail('refused', 'x')]);
    const [f] = analyzeEdge({ targets: [{ endpoint: ENDPOINT, tcp, h3 }] });
    expect(f?.evidence.join('\n')).toMatch(/UDP port 8443, the HTTP\/3 probe used 443/);
  });

  it('split-horizon-missing: LAN resolves the name to a public address while the LB is private', () => {
    const findings = analyzeEdge({ targets: [], dns: [{ name: 'photos.example.com', internal: ['203.0.113.7'], external: ['203.0.113.7'], lbIps: ['10.0.20.200'] }] });
    expect(rules(findings)).toEqual(['split-horizon-missing']);
    expect(findings[0]?.fix).toContain('photos.example.com → 10.0.20.200');
    expect(analyzeEdge({ targets: [], dns: [{ name: 'photos.example.com', internal: ['10.0.20.200'], lbIps: ['10.0.20.200'] }] })).toEqual([]);
  });

  it('hairpin-failed: the public path fails from inside while the LB answers directly', () => {
    const via = report('tcp', '203.0.113.7:443', [h3Fail('timeout', 'x'), h3Fail('timeout', 'x')].map((s) => ({ ...s, phase: 'connect' as const })));
    const direct = report('tcp', '10.0.20.200:443', [tcpOk(null)]);
    const findings = analyzeEdge({ targets: [], dns: [{ name: 'photos.example.com', internal: ['203.0.113.7'], lbIps: ['10.0.20.200'], viaInternal: via, viaLb: direct }] });
    expect(rules(findings)).toEqual(['hairpin-failed', 'split-horizon-missing']);
    expect(findings.find((f) => f.rule === 'hairpin-failed')?.severity).toBe('error');
  });

  it('tcp-probe-failing: a refused TCP target is an error with its own commands', () => {
    const refused = report('tcp', '10.0.20.205:443', [1, 2, 3].map(() => ({ ...h3Fail('refused', 'ECONNREFUSED'), phase: 'connect' as const })));
    const findings = analyzeEdge({ targets: [{ endpoint: '10.0.20.205:443', tcp: refused }] });
    expect(rules(findings)).toEqual(['tcp-probe-failing']);
    const f = findings[0];
    expect(f?.severity).toBe('error');
    expect(f?.message).toBe('10.0.20.205:443 does not answer over TCP/TLS: 0 of 3 samples succeeded (refused)');
    expect(f?.why).toMatch(/nothing listens on that port/);
    expect(f?.steps?.map((x) => x.command).filter(Boolean)).toEqual(['kubectl get svc -A -o wide | grep -wF 10.0.20.205', 'edgelens probe tcp 10.0.20.205:443']);
    expect(f && findingSchema.parse(f)).toEqual(f);
  });

  it('tcp-intermittent: a target that drops some TCP handshakes is a warning, not silence', () => {
    const flaky = report('tcp', '10.0.20.205:443', [tcpOk(null), { ...h3Fail('timeout', 'no SYN-ACK'), phase: 'connect' as const }, tcpOk(null)]);
    const findings = analyzeEdge({ targets: [{ endpoint: '10.0.20.205:443', tcp: flaky }] });
    expect(rules(findings)).toEqual(['tcp-intermittent']);
    const f = findings[0];
    expect(f?.severity).toBe('warning');
    expect(f?.message).toBe('TCP/TLS to 10.0.20.205:443 works only sometimes: 2 of 3 samples succeeded (failures: timeout)');
    expect(f?.steps?.map((x) => x.command).filter(Boolean)).toEqual(['edgelens probe tcp 10.0.20.205:443', 'kubectl get events -A --field-selector involvedObject.kind=Service']);
    expect(f && findingSchema.parse(f)).toEqual(f);
  });

  it('h3-probe-failing: HTTP/3 refused where nothing advertises it', () => {
    const silentTcp = report('tcp', ENDPOINT, [tcpOk(null)]);
    const refused = report('h3', ENDPOINT, [h3Fail('refused', 'ECONNREFUSED')]);
    expect(rules(analyzeEdge({ targets: [{ endpoint: ENDPOINT, tcp: silentTcp, h3: refused }] }))).toEqual(['h3-probe-failing']);
  });
});
