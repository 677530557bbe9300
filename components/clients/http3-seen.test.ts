import { describe, expect, it } from 'vitest';
import { http3Seen } from './http3-seen';

describe('http3Seen', () => {
  it('yes with the share of requests whose protocol was logged', () => {
    const s = http3Seen({ requests: 200, protocols: { 'HTTP/2.0': 150, 'HTTP/1.1': 26, 'HTTP/3.0': 24 } });
    expect(s).toMatchObject({ state: 'yes', text: 'yes · 12%', sortKey: 0.12 });
    expect(s.detail).toBe('24 of 200 requests with a logged protocol were HTTP/3');
  });

  it('a tiny share is "<1%", never "0%"', () => {
    expect(http3Seen({ requests: 1000, protocols: { 'HTTP/2.0': 999, 'HTTP/3.0': 1 } }).text).toBe('yes · <1%');
  });

  it('no only when protocols were logged and none was HTTP/3', () => {
    const s = http3Seen({ requests: 50, protocols: { 'HTTP/2.0': 40, 'HTTP/1.1': 5 } });
    expect(s.state).toBe('no');
    expect(s.detail).toBe('no HTTP/3 request among 45 with a logged protocol (5 more without a logged protocol)');
  });

  it('unknown (not "no") when the log has no RequestProtocol (field dropped)', () => {
    expect(http3Seen({ requests: 50 }).state).toBe('unknown');
    expect(http3Seen({ requests: 50, protocols: {} }).state).toBe('unknown');
  });

  it('sorts unknown below no below yes', () => {
    const keys = [http3Seen({ requests: 1 }), http3Seen({ requests: 1, protocols: { 'HTTP/1.1': 1 } }), http3Seen({ requests: 2, protocols: { 'HTTP/3.0': 1, 'HTTP/1.1': 1 } })].map((s) => s.sortKey);
    expect(keys).toEqual([-1, 0, 0.5]);
  });
});
