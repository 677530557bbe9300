import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../model/kube';
import { summarySchema, type LogReport, type ProbesResponse } from '../../model';
import { NOW, loadLabScenario } from '../__fixtures__/load';
import { analyzeCluster } from '../analyze-cluster';
import { describeProbeTotals, probeTotals } from '../../model/probe-totals';
import { overallH3Verdict } from '../alt-svc-verdict';
import { summarize, summaryExitCode, type SummaryInput } from './index';

const cluster = (name: string) => ({ ok: true as const, data: analyzeCluster(loadLabScenario(name), { now: NOW }) });

function input(over: Partial<SummaryInput>): SummaryInput {
  return { cluster: null, logs: null, probes: null, crowdsec: null, now: NOW, ...over };
}

const classes = (c: Partial<LogReport['classes']>): LogReport['classes'] => ({
  node: 0, pod: 0, lb: 0, loopback: 0, private: 0, cgnat: 0, linklocal: 0, public: 0, documentation: 0, ...c,
});

function logs(over: Partial<LogReport>): LogReport {
  return {
    lines: 2000, parsed: 2000, malformed: 0, format: 'json', classes: classes({}), routers: [], topClients: [], verdict: 'unknown', findings: [],
    sampling: { from: 'pods', target: 'pods of LoadBalancer Service traefik/traefik', sampledAt: NOW.toISOString() },
    ...over,
  };
}

describe('summarize on the lab scenarios (config only)', () => {
  it('homelab-before: client IPs likely not (ETP Cluster), HTTP/3 at risk, traps set', () => {
    const s = summarize(input({ cluster: cluster('homelab-before') }));
    expect(summarySchema.parse(s)).toEqual(s);
    expect(s.answers.clientIp).toMatchObject({ answer: 'no', basis: ['cluster'] });
    expect(s.answers.clientIp.headline).toMatch(/^Likely not — 1 HTTP\(S\) LoadBalancer Service uses externalTrafficPolicy: Cluster, so kube-proxy would replace/);
    expect(s.answers.clientIp.evidence[0]).toMatch(/^Service traefik\/traefik on 10\.0\.20\.200 \(TCP\/80, TCP\/443\) has externalTrafficPolicy: Cluster/);
    expect(s.answers.http3.answer).toBe('partly');
    expect(s.answers.traps).toMatchObject({ answer: 'yes', headline: expect.stringMatching(/^1 error, \d+ warnings set/) });
    expect(summaryExitCode(s)).toBe(1);
  });

  it('k3s-servicelb: the svclb masquerade is named, and ETP=Local does not make it "would keep"', () => {
    const s = summarize(input({ cluster: cluster('k3s-servicelb') }));
    expect(s.answers.clientIp.answer).toBe('no');
    expect(s.answers.clientIp.headline).toMatch(/^Likely not — 1 HTTP\(S\) LoadBalancer Service is published by k3s ServiceLB, whose svclb pods would masquerade every connection whatever the externalTrafficPolicy/);
    expect(s.answers.clientIp.evidence.join('\n')).toMatch(/kube-system\/traefik .* is published by k3s ServiceLB \(externalTrafficPolicy: Cluster\) — its svclb pod would masquerade/);
    expect(s.answers.clientIp.evidence.join('\n')).not.toMatch(/kube-proxy would/);

    // The same cluster with Traefik switched to Local: ServiceLB still masquerades, so no "would keep".
    const snap = loadLabScenario('k3s-servicelb');
    for (const o of snap.objects as KubeObject[]) {
      const spec = (o as { spec?: { externalTrafficPolicy?: string } }).spec;
      if (o.kind === 'Service' && o.metadata.name === 'traefik' && spec) spec.externalTrafficPolicy = 'Local';
    }
    const local = summarize(input({ cluster: { ok: true, data: analyzeCluster(snap, { now: NOW }) } }));
    expect(local.answers.clientIp.answer).toBe('no');
    expect(local.answers.clientIp.headline).not.toMatch(/would keep/);
    expect(local.answers.clientIp.evidence.join('\n')).toMatch(/k3s ServiceLB \(externalTrafficPolicy: Local\) — its svclb pod would masquerade/);
  });

  it('homelab-after: nothing confirms the config, so no all-clear without logs', () => {
    const s = summarize(input({ cluster: cluster('homelab-after') }));
    expect(s.answers.clientIp.answer).toBe('unknown');
    expect(s.answers.clientIp.headline).toMatch(/^The config would keep them/);
  });

  it('traps count errors and warnings, info apart', () => {
    const s = summarize(input({ cluster: cluster('homelab-before') }));
    const r = cluster('homelab-before').data;
    const counts = { error: 0, warning: 0, info: 0 };
    for (const f of r.findings) counts[f.severity] += 1;
    expect(s.answers.traps.evidence.filter((e) => !e.startsWith('could not read'))).toHaveLength(counts.error + counts.warning);
    expect(s.answers.traps.headline).toContain(counts.info > 0 ? `(and ${counts.info} info)` : 'set');
  });
});

describe('one port classification', () => {
  it('a websecure Service on 9443 is HTTP for the rules and for the answer', () => {
    const svc: KubeObject = {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'edge', namespace: 'traefik' },
      spec: { type: 'LoadBalancer', externalTrafficPolicy: 'Cluster', selector: { app: 'edge' }, ports: [{ name: 'websecure', port: 9443, protocol: 'TCP', targetPort: 8443 }] },
      status: { loadBalancer: { ingress: [{ ip: '10.0.20.210' }] } },
    };
    const report = analyzeCluster({ source: 'snapshot', gaps: [], objects: [svc] }, { now: NOW });
    expect(report.loadBalancers[0]?.services[0]?.webPorts).toEqual(['TCP/9443']);
    expect(report.findings.map((f) => f.rule)).toContain('etp-cluster-snat');
    const s = summarize(input({ cluster: { ok: true, data: report } }));
    expect(s.answers.clientIp.answer).toBe('no');
    expect(s.answers.clientIp.evidence[0]).toContain('Service traefik/edge on 10.0.20.210 (TCP/9443)');
  });

  it('a Service with no external IP makes the client-IP answer say so before any log share', () => {
    // shared-ip-conflict: MetalLB refused traefik/traefik 10.0.20.200 (its Service asks for it, holds no ingress IP).
    const s = summarize(input({ cluster: cluster('shared-ip-conflict'), logs: { ok: true, data: logs({ verdict: 'preserved', classes: classes({ public: 2000 }) }) } }));
    expect(s.answers.clientIp.evidence[0]).toBe(
      'Service traefik/traefik asks for 10.0.20.200 but has no external IP (the load balancer did not assign it): no client reaches it at all',
    );
    expect(s.answers.clientIp.evidence[1]).toMatch(/^the access log \(2,000 entries\)|^Traefik access logs/);
  });
});

describe('from the access logs', () => {
  it('suspect-snat is never an all-clear: unknown, suspect, exit 1', () => {
    const s = summarize(input({
      cluster: cluster('homelab-after'),
      logs: { ok: true, data: logs({ verdict: 'suspect-snat', classes: classes({ private: 1960, public: 40 }), suspects: [{ ip: '10.0.20.103', class: 'private', requests: 1960 }], nodeSource: 'none' }) },
    }));
    expect(s.answers.clientIp).toMatchObject({ answer: 'unknown', suspect: true, basis: ['logs', 'cluster'] });
    expect(s.answers.clientIp.headline).toMatch(/^Probably not — 1,960 of 2,000 requests \(98%\) came from a few private addresses \(10\.0\.20\.103\)/);
    expect(summaryExitCode(s)).toBe(1);
  });

  it('logs that could not be read: the config answers, and the reason is in the answer', () => {
    const s = summarize(input({ cluster: cluster('homelab-before'), logs: { ok: false, reason: 'the access-log sample did not answer within 25 s' } }));
    expect(s.answers.clientIp.headline).toMatch(/^Likely not — .*\(the access logs could not be sampled: the access-log sample did not answer within 25 s\)\.$/);
    expect(s.answers.clientIp.evidence).toContain('Access logs: the access logs could not be sampled: the access-log sample did not answer within 25 s.');
  });

  it('snat from the logs is no, with the numbers that match', () => {
    const s = summarize(input({ logs: { ok: true, data: logs({ verdict: 'snat', classes: classes({ node: 1940, public: 60 }), topClients: [{ ip: '10.0.20.103', class: 'node', requests: 1940 }] }) } }));
    expect(s.answers.clientIp.headline).toBe('No — 1,940 of 2,000 requests (97%) came from node or pod addresses 10.0.20.103: Traefik sees the node, not the visitor.');
  });
});

describe('HTTP/3: passive evidence', () => {
  const probes = (advertised: string | null): ProbesResponse => ({
    targets: [{ name: 'photos', host: '10.0.20.200', port: 443, sni: 'photos.example.com', path: null, source: 'config', probe: true, kinds: ['tcp'], altSvc: { verdict: 'untested', advertised, message: '' } }],
    findings: [], h3: { verdict: 'untested', advertised, message: '' }, lastRunAt: null, nextRunAt: null, running: false,
    settings: { samples: 3, sampleIntervalMs: 0, timeoutMs: 3000, scheduleMs: 0, concurrency: 1, probeDiscovered: false }, configError: null,
  });

  it('h3-advertised-never-used when Alt-Svc advertises h3 and no request came over HTTP/3', () => {
    const s = summarize(input({
      probes: { ok: true, data: probes('h3=":443"; ma=86400') },
      logs: { ok: true, data: logs({ verdict: 'preserved', classes: classes({ public: 2000 }), protocols: { 'HTTP/2.0': 1500, 'HTTP/1.1': 500 } }) },
    }));
    expect(s.findings.map((f) => f.rule)).toEqual(['h3-advertised-never-used']);
    expect(s.findings[0]?.evidence[0]).toBe('Alt-Svc "h3=":443"; ma=86400" on photos (10.0.20.200:443) (TCP probe)');
    expect(s.answers.http3).toMatchObject({ answer: 'no', basis: ['logs'] });
  });

  it('when the cluster serves UDP 443 next to HTTPS and no request came over HTTP/3', () => {
    const s = summarize(input({ cluster: cluster('homelab-after'), logs: { ok: true, data: logs({ verdict: 'preserved', classes: classes({ public: 2000 }), protocols: { 'HTTP/2.0': 2000 } }) } }));
    expect(s.findings.map((f) => f.rule)).toEqual(['h3-advertised-never-used']);
    expect(s.findings[0]?.evidence[0]).toMatch(/^Service traefik\/traefik serves UDP\/443 on /);
  });

  it('HTTP/3.0 entries in the log answer yes without a probe', () => {
    const s = summarize(input({ logs: { ok: true, data: logs({ verdict: 'preserved', classes: classes({ public: 2000 }), protocols: { 'HTTP/2.0': 1900, 'HTTP/3.0': 100 } }) } }));
    expect(s.findings).toEqual([]);
    expect(s.answers.http3.headline).toBe('Yes — 100 of 2,000 requests (5%) in the access log arrived over HTTP/3.');
  });
});

describe('HTTP/3 from the probes: counted as the Edge page counts', () => {
  const kind = (k: 'tcp' | 'h3', ok: number, samples: number, error: 'timeout' | 'refused' | null, altSvc: string | null = null): NonNullable<ProbesResponse['targets'][number]['h3']> => ({
    kind: k, target: '127.0.0.1:1', sni: null, samples, ok, failed: samples - ok, verdict: ok === samples ? 'ok' : ok === 0 ? 'failing' : 'intermittent',
    results: Array.from({ length: samples }, (_, i) => ({ ok: i < ok, phase: i < ok ? 'done' : 'quic', error: i < ok ? null : error, handshakeMs: i < ok ? 1 : null, totalMs: 1, alpn: null, status: null, altSvc })),
    at: NOW.toISOString(), successRatio: ok / samples, lastError: error && ok < samples ? { error, phase: 'quic', detail: null, words: error, at: null } : null, history: [], runs: [],
  });
  const ADV = 'h3=":443"; ma=86400';
  const target = (name: string, tcp: ReturnType<typeof kind>, h3: ReturnType<typeof kind>, altSvc: ProbesResponse['targets'][number]['altSvc']): ProbesResponse['targets'][number] => ({
    name, host: '127.0.0.1', port: 1, sni: null, path: null, source: 'lab', probe: true, kinds: ['tcp', 'h3'], tcp, h3, altSvc,
  });
  // The lab's live targets: one working, one advertising h3 with UDP dropped, one closed port (TCP refused, so its Alt-Svc is unreadable).
  const doc: ProbesResponse = {
    targets: [
      target('lab-h3', kind('tcp', 3, 3, null, ADV), kind('h3', 3, 3, null), { verdict: 'working', advertised: ADV, message: '' }),
      target('lab-h3-udp-dropped', kind('tcp', 3, 3, null, ADV), kind('h3', 0, 3, 'timeout'), { verdict: 'broken', advertised: ADV, message: '' }),
      target('lab-closed-port', kind('tcp', 0, 3, 'refused'), kind('h3', 0, 3, 'refused'), { verdict: 'unknown', advertised: null, message: '' }),
    ],
    findings: [], h3: { verdict: 'broken', advertised: ADV, message: '' }, lastRunAt: NOW.toISOString(), nextRunAt: null, running: false,
    settings: { samples: 3, sampleIntervalMs: 0, timeoutMs: 3000, scheduleMs: 0, concurrency: 1, probeDiscovered: false }, configError: null,
  };

  it('the headline and the Edge verdict use the same denominator, and the totals line is evidence', () => {
    const s = summarize(input({ probes: { ok: true, data: doc } }));
    expect(s.answers.http3.headline).toMatch(/\(HTTP\/3 fails on 2 of 3 probed targets\)\.$/);
    expect(s.answers.http3.evidence).toContain(`Probe totals: ${describeProbeTotals(probeTotals(doc.targets))}`);
    expect(overallH3Verdict(doc.targets).message).toBe('HTTP/3 advertised but broken on 1 of 3 probed targets (lab-h3-udp-dropped)');
  });
});
