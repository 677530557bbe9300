// The verdicts on real Traefik shapes (see __fixtures__/SOURCES.md for the upstream files):
// no false all-clear without the node list, peer (ClientAddr) and claimed client (ClientHost)
// judged apart, entries without a client counted, protocols counted.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { logReportSchema, type LogReport } from '../model/logs';
import { analyzeLogText } from './stream';
import type { LogAnalysisOptions } from './stream';

const read = (name: string): Buffer => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url));
const NODES = ['10.0.20.101', '10.0.20.102', '10.0.20.103', '10.0.20.104', '10.0.20.105'];
const full = { nodeIPs: NODES, podCIDRs: ['10.42.0.0/16'], lbIPs: ['10.0.20.200'] };

function analyze(text: string | Buffer, ctx: Parameters<typeof analyzeLogText>[1], opts: LogAnalysisOptions = {}): LogReport {
  const r = analyzeLogText(text, ctx, opts);
  expect(logReportSchema.safeParse(r).success).toBe(true);
  return r;
}

/**
 * The README's case as `kubectl -n traefik logs deploy/traefik` prints it: Traefik v3 JSON
 * (ClientHost = ClientAddr's host, no XFF), 2,000 requests, 98% from the five nodes.
 */
function seedLog(): string {
  const base = read('traefik-v3.json.log').toString('utf8').split('\n')[2] ?? '';
  const out: string[] = [];
  for (let i = 0; i < 2000; i++) {
    const ip = i < 1960 ? (NODES[i % 5] ?? '') : `93.184.216.${i % 40}`;
    out.push(base.replace('"ClientAddr":"10.0.20.101:41234","ClientHost":"10.0.20.101"', `"ClientAddr":"${ip}:${30000 + i}","ClientHost":"${ip}"`));
  }
  return `${out.join('\n')}\n`;
}

describe('no false all-clear without the full node list', () => {
  it('with no node list at all: suspect-snat naming the five addresses, and how to confirm', () => {
    const r = analyze(seedLog(), { nodeIPs: [], podCIDRs: [], lbIPs: [] });
    expect(r.nodeSource).toBe('none');
    expect(r.verdict).toBe('suspect-snat');
    expect(r.suspects?.map((s) => s.ip).sort()).toEqual(NODES);
    expect(r.explanation).toMatch(/^suspect-snat: 1,960 of 2,000 requests with an IP address on 1 router \(98%\) came from a few addresses \(10\.0\.20\.101 392/);
    expect(r.explanation).toMatch(/--snapshot .* --node-ip naming every node/);
    const f = r.findings.find((x) => x.rule === 'client-ip-suspect-snat');
    expect(f?.message).toBe(
      '1,960 of 2,000 requests (98%) came from 5 private addresses (10.0.20.101-105) that may be nodes: no node address is known (no cluster, snapshot or --node-ip)',
    );
    expect(f?.evidence).toContain('10.0.20.101 (private, not a known node): 392 requests');
    // Routers too: never "preserved" on the SNAT signature.
    expect(r.routers[0]?.verdict).toBe('suspect-snat');
  });

  it('with --node-ip naming 2 of the 5 nodes: still suspect-snat, not mixed or preserved', () => {
    const r = analyze(seedLog(), { nodeIPs: NODES.slice(0, 2), podCIDRs: [], lbIPs: [] }, { nodeSource: 'flags' });
    expect(r.verdict).toBe('suspect-snat');
    expect(r.suspects?.map((s) => s.ip).sort()).toEqual(NODES.slice(2));
    expect(r.findings.find((x) => x.rule === 'client-ip-suspect-snat')?.message).toMatch(/only the --node-ip addresses are known as nodes$/);
  });

  it('with the nodes from the cluster or a snapshot: snat, with the error finding', () => {
    const r = analyze(seedLog(), full, { nodeSource: 'cluster' });
    expect(r).toMatchObject({ verdict: 'snat', nodeSource: 'cluster' });
    expect(r.findings.map((f) => f.rule)).toContain('client-ip-snat');
  });

  it('keeps preserved for many distinct clients even without a node list', () => {
    const base = read('traefik-v3.json.log').toString('utf8').split('\n')[2] ?? '';
    const lines = Array.from({ length: 500 }, (_, i) => {
      const ip = i % 2 ? `93.184.${i % 200}.${i % 250}` : `192.168.1.${i % 200}`;
      return base.replace('"ClientAddr":"10.0.20.101:41234","ClientHost":"10.0.20.101"', `"ClientAddr":"${ip}:1","ClientHost":"${ip}"`);
    });
    expect(analyze(lines.join('\n'), { nodeIPs: [], podCIDRs: [], lbIPs: [] }).verdict).toBe('preserved');
  });
});

describe('peer and client, judged apart (traefik-v3-forwarded.json.log)', () => {
  const r = analyze(read('traefik-v3-forwarded.json.log'), {
    ...full,
    names: { '10.42.1.7': 'pod cloudflared/cloudflared-7d9f6b8c5-x2k4q' },
  }, { nodeSource: 'snapshot' });
  const router = (name: string) => r.routers.find((x) => x.router.startsWith(name));

  it('a cloudflared-style single XFF through a pod peer is forwarded via that pod', () => {
    const g = router('grafana');
    expect(g).toMatchObject({ verdict: 'forwarded', forwarded: 6, peerClasses: { pod: 6 }, clientClasses: { public: 6 }, byClass: { public: 6 } });
    expect(g?.forwardedVia).toEqual([{ ip: '10.42.1.7', class: 'pod', requests: 6, name: 'pod cloudflared/cloudflared-7d9f6b8c5-x2k4q' }]);
    expect(g?.explanation).toMatch(/Forwarded by a pod \(an in-cluster proxy such as cloudflared or an ingress\): 10\.42\.1\.7 \(pod cloudflared\/cloudflared-7d9f6b8c5-x2k4q\), 6 requests\.$/);
  });

  it('a SNATed peer carrying XFF is still SNAT at the peer', () => {
    const n = router('nextcloud');
    expect(n).toMatchObject({ verdict: 'snat', forwarded: 5, peerClasses: { node: 5 }, clientClasses: { public: 5 }, byClass: { node: 5 } });
    const f = r.findings.find((x) => x.rule === 'client-ip-snat' && x.subjects[0]?.name.startsWith('nextcloud'));
    expect(f?.evidence).toContain('5 requests carried X-Forwarded-For; the peer (ClientAddr) is what is judged, and it was a node or pod address');
  });

  it('a public peer whose XFF Traefik accepted raises client-ip-spoofable with the exact-trustedIPs fix', () => {
    const v = router('vaultwarden');
    expect(v).toMatchObject({ spoofable: 3, peerClasses: { public: 3 } });
    const f = r.findings.find((x) => x.rule === 'client-ip-spoofable');
    expect(f).toMatchObject({ severity: 'error', subjects: [{ kind: 'Router', name: 'vaultwarden-vaultwarden-1c2d@kubernetescrd' }] });
    expect(f?.message).toMatch(/^3 of 3 requests on vaultwarden-vaultwarden-1c2d@kubernetescrd \(entrypoint websecure\) took their client address from X-Forwarded-For sent by a public peer/);
    expect(f?.fix).toMatch(/entryPoints\.websecure\.forwardedHeaders\.trustedIPs to exactly/);
    expect(f?.fix).toMatch(/remove forwardedHeaders\.insecure/);
    expect(f?.fix).not.toMatch(/insecure[:=] ?true/);
  });

  it('counts protocols per router and in total, IPv6 peers included', () => {
    expect(r.protocols).toEqual({ 'HTTP/1.1': 1, 'HTTP/2.0': 14, 'HTTP/3.0': 1 });
    expect(router('immich')?.protocols).toEqual({ 'HTTP/1.1': 1, 'HTTP/3.0': 1 });
    expect(r.entryPoints?.[0]?.protocols).toEqual({ 'HTTP/1.1': 1, 'HTTP/2.0': 14, 'HTTP/3.0': 1 });
    expect(r.protocolClasses?.['HTTP/3.0']).toEqual({ public: 1 });
  });
});

describe('entries honestly counted', () => {
  it('JSON entries without a client field (defaultMode: drop) are noClient entries with a finding naming the setting', () => {
    const r = analyze(read('traefik-drop.json.log'), full, { nodeSource: 'snapshot' });
    expect(r).toMatchObject({ lines: 5, parsed: 4, malformed: 1, noClient: 4, unclassified: 4, verdict: 'unknown' });
    expect(r.explanation).toMatch(/none carries a client field .* accessLog\.fields/);
    const f = r.findings.find((x) => x.rule === 'access-log-client-dropped');
    expect(f?.fix).toMatch(/accessLog\.fields\.names\.ClientHost: keep/);
    expect(r.routers.find((x) => x.router === 'immich-immich-9c2f1a@kubernetescrd')?.verdict).toBe('unknown');
  });

  it('CLF: a dropped ClientHost ("-") is noClient; the report says CLF has no peer', () => {
    const r = analyze(read('traefik-drop.common.log'), full, { nodeSource: 'snapshot' });
    expect(r).toMatchObject({ format: 'clf', parsed: 3, noClient: 2 });
    expect(r.peerClasses).toBeUndefined();
    expect(r.protocols).toEqual({ 'HTTP/2.0': 1, 'HTTP/3.0': 1 });
    expect(r.explanation).toMatch(/CLF logs carry only ClientHost/);
  });

  it('routers whose entries carry no IP client are unknown, not mixed', () => {
    const r = analyze(read('traefik-drop.json.log'), full, { nodeSource: 'snapshot' });
    expect(r.routers.every((x) => x.verdict === 'unknown')).toBe(true);
  });

  it('parses lines of 1 MB (a long XFF chain) as entries', () => {
    const base = read('traefik-v3.json.log').toString('utf8').split('\n')[2] ?? '';
    const chain = Array.from({ length: 70_000 }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`).join(', ');
    const long = base.replace('"ClientHost":"10.0.20.101"', `"ClientHost":"93.184.216.34, ${chain}"`);
    expect(long.length).toBeGreaterThan(900_000);
    const r = analyze(`${long}\n${base}\n`, full, { nodeSource: 'snapshot' });
    expect(r).toMatchObject({ parsed: 2, malformed: 0 });
    expect(r.clientClasses).toMatchObject({ public: 1, node: 1 });
  });
});
