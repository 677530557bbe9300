import { describe, expect, it } from 'vitest';
import { logReportSchema, type LogReport } from '../model/logs';
import { analyzeLogText } from './stream';

const ctx = {
  nodeIPs: ['10.0.20.101', '10.0.20.102', '10.0.20.103', '10.0.20.104', '10.0.20.105'],
  podCIDRs: ['10.42.0.0/24'],
  lbIPs: ['10.0.20.200'],
};

interface Req {
  host: string;
  router?: string;
  ep?: string;
  xff?: string;
  minute?: number;
  /** ClientAddr's host when it differs from ClientHost (X-Forwarded-For accepted from this peer). */
  peer?: string;
}

/** A Traefik v3 JSON access-log line, keys in logrus order. */
function entry(r: Req, i: number): string {
  const t = `2024-05-01T12:${String(r.minute ?? 0).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z`;
  const router = r.router === undefined ? 'immich@kubernetes' : r.router;
  return (
    `{"ClientAddr":"${r.peer ?? (r.host.includes(':') ? `[${r.host}]` : r.host)}:${40000 + i}","ClientHost":"${r.host}","ClientPort":"${40000 + i}","ClientUsername":"-",` +
    `"DownstreamContentSize":91,"DownstreamStatus":200,"Duration":1480233,"RequestAddr":"photos.example.com","RequestCount":${i},` +
    `"RequestHost":"photos.example.com","RequestMethod":"GET","RequestPath":"/api/server/ping","RequestProtocol":"HTTP/2.0",` +
    `"RetryAttempts":0,${router ? `"RouterName":"${router}",` : ''}"ServiceURL":"http://10.42.1.15:2283","StartUTC":"${t}",` +
    `"entryPointName":"${r.ep ?? 'websecure'}","level":"info","msg":""${r.xff ? `,"request_X-Forwarded-For":"${r.xff}"` : ''},"time":"${t}"}`
  );
}

function log(parts: Array<[number, Req]>): string {
  const lines: string[] = [];
  let i = 0;
  for (const [n, r] of parts) for (let k = 0; k < n; k++) lines.push(entry(r, ++i));
  return `${lines.join('\n')}\n`;
}

function analyze(text: string): LogReport {
  const r = analyzeLogText(text, ctx, { nodeSource: 'snapshot' });
  expect(logReportSchema.safeParse(r).success).toBe(true);
  return r;
}

const nodes = (n: number): Array<[number, Req]> =>
  ctx.nodeIPs.map((host, k) => [Math.floor(n / 5) + (k < n % 5 ? 1 : 0), { host }] as [number, Req]);

describe('verdicts', () => {
  it('snat: most requests come from node addresses — error finding with the numbers', () => {
    const r = analyze(log([...nodes(1940), [60, { host: '93.184.216.34' }]]));
    expect(r.verdict).toBe('snat');
    expect(r.explanation).toBe(
      'snat: 1,940 of 2,000 requests with an IP address on 1 router (97%) came from node addresses (node 1,940) — the signature of kube-proxy SNAT ' +
        '(externalTrafficPolicy: Cluster): Traefik sees the node, not the visitor. 80% or more counts as snat.',
    );
    expect(r.routers).toEqual([
      expect.objectContaining({ router: 'immich@kubernetes', entryPoint: 'websecure', requests: 2000, snatRatio: 0.97, verdict: 'snat', byClass: { node: 1940, public: 60 } }),
    ]);
    const f = r.findings.find((x) => x.rule === 'client-ip-snat');
    expect(f).toMatchObject({
      severity: 'error',
      subjects: [{ kind: 'Router', name: 'immich@kubernetes' }],
      message: '1,940 of 2,000 requests on immich@kubernetes (97%) came from node addresses 10.0.20.101-105',
    });
    expect(f?.evidence).toContain('10.0.20.101 (node): 388 requests');
    expect(f?.why).toMatch(/CrowdSec, rate limits and IP allow-lists/);
    expect(f?.fix).toMatch(/externalTrafficPolicy: Local/);
    expect(f?.fix).toMatch(/edgelens haproxy/);
    expect(r.findings.some((x) => x.rule === 'client-ip-private-only')).toBe(false);
  });

  it('snat through pod addresses too (the bridge address of a node with a local endpoint)', () => {
    const r = analyze(log([...nodes(90), [10, { host: '10.42.0.1' }]]));
    expect(r.findings[0]?.message).toBe('100 of 100 requests on immich@kubernetes (100%) came from node and pod addresses 10.0.20.101-105, 10.42.0.1');
  });

  it('preserved: public and LAN clients, no node addresses', () => {
    const r = analyze(log([[700, { host: '93.184.216.34' }], [290, { host: '192.168.1.50' }], [10, { host: '10.0.20.101' }]]));
    expect(r.verdict).toBe('preserved');
    expect(r.explanation).toBe(
      'preserved: 990 of 1,000 requests with an IP address on 1 router (99%) came from client addresses (private 290, public 700); ' +
        'only 10 (1%) came from node or pod addresses — real client IPs reach Traefik (20% or less counts as preserved).',
    );
    expect(r.findings).toEqual([]);
  });

  it('mixed: some routers SNATed, some not — the finding names only the SNATed one', () => {
    const r = analyze(log([...nodes(500), [500, { host: '203.0.113.9', router: 'grafana@kubernetes' }]]));
    expect(r.verdict).toBe('mixed');
    expect(r.explanation).toMatch(/^mixed: 500 of 1,000 requests with an IP address on 2 routers \(50%\) came from node or pod addresses and 500 \(50%\) from client addresses \(documentation 500\)/);
    expect(r.routers.map((x) => [x.router, x.verdict])).toEqual([
      ['grafana@kubernetes', 'preserved'],
      ['immich@kubernetes', 'snat'],
    ]);
    expect(r.findings.map((f) => f.subjects[0]?.name)).toEqual(['immich@kubernetes']);
  });

  it('forwarded: a proxy in front on the LAN reported the clients with X-Forwarded-For', () => {
    const r = analyze(
      log([
        [90, { host: '93.184.216.34, 192.168.1.2', peer: '192.168.1.2' }],
        [5, { host: '93.184.216.35', xff: '93.184.216.35', peer: '192.168.1.2' }],
        [5, { host: '10.0.20.103' }],
      ]),
    );
    const row = r.routers[0];
    expect(row?.verdict).toBe('forwarded');
    expect(row?.forwarded).toBe(95);
    expect(row?.explanation).toMatch(/^forwarded: 95 of 100 requests on immich@kubernetes \(95%\) came through a proxy with X-Forwarded-For/);
    expect(row?.explanation).toMatch(/Forwarded by a proxy in front of Traefik on a private network: 192\.168\.1\.2, 95 requests\.$/);
    expect(row?.forwardedVia).toEqual([{ ip: '192.168.1.2', class: 'private', requests: 95 }]);
    // The overall verdict judges the addresses the trusted proxy reported: the originating clients are public.
    expect(r.verdict).toBe('preserved');
    expect(r.classes).toMatchObject({ public: 95, node: 5 });
    expect(r.peerClasses).toEqual({ private: 95, node: 5 });
    expect(r.topClients[0]).toEqual({ ip: '93.184.216.34', class: 'public', requests: 90 });
    expect(r.findings.some((f) => f.rule === 'client-ip-snat')).toBe(false);
  });

  it('unknown: nothing parsed', () => {
    const r = analyze('{"level":"info","msg":"Configuration loaded","time":"2024-05-01T12:00:00Z"}\nnot a log line\n\n');
    expect(r).toMatchObject({ verdict: 'unknown', lines: 3, parsed: 0, malformed: 2, blank: 1 });
    expect(r.explanation).toMatch(/^unknown: none of the 3 lines is a Traefik access-log entry \(2 malformed, 1 blank\)/);
  });

  it('client-ip-private-only: LAN, VPN and node sources only', () => {
    const r = analyze(log([[60, { host: '192.168.1.50' }], [30, { host: '100.101.102.103' }], [10, { host: '10.0.20.102' }]]));
    expect(r.verdict).toBe('preserved');
    const f = r.findings.find((x) => x.rule === 'client-ip-private-only');
    expect(f).toMatchObject({
      severity: 'warning',
      subjects: [{ kind: 'Router', name: 'immich@kubernetes' }],
      message: "None of the 100 requests came from a public address (node 10, private 60, cgnat 30): CrowdSec's default whitelist drops 70 of them (70%)",
    });
    const all = analyze(log(nodes(50)));
    expect(all.findings.find((x) => x.rule === 'client-ip-private-only')?.message).toMatch(/drops all 50 of them$/);
  });
});

describe('report details', () => {
  it('reports per entrypoint and names the entrypoint when one router has several', () => {
    const r = analyze(log([...nodes(50), [50, { host: '93.184.216.34', ep: 'web' }]]));
    expect(r.entryPoints?.map((e) => [e.entryPoint, e.verdict, e.requests])).toEqual([
      ['web', 'preserved', 50],
      ['websecure', 'snat', 50],
    ]);
    expect(r.routers.map((x) => x.entryPoint)).toEqual(['web', 'websecure']);
    expect(r.findings[0]?.message).toBe('50 of 50 requests on immich@kubernetes (entrypoint websecure) (100%) came from node addresses 10.0.20.101-105');
  });

  it('counts requests without a router under "-" and raises no finding for them', () => {
    const r = analyze(log([[10, { host: '10.0.20.101', router: '' }]]));
    expect(r.routers[0]).toMatchObject({ router: '-', verdict: 'snat' });
    expect(r.findings.some((f) => f.rule === 'client-ip-snat')).toBe(false);
  });

  it('builds a per-minute series by class', () => {
    const r = analyze(log([[3, { host: '10.0.20.101', minute: 0 }], [2, { host: '203.0.113.7', minute: 0 }], [4, { host: '10.42.0.7', minute: 1 }]]));
    expect(r.series).toEqual([
      { t: '2024-05-01T12:00:00.000Z', node: 3, pod: 0, lb: 0, loopback: 0, private: 0, cgnat: 0, linklocal: 0, public: 0, documentation: 2 },
      { t: '2024-05-01T12:01:00.000Z', node: 0, pod: 4, lb: 0, loopback: 0, private: 0, cgnat: 0, linklocal: 0, public: 0, documentation: 0 },
    ]);
  });

  it('counts clients that are not IP addresses as unclassified', () => {
    const r = analyze(log([[3, { host: 'unknown' }], [1, { host: '93.184.216.34' }]]));
    expect(r).toMatchObject({ parsed: 4, unclassified: 3, verdict: 'preserved' });
    expect(r.explanation).toMatch(/^preserved: 1 of 1 requests with an IP address/);
    expect(r.topClients).toEqual([{ ip: '93.184.216.34', class: 'public', requests: 1 }]);
  });

  it('merges spellings of one address in topClients', () => {
    const r = analyze(log([[2, { host: '::ffff:10.0.20.101' }], [1, { host: '10.0.20.101' }]]));
    expect(r.topClients).toEqual([{ ip: '10.0.20.101', class: 'node', requests: 3 }]);
  });
});
