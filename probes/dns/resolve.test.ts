// The resolver against a real (tiny) DNS server on loopback: what the server's vantage point sees.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTinyDns, type TinyDnsServer } from '../../lab/dns-server';
import { formatDnsServer, parseDnsServer, resolveName } from './resolve';

let dns: TinyDnsServer;

beforeAll(async () => {
  dns = await startTinyDns({ 'app.home.test': ['127.0.0.2'], 'dual.home.test': ['127.0.0.3', '::1'] });
});
afterAll(async () => {
  await dns?.stop();
});

describe('parseDnsServer', () => {
  it('takes ADDRESS, ADDRESS:PORT and [IPv6]:PORT; port 53 by default', () => {
    expect(parseDnsServer('127.0.0.1')).toEqual({ address: '127.0.0.1', port: 53 });
    expect(parseDnsServer('127.0.0.1:5353')).toEqual({ address: '127.0.0.1', port: 5353 });
    expect(parseDnsServer('[::1]:5353')).toEqual({ address: '::1', port: 5353 });
    expect(parseDnsServer('::1')).toEqual({ address: '::1', port: 53 });
    expect(formatDnsServer({ address: '::1', port: 53 })).toBe('[::1]:53');
  });

  it('refuses names and bad ports (a DNS server is an IP address)', () => {
    expect(parseDnsServer('dns.example')).toBeNull();
    expect(parseDnsServer('127.0.0.1:0')).toBeNull();
    expect(parseDnsServer('127.0.0.1:70000')).toBeNull();
  });
});

describe('resolveName', () => {
  const server = () => ({ address: dns.host, port: dns.port });

  it('asks the given server and returns its A records', async () => {
    const r = await resolveName('app.home.test', { server: server(), timeoutMs: 2_000 });
    expect(r).toEqual({ name: 'app.home.test', addresses: ['127.0.0.2'], error: null, resolver: `resolver 127.0.0.1:${dns.port}` });
    expect(dns.queries()).toContain('app.home.test');
  });

  it('returns A and AAAA records together', async () => {
    const r = await resolveName('dual.home.test', { server: server(), timeoutMs: 2_000 });
    expect(r.addresses.sort()).toEqual(['127.0.0.3', '::1']);
  });

  it('an unknown name is an observation with the reason, not an exception', async () => {
    const r = await resolveName('nope.home.test', { server: server(), timeoutMs: 2_000 });
    expect(r.addresses).toEqual([]);
    expect(r.error).toMatch(/ENOTFOUND|NXDOMAIN|not found/i);
  });

  it('a literal address needs no lookup', async () => {
    expect(await resolveName('127.0.0.1', { timeoutMs: 100 })).toMatchObject({ addresses: ['127.0.0.1'], error: null });
  });

  it('without a server it uses the system resolver (localhost is in /etc/hosts)', async () => {
    const r = await resolveName('localhost', { timeoutMs: 2_000 });
    expect(r.resolver).toBe('system resolver');
    expect(r.addresses.some((a) => a === '127.0.0.1' || a === '::1')).toBe(true);
  });
});
