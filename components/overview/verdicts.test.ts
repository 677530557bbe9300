import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clusterReportSchema, logReportSchema, probesResponseSchema, type ClusterReport, type LogReport, type ProbesResponse } from '@/lib/model';
import { findingAnchors } from './anchors';
import { evidenceFrom, shorten } from './evidence';
import { clientIpVerdict, describeCounts, http3Verdict, severityCounts, trapsVerdict, verdicts } from './verdicts';

// Reports in the cluster JSON shape of CONTRACT.md, parsed through the same schema the browser uses.
function report(partial: { loadBalancers?: unknown[]; findings?: unknown[] }): ClusterReport {
  return clusterReportSchema.parse({ source: 'lab', loadBalancers: [], findings: [], ...partial });
}

const traefik = {
  namespace: 'traefik',
  name: 'traefik',
  externalTrafficPolicy: 'Cluster',
  sharingKey: 'shared',
  ports: ['TCP/80', 'TCP/443', 'UDP/443'],
  readyEndpoints: 3,
  endpointNodes: ['k8s-node4', 'k8s-node5'],
};
const lb200 = { ip: '10.0.20.200', announcer: { node: 'k8s-node3', source: 'ServiceL2Status' }, services: [traefik] };
const finding = (rule: string, severity: string, extra: object = {}) => ({
  rule,
  severity,
  subjects: [{ kind: 'Service', namespace: 'traefik', name: 'traefik' }],
  ip: '10.0.20.200',
  message: `${rule} fired`,
  fix: 'kubectl patch …',
  ...extra,
});

describe('client IP verdict', () => {
  it('says "Likely not" when etp-cluster-snat fires, naming the service and IP and linking to the finding', () => {
    const r = report({ loadBalancers: [lb200], findings: [finding('lb-ip-referenced', 'info'), finding('etp-cluster-snat', 'warning')] });
    const v = clientIpVerdict(r);
    expect(v.word).toBe('Likely not');
    expect(v.tone).toBe('warning');
    expect(v.detail).toBe('traefik/traefik uses externalTrafficPolicy Cluster on 10.0.20.200: kube-proxy replaces client IPs with node IPs.');
    expect(v.href).toBe('#finding-etp-cluster-snat-0');
  });

  it('says the config preserves them when every service is ETP=Local', () => {
    const r = report({ loadBalancers: [{ ...lb200, services: [{ ...traefik, externalTrafficPolicy: 'Local' }] }] });
    const v = clientIpVerdict(r);
    expect(v.tone).toBe('ok');
    expect(v.figure).toBe('1/1');
    expect(v.detail).toBe('traefik/traefik uses externalTrafficPolicy Local on 10.0.20.200, so kube-proxy keeps client source addresses.');
    expect(v).toMatchObject({ basis: 'config', basisLabel: 'the cluster config' });
    expect(v.note).toBeUndefined();
  });

  it('does not claim anything without load balancers', () => {
    expect(clientIpVerdict(report({})).tone).toBe('unknown');
  });
});

describe('HTTP/3 verdict', () => {
  it('puts the UDP port, the IP and the endpoint count in the at-risk verdict', () => {
    const r = report({ loadBalancers: [lb200], findings: [finding('quic-etp-cluster-spread', 'warning')] });
    const v = http3Verdict(r);
    expect(v.word).toBe('At risk');
    expect(v.figure).toBe('3');
    expect(v.detail).toBe('UDP/443 on 10.0.20.200, an ETP=Cluster LB with 3 endpoints: QUIC flows can land on different pods.');
    expect(v.href).toBe('#finding-quic-etp-cluster-spread-0');
  });

  it('counts only the services the finding names, not every UDP service sharing the IP', () => {
    const dns = { ...traefik, namespace: 'dns', name: 'pihole-udp', ports: ['UDP/53'], readyEndpoints: 1 };
    const r = report({ loadBalancers: [{ ...lb200, services: [traefik, dns] }], findings: [finding('quic-etp-cluster-spread', 'warning')] });
    expect(http3Verdict(r).detail).toMatch(/^UDP\/443 on 10\.0\.20\.200, an ETP=Cluster LB with 3 endpoints/);
  });

  it('says no UDP port is exposed when no LB service has one', () => {
    const r = report({ loadBalancers: [{ ...lb200, services: [{ ...traefik, ports: ['TCP/443'] }] }] });
    const v = http3Verdict(r);
    expect(v.word).toBe('Not offered');
    expect(v.detail).toContain('No load balancer exposes UDP next to its HTTPS port');
  });

  it('does not count UDP ports of services MetalLB did not allocate', () => {
    const r = report({ loadBalancers: [{ ...lb200, services: [{ ...traefik, state: 'requested' }] }] });
    expect(http3Verdict(r)).toMatchObject({ word: 'Not served', figure: '0' });
  });

  it('does not mistake other UDP services (TURN, WireGuard) for HTTP/3', () => {
    const turn = { ...traefik, namespace: 'coturn', name: 'coturn', ports: ['TCP/3478', 'UDP/3478'] };
    const wg = { ...traefik, namespace: 'wireguard', name: 'wireguard', ports: ['UDP/51820'] };
    const r = report({ loadBalancers: [{ ...lb200, services: [{ ...traefik, ports: ['TCP/443'] }, wg] }] });
    expect(http3Verdict(r).word).toBe('Not offered');
    // TURN pairs TCP/3478 with UDP/3478, but it is not a web service.
    const r2 = report({ loadBalancers: [{ ...lb200, services: [turn] }] });
    expect(http3Verdict(r2).word).toBe('Not offered');
  });
});

describe('traps verdict', () => {
  it('counts findings by severity in the words the user reads', () => {
    const r = report({
      loadBalancers: [lb200],
      findings: [
        finding('etp-local-announcer-without-endpoint', 'error'),
        finding('etp-cluster-snat', 'warning'),
        finding('quic-etp-cluster-spread', 'warning'),
        finding('etp-local-single-endpoint', 'warning'),
        finding('lb-ip-referenced', 'info'),
      ],
    });
    const v = trapsVerdict(r);
    expect(v.detail).toBe('1 error, 3 warnings, 1 info.');
    expect(v.tone).toBe('error');
    expect(v.figure).toBe('5');
    expect(v.figureLabel).toBe('findings in the cluster config');
    expect(v.href).toBe('#findings');
  });

  it('reads "None found" on a clean cluster', () => {
    const v = trapsVerdict(report({ loadBalancers: [lb200] }));
    expect(v.word).toBe('None found');
    expect(v.tone).toBe('ok');
    expect(describeCounts(severityCounts([]))).toBe('no findings');
  });
});

describe('finding anchors', () => {
  it('numbers each rule separately in report order, so ids do not move when other rules change', () => {
    const r = report({ findings: [finding('a', 'info'), finding('b', 'error'), finding('a', 'warning')] });
    expect(findingAnchors(r.findings)).toEqual(['finding-a-0', 'finding-b-0', 'finding-a-1']);
  });
});

// Reports captured from the real lab API (GET /api/v1/cluster) for each scenario.
function fixture(name: string): ClusterReport {
  return clusterReportSchema.parse(JSON.parse(readFileSync(new URL(`./__fixtures__/cluster-${name}.json`, import.meta.url), 'utf8')));
}

describe('verdicts on the lab scenarios', () => {
  it('homelab-before: client IPs likely lost, HTTP/3 at risk, traps set', () => {
    const r = fixture('homelab-before');
    expect(clientIpVerdict(r)).toMatchObject({ word: 'Likely not', href: '#finding-etp-cluster-snat-0' });
    expect(http3Verdict(r)).toMatchObject({ word: 'At risk', figure: '3', href: '#finding-quic-etp-cluster-spread-0' });
    expect(http3Verdict(r).detail).toContain('UDP/443 on 10.0.20.200');
    expect(trapsVerdict(r)).toMatchObject({ word: 'Traps set', tone: 'error' });
  });

  it('homelab-after: traefik on its own ETP=Local IP preserves client IPs and allows HTTP/3', () => {
    const r = fixture('homelab-after');
    expect(clientIpVerdict(r)).toMatchObject({ word: 'Config preserves them', tone: 'ok', figure: '1/1' });
    expect(clientIpVerdict(r).detail).toContain('traefik/traefik uses externalTrafficPolicy Local on 10.0.20.203');
    expect(http3Verdict(r)).toMatchObject({ word: 'Config allows it', tone: 'ok' });
    expect(http3Verdict(r).detail).toContain('UDP/443 on 10.0.20.203');
  });

  it('shared-ip-conflict: the refused traefik is reported as not served, not as fine', () => {
    const r = fixture('shared-ip-conflict');
    expect(clientIpVerdict(r)).toMatchObject({ word: 'Not served', tone: 'error', href: '#finding-allocation-failed-0' });
    expect(http3Verdict(r)).toMatchObject({ word: 'Not served', tone: 'error' });
  });
});

// ── With the evidence: access logs and edge probes, captured from the real lab API ──────────────
// (GET /api/v1/logs per scenario; GET /api/v1/logs of a server in snapshot mode; GET /api/v1/probes
// with no targets, and POST /api/v1/probes/run against a loopback Caddy serving HTTP/3 ("home") and
// one whose Alt-Svc promises h3 while its UDP port swallows every datagram ("photos")).

function json(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./__fixtures__/${name}.json`, import.meta.url), 'utf8'));
}
/** A captured log report, optionally changed the way another cluster would (still parsed by the real schema). */
function logs(name: string, change: (raw: Record<string, unknown>) => void = () => undefined): LogReport {
  const raw = json(`logs-${name}`) as Record<string, unknown>;
  change(raw);
  return logReportSchema.parse(raw);
}
function probes(name: string, change: (raw: { targets: Array<Record<string, unknown>> } & Record<string, unknown>) => void = () => undefined): ProbesResponse {
  const raw = json(`probes-${name}`) as { targets: Array<Record<string, unknown>> } & Record<string, unknown>;
  change(raw);
  return probesResponseSchema.parse(raw);
}
const ready = <T>(data: T) => ({ state: 'ready' as const, data });
const home = probes('h3-working').targets.find((t) => t.name === 'home');
const photos = probes('h3-broken').targets.find((t) => t.name === 'photos');

describe('client IP verdict from the access logs', () => {
  it('homelab-before: "No — 97% of 1,765 requests on 6 routers came from node addresses", the ETP config as the supporting line', () => {
    const v = clientIpVerdict(fixture('homelab-before'), ready(logs('homelab-before')));
    expect(v).toMatchObject({
      word: 'No',
      tone: 'error',
      figure: '97%',
      figureLabel: 'of 1,765 requests on 6 routers came from node addresses 10.0.20.101-105',
      href: '/clients',
      basis: 'logs',
      basisLabel: 'Traefik access logs (1,765 entries from 3 pods)',
    });
    expect(v.support).toEqual({
      text: 'traefik/traefik uses externalTrafficPolicy Cluster on 10.0.20.200.',
      href: '#finding-etp-cluster-snat-0',
      linkLabel: 'see the finding',
    });
    expect(v.note).toBeUndefined();
  });

  it('homelab-after: "Yes — 100% … came from client addresses", with the ETP=Local service as the reason', () => {
    const v = clientIpVerdict(fixture('homelab-after'), ready(logs('homelab-after')));
    expect(v).toMatchObject({ word: 'Yes', tone: 'ok', figure: '100%', figureLabel: 'of 1,761 requests on 6 routers came from client addresses', href: '/clients' });
    expect(v.detail).toBe('None came from node or pod addresses.');
    expect(v.support).toMatchObject({ text: 'traefik/traefik uses externalTrafficPolicy Local on 10.0.20.203.', href: '#load-balancers' });
  });

  it('a mix of node and client addresses reads "Partly", with the SNAT share as the number', () => {
    const v = clientIpVerdict(
      fixture('homelab-before'),
      ready(
        logs('homelab-before', (r) => {
          r.verdict = 'mixed';
          r.classes = { ...(r.classes as object), node: 600, public: 1165 };
        }),
      ),
    );
    expect(v).toMatchObject({ word: 'Partly', tone: 'warning', figure: '34%' });
    expect(v.figureLabel).toBe('of 1,765 requests on 6 routers came from node addresses 10.0.20.101-105; the rest from client addresses');
  });

  it('says so when the logs contradict the config (client addresses behind an ETP=Cluster service)', () => {
    const v = clientIpVerdict(fixture('homelab-before'), ready(logs('homelab-after')));
    expect(v.word).toBe('Yes');
    expect(v.support?.text).toBe(
      'traefik/traefik uses externalTrafficPolicy Cluster on 10.0.20.200 — yet the logs show client addresses (a proxy in front may restore them).',
    );
  });

  it('while the logs load: the config verdict, with a "checking access logs…" note', () => {
    const v = clientIpVerdict(fixture('homelab-before'), { state: 'loading' });
    expect(v).toMatchObject({ word: 'Likely not', basis: 'config', href: '#finding-etp-cluster-snat-0' });
    expect(v.note).toEqual({ kind: 'pending', text: 'Checking access logs…' });
  });

  it('snapshot mode: the config verdict, and that a snapshot holds no pod logs', () => {
    const v = clientIpVerdict(fixture('homelab-after'), ready(logs('snapshot')));
    expect(v).toMatchObject({ word: 'Config preserves them', basis: 'config' });
    expect(v.note).toEqual({ kind: 'missing', text: 'Access logs could not be sampled: a snapshot holds no pod logs.', href: '/clients', linkLabel: 'Client IPs' });
  });

  it('a failed request: the config verdict, and the error in short', () => {
    const v = clientIpVerdict(fixture('homelab-before'), { state: 'failed', message: 'The Kubernetes API server did not answer within 5 s.' });
    expect(v.word).toBe('Likely not');
    expect(v.note?.text).toBe('Access logs could not be sampled: The Kubernetes API server did not answer within 5 s.');
  });

  it('names what kept the sample empty: RBAC on pods/log, a missing Traefik, no access log, no IP clients', () => {
    const pod = { pod: 'traefik-7d9f', namespace: 'traefik', lines: 0, bytes: 0 };
    const empty = (change: (r: Record<string, unknown>) => void) =>
      clientIpVerdict(
        fixture('homelab-before'),
        ready(
          logs('snapshot', (r) => {
            r.sampling = { from: 'pods', target: 'pods of LoadBalancer Service traefik/traefik', sampledAt: '2026-11-22T04:27:00.000Z' };
            change(r);
          }),
        ),
      ).note?.text;
    expect(empty((r) => (r.sources = [{ ...pod, reason: 'forbidden', error: 'reading the log is forbidden (403): pods/log denied' }]))).toBe(
      'Access logs could not be sampled: reading pods/log is forbidden (RBAC) for the Traefik pod.',
    );
    expect(
      empty((r) => {
        r.sources = [];
        r.sampling = {
          from: 'pods',
          target: 'none',
          sampledAt: '2026-11-22T04:27:00.000Z',
          problems: [{ kind: 'Pod', reason: 'forbidden', detail: 'pods is forbidden: User "edgelens" cannot list resource "pods"' }],
        };
      }),
    ).toBe('Access logs could not be sampled: listing pods is forbidden (RBAC).');
    expect(empty((r) => (r.sources = [pod]))).toBe('Access logs could not be sampled: the Traefik pods have not logged a request yet.');
    expect(
      empty((r) => {
        r.sources = [{ ...pod, lines: 40 }];
        r.lines = 40;
        r.malformed = 40;
      }),
    ).toBe("Access logs could not be sampled: none of the 40 log lines is an access-log entry — is Traefik's access log on?");
    expect(
      empty((r) => {
        r.sources = [{ ...pod, lines: 40 }];
        r.lines = 40;
        r.parsed = 40;
        r.unclassified = 40;
      }),
    ).toBe('Access logs cannot tell: none of the 40 access-log entries has an IP client address.');
  });
});

describe('HTTP/3 verdict from the edge probes', () => {
  it('no probe targets: the config verdict, and "not probed yet — configure probe targets" linking to Edge', () => {
    const v = http3Verdict(fixture('homelab-before'), ready(probes('no-targets')));
    expect(v).toMatchObject({ word: 'At risk', basis: 'config', href: '#finding-quic-etp-cluster-spread-0' });
    // The e2e server names a target file that does not exist (yet): said in words, not as the raw error.
    expect(v.note).toEqual({
      kind: 'missing',
      text: 'Not probed yet — configure probe targets (the target list could not be read).',
      href: '/edge',
      linkLabel: 'Edge',
    });
  });

  it('advertised h3 whose UDP swallows every datagram: "Advertised, but QUIC times out on photos (host:port)"', () => {
    if (!photos) throw new Error('fixture probes-h3-broken.json has no "photos" target');
    const v = http3Verdict(fixture('homelab-before'), ready(probes('h3-broken')));
    expect(v).toMatchObject({ word: 'Partly broken', tone: 'error', figure: '1/2', figureLabel: 'probed targets fail HTTP/3', href: '/edge', basis: 'probes' });
    expect(v.detail).toBe(`Advertised, but QUIC times out on photos (127.0.0.1:${photos.port}). h3 works on home.`);
    expect(v.support).toMatchObject({ href: '#finding-quic-etp-cluster-spread-0', linkLabel: 'see the finding' });
    expect(v.support?.text).toContain('UDP/443 on 10.0.20.200, an ETP=Cluster LB with 3 endpoints');
  });

  it('every target failing reads "Broken"; failing without an Alt-Svc promise reads "Not working"', () => {
    const onlyPhotos = probes('h3-broken', (d) => (d.targets = d.targets.filter((t) => t.name === 'photos')));
    expect(http3Verdict(fixture('homelab-before'), ready(onlyPhotos))).toMatchObject({ word: 'Broken', figure: '1/1', figureLabel: 'probed target fails HTTP/3' });
    const unadvertised = probes('h3-broken', (d) => {
      d.targets = d.targets.filter((t) => t.name === 'photos').map((t) => ({ ...t, altSvc: { verdict: 'unknown', advertised: null, message: 'TCP/TLS failed' } }));
    });
    const v = http3Verdict(fixture('homelab-before'), ready(unadvertised));
    expect(v.word).toBe('Not working');
    expect(v.detail).toMatch(/^QUIC times out on photos \(127\.0\.0\.1:\d+\)\.$/);
  });

  it('a working HTTP/3 target: "Works — h3 ok on 1 target, p50 7.2 ms"', () => {
    const v = http3Verdict(fixture('homelab-after'), ready(probes('h3-working')));
    expect(v).toMatchObject({ word: 'Works', tone: 'ok', figure: '1', figureLabel: 'target answers h3, p50 7.2 ms', href: '/edge' });
    expect(v.detail).toBe(`Advertised and answering on home (127.0.0.1:${home?.port ?? 0}).`);
    expect(v.support).toMatchObject({ text: 'UDP/443 on 10.0.20.203 next to HTTPS (traefik/traefik, ETP=Local).', href: '#load-balancers' });
  });

  it('h3 that answers only sometimes reads "Sometimes", with the success share', () => {
    const flaky = probes('h3-working', (d) => {
      d.targets = d.targets.map((t) =>
        t.name === 'home'
          ? {
              ...t,
              h3: {
                ...(t.h3 as object),
                ok: 2,
                failed: 1,
                verdict: 'intermittent',
                successRatio: 2 / 3,
                lastError: { error: 'timeout', phase: 'quic', detail: null, words: 'UDP never answered', at: null },
              },
            }
          : t,
      );
    });
    const v = http3Verdict(fixture('homelab-after'), ready(flaky));
    expect(v).toMatchObject({ word: 'Sometimes', tone: 'warning', figure: '67%', figureLabel: 'of HTTP/3 requests succeed on home' });
    expect(v.detail).toBe(`Advertised, but only 2 of 3 HTTP/3 requests succeed on home (127.0.0.1:${home?.port ?? 0}); the others: QUIC times out.`);
  });

  it('h3 that answers but is not advertised reads "Not advertised": browsers never try it', () => {
    const hidden = probes('h3-working', (d) => {
      d.targets = d.targets.map((t) => (t.name === 'home' ? { ...t, altSvc: { verdict: 'not-advertised', advertised: null, message: 'no Alt-Svc' } } : t));
    });
    const v = http3Verdict(fixture('homelab-after'), ready(hidden));
    expect(v).toMatchObject({ word: 'Not advertised', tone: 'warning' });
    expect(v.detail).toContain('no Alt-Svc header advertises it');
  });

  it('targets configured but not run, a run in progress, loading and a failed request keep the config verdict with a note', () => {
    const configured = probes('h3-working', (d) => {
      d.targets = d.targets.map((t) => {
        const { h3: _h3, tcp: _tcp, ...rest } = t;
        return rest;
      });
    });
    const r = fixture('homelab-after');
    expect(http3Verdict(r, ready(configured))).toMatchObject({ word: 'Config allows it', basis: 'config' });
    expect(http3Verdict(r, ready(configured)).note?.text).toBe('Not probed yet — 1 target configured, run the probes.');
    expect(http3Verdict(r, ready({ ...configured, running: true })).note).toEqual({ kind: 'pending', text: 'Probing now…' });
    const tcpOnly = { ...configured, targets: configured.targets.map((t) => ({ ...t, kinds: t.probe ? ['tcp' as const] : t.kinds })) };
    expect(http3Verdict(r, ready(tcpOnly)).note?.text).toBe('Not probed yet — no probe target includes the h3 kind.');
    expect(http3Verdict(r, { state: 'loading' }).note).toEqual({ kind: 'pending', text: 'Checking probe results…' });
    expect(http3Verdict(r, { state: 'failed', message: 'HTTP 500: boom.' }).note?.text).toBe('Probe results could not be read: HTTP 500: boom.');
  });
});

describe('all three verdicts together', () => {
  it('homelab-before with its logs and no probes: logs answer card 1, config answers cards 2 and 3', () => {
    const [c, h, t] = verdicts(fixture('homelab-before'), { logs: ready(logs('homelab-before')), probes: ready(probes('no-targets')) });
    expect([c.basis, h.basis, t.basis]).toEqual(['logs', 'config', 'config']);
    expect(t).toMatchObject({ word: 'Traps set', href: '#findings' });
  });
});

describe('evidence from a query', () => {
  const q = { data: undefined as string | undefined, error: null as { message: string } | null, dataUpdatedAt: 0, errorUpdatedAt: 0 };
  it('is loading before data, ready with data, failed with only an error', () => {
    expect(evidenceFrom(q)).toEqual({ state: 'loading' });
    expect(evidenceFrom({ ...q, data: 'x', dataUpdatedAt: 5 })).toEqual({ state: 'ready', data: 'x' });
    expect(evidenceFrom({ ...q, error: { message: 'down' }, errorUpdatedAt: 5 })).toEqual({ state: 'failed', message: 'down' });
  });
  it('keeps cached data through a failed refresh, but not data from before the cluster changed', () => {
    expect(evidenceFrom({ ...q, data: 'x', dataUpdatedAt: 5, error: { message: 'down' }, errorUpdatedAt: 9 })).toEqual({ state: 'ready', data: 'x' });
    expect(evidenceFrom({ ...q, data: 'old', dataUpdatedAt: 5 }, 7)).toEqual({ state: 'loading' });
    expect(evidenceFrom({ ...q, data: 'old', dataUpdatedAt: 5, error: { message: 'down' }, errorUpdatedAt: 9 }, 7)).toEqual({ state: 'failed', message: 'down' });
  });
  it('shortens a long reason at a word', () => {
    expect(shorten('no running pod matches the label selector', 25)).toBe('no running pod matches…');
    expect(shorten('short', 20)).toBe('short');
  });
});
