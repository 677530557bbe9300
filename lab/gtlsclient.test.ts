import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseGtlsclientLog, gtlsclientArgs } from './gtlsclient';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/gtlsclient/${name}`, import.meta.url), 'utf8');

describe('gtlsclient log parsing (real logs of ngtcp2-client against loopback)', () => {
  it('successful exchange with Caddy: status, ALPN and handshake time from its own timestamps', () => {
    // caddy-ok.log: the line before "QUIC handshake has completed" is stamped I00000002.
    expect(parseGtlsclientLog(fixture('caddy-ok.log'))).toEqual({ status: 200, alpn: 'h3', handshakeMs: 2 });
  });

  it('closed port: no handshake, no status', () => {
    expect(parseGtlsclientLog(fixture('closed-port.log'))).toEqual({ status: null, alpn: null, handshakeMs: null });
  });

  it('builds the documented command line', () => {
    expect(gtlsclientArgs({ host: '127.0.0.1', port: 8443, timeoutMs: 1500 })).toEqual([
      '--exit-on-all-streams-close',
      '--timeout=1500ms',
      '--no-quic-dump',
      '--no-http-dump',
      '127.0.0.1',
      '8443',
      'https://127.0.0.1:8443/',
    ]);
    expect(gtlsclientArgs({ host: '127.0.0.1', port: 443, sni: 'localhost', path: '/x', timeoutMs: 1 })).toContain('--sni=localhost');
  });
});
