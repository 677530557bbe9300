import { describe, expect, it } from 'vitest';
import type { ProbeSample } from '../model/probe';
import { describeProbeFailure, formatSeconds, lastFailure } from './probe-words';

const fail = (over: Partial<ProbeSample>): ProbeSample => ({
  ok: false,
  phase: 'quic',
  error: 'timeout',
  handshakeMs: null,
  totalMs: 3000,
  alpn: null,
  status: null,
  altSvc: null,
  ...over,
});

describe('probe failures in words', () => {
  it('HTTP/3 timeout before any handshake: UDP never answered, with the timeout and the port', () => {
    expect(describeProbeFailure('h3', fail({ detail: 'no QUIC handshake within 3000 ms' }), { port: 443, timeoutMs: 3000 })).toBe(
      'UDP never answered: no reply to the QUIC Initial within 3 s — UDP/443 is blocked or not forwarded (firewall, router port forward, or a LoadBalancer Service without a UDP port)',
    );
  });

  it('HTTP/3 timeout after the handshake, and a killed runner, are not blamed on UDP', () => {
    expect(describeProbeFailure('h3', fail({ handshakeMs: 12 }), { port: 443, timeoutMs: 1500 })).toMatch(/^The QUIC handshake completed but the HTTP\/3 request got no answer within 1\.5 s/);
    expect(describeProbeFailure('h3', fail({ detail: 'HTTP/3 runner gave no answer within 3000 ms (+500 ms grace); killed' }), { port: 443 })).toMatch(/^The HTTP\/3 probe gave no answer/);
  });

  it('refused / TLS / ALPN over QUIC', () => {
    expect(describeProbeFailure('h3', fail({ error: 'refused' }), { port: 8443 })).toMatch(/^UDP port closed: .* nothing listens on UDP\/8443/);
    expect(describeProbeFailure('h3', fail({ error: 'tls', detail: 'certificate has expired' }), { port: 443 })).toBe(
      "QUIC's TLS handshake failed: the certificate was rejected (certificate has expired)",
    );
    expect(describeProbeFailure('h3', fail({ error: 'alpn' }), { port: 443 })).toMatch(/does not speak HTTP\/3/);
  });

  it('TCP: filtered vs refused vs a stalled TLS handshake', () => {
    expect(describeProbeFailure('tcp', fail({ phase: 'connect' }), { port: 443, timeoutMs: 3000 })).toBe('No TCP answer within 3 s: TCP/443 is filtered (packets dropped) or the host is down');
    expect(describeProbeFailure('tcp', fail({ phase: 'connect', error: 'refused' }), { port: 443 })).toBe('Connection refused: nothing listens on TCP/443 (or a firewall rejects it)');
    expect(describeProbeFailure('tcp', fail({ phase: 'tls' }), { port: 443, timeoutMs: 3000 })).toMatch(/^TCP connected but the TLS handshake stalled/);
    expect(describeProbeFailure('tcp', fail({ phase: 'http', error: 'http', status: 502 }), { port: 443 })).toBe('The HTTP request failed with HTTP 502');
  });

  it('a success has no words; the last failure of a run is the newest one', () => {
    const ok: ProbeSample = { ok: true, phase: 'done', error: null, handshakeMs: 1, totalMs: 2, alpn: 'h3', status: 200, altSvc: null };
    expect(describeProbeFailure('h3', ok, { port: 443 })).toBe('');
    const a = fail({ error: 'timeout' });
    const b = fail({ error: 'refused' });
    expect(lastFailure([a, ok, b, ok])).toBe(b);
    expect(lastFailure([ok])).toBeNull();
    expect(formatSeconds(2500)).toBe('2.5 s');
  });
});
