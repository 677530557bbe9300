import { describe, expect, it } from 'vitest';
import type { LogReport } from '@/lib/model';
import { addressRuns, addressSortKey, fmtPct, sampleEvidence, seriesClasses } from './words';

const base: LogReport = {
  lines: 2040,
  parsed: 2000,
  malformed: 40,
  format: 'json',
  classes: { node: 1940, pod: 0, lb: 0, loopback: 0, private: 0, cgnat: 0, linklocal: 0, public: 60, documentation: 0 },
  routers: ['a', 'b', 'c', 'd', 'e', 'f'].map((r) => ({ router: `${r}@kubernetes`, requests: 1, byClass: {}, snatRatio: 1, verdict: 'snat' as const })),
  topClients: ['10.0.20.103', '10.0.20.101', '10.0.20.102', '10.0.20.105', '10.0.20.104'].map((ip) => ({ ip, class: 'node' as const, requests: 1 })),
  verdict: 'snat',
  findings: [],
};

describe('Client IPs words', () => {
  it('says the SNAT verdict with the share, the request and router counts and the node addresses', () => {
    expect(sampleEvidence(base)).toEqual({
      label: 'SNAT seen',
      tone: 'error',
      sentence: '97% of 2,000 requests on 6 routers came from node addresses 10.0.20.101-105: Traefik sees the node, not the visitor.',
    });
  });

  it('says the preserved verdict with the client classes', () => {
    const h = sampleEvidence({ ...base, verdict: 'preserved', classes: { ...base.classes, node: 0, public: 1600, private: 340, cgnat: 60 }, topClients: [] });
    expect(h.tone).toBe('ok');
    expect(h.sentence).toBe('100% of 2,000 requests on 6 routers came from client addresses (private 340, cgnat 60, public 1,600).');
  });

  it('falls back to the server explanation when the verdict is unknown', () => {
    expect(sampleEvidence({ ...base, verdict: 'unknown', explanation: 'unknown: no Traefik pod log was read.' }).sentence).toBe('unknown: no Traefik pod log was read.');
  });

  it('writes address runs compactly', () => {
    expect(addressRuns(['10.0.20.103', '10.0.20.101', '10.0.20.102', '10.0.20.105'])).toBe('10.0.20.101-103, 10.0.20.105');
    expect(addressRuns(['10.0.20.255', '10.0.21.0'])).toBe('10.0.20.255-10.0.21.0');
    expect(addressRuns(['1.1.1.1', '2.2.2.2', '3.3.3.3', '4.4.4.4', '5.5.5.5', 'fd00::1'])).toBe('1.1.1.1, 2.2.2.2, 3.3.3.3, 4.4.4.4 and 2 more');
    expect(fmtPct(0.004)).toBe('<1%');
    expect(fmtPct(0.999)).toBe('>99%');
  });

  it('charts only the classes that occur', () => {
    expect(seriesClasses([{ t: 'x', node: 3, public: 0 }, { t: 'y', node: 1, public: 2, pod: 0 }])).toEqual(['node', 'public']);
  });
});

describe('addressSortKey', () => {
  it('orders IPv4 numerically, then IPv6 as text', () => {
    const ips = ['10.0.20.10', '2001:db8::1', '10.0.20.9', '192.168.1.2', '10.0.3.200'];
    expect([...ips].sort((a, b) => (addressSortKey(a) < addressSortKey(b) ? -1 : 1))).toEqual(['10.0.3.200', '10.0.20.9', '10.0.20.10', '192.168.1.2', '2001:db8::1']);
  });
});
