import { describe, expect, it } from 'vitest';
import type { LogReport } from '@/lib/model';
import { addressViews } from './address-views';

const base: LogReport = {
  lines: 10, parsed: 10, malformed: 0, format: 'json', routers: [], topClients: [], verdict: 'mixed', findings: [],
  classes: { node: 0, pod: 6, lb: 0, loopback: 0, private: 0, cgnat: 0, linklocal: 0, public: 4, documentation: 0 },
};

describe('address views', () => {
  it('puts the peer, the claimed client and the judged address side by side, per class', () => {
    // cloudflared (a pod) forwards 4 requests for public visitors; 6 come from the pod itself.
    const v = addressViews({
      ...base,
      peerClasses: { pod: 10 },
      clientClasses: { pod: 6, public: 4 },
      protocols: { 'HTTP/1.1': 3, 'HTTP/2.0': 7, 'HTTP/3.0': 0 },
      forwardedVia: [{ ip: '10.42.1.7', class: 'pod', requests: 4, name: 'cloudflare/cloudflared' }],
    });
    expect(v.rows).toEqual([
      { cls: 'pod', peer: 10, claimed: 6, judged: 6 },
      { cls: 'public', peer: 0, claimed: 4, judged: 4 },
    ]);
    expect(v.peerKnown).toBe(true);
    expect(v.protocols).toBe('HTTP/2.0 7 · HTTP/1.1 3');
    expect(v.forwarding).toBe('Forwarded with X-Forwarded-For by cloudflare/cloudflared 10.42.1.7 (pod, 4 requests).');
  });

  it('says when nothing was forwarded, and when the format cannot show it (CLF)', () => {
    expect(addressViews({ ...base, peerClasses: { pod: 6, public: 4 }, clientClasses: { pod: 6, public: 4 } }).forwarding).toMatch(/^No request in the sample carried X-Forwarded-For/);
    const clf = addressViews({ ...base, format: 'clf' });
    expect(clf.peerKnown).toBe(false);
    expect(clf.rows.every((r) => r.peer === null && r.claimed === null)).toBe(true);
    expect(clf.forwarding).toMatch(/CLF/);
    expect(clf.protocols).toBeNull();
  });
});
