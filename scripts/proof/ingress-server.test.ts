// The proof's Traefik stand-in must itself be right: on loopback, check that it honours
// PROXY v1/v2 only from trusted peers, keeps the peer for LOCAL, and ignores (but
// strips) headers from anyone else, like Traefik's proxyProtocol.trustedIPs.
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIngress, type Ingress } from './ingress';

const SIG = Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);

function v2Tcp4(src: string, sport: number): Buffer {
  const body = Buffer.alloc(12);
  src.split('.').forEach((o, i) => body.writeUInt8(Number(o), i));
  [127, 0, 0, 1].forEach((o, i) => body.writeUInt8(o, 4 + i));
  body.writeUInt16BE(sport, 8);
  body.writeUInt16BE(443, 10);
  return Buffer.concat([SIG, Buffer.from([0x21, 0x11, 0, 12]), body]);
}

function v2Tcp6(src: Buffer, sport: number): Buffer {
  const body = Buffer.alloc(36);
  src.copy(body, 0);
  body.writeUInt8(1, 31); // dst ::1
  body.writeUInt16BE(sport, 32);
  body.writeUInt16BE(443, 34);
  return Buffer.concat([SIG, Buffer.from([0x21, 0x21, 0, 36]), body]);
}

const LOCAL = Buffer.concat([SIG, Buffer.from([0x20, 0x00, 0, 0])]);

/** Send `prefix` then an HTTP request (in two writes, to exercise partial headers); resolve with the body. */
function request(port: number, prefix: Buffer, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => {
      s.write(prefix.subarray(0, 5));
      setTimeout(() => s.write(Buffer.concat([prefix.subarray(5), Buffer.from(`GET ${path} HTTP/1.1\r\nHost: whoami.test\r\nConnection: close\r\n\r\n`)])), 20);
    });
    let data = '';
    s.on('data', (d) => (data += d.toString()));
    s.on('end', () => resolve(data.split('\r\n\r\n')[1] ?? ''));
    s.on('error', reject);
  });
}

function headerOnly(port: number, bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => s.end(bytes));
    s.on('close', () => resolve());
    s.on('error', reject);
  });
}

describe('proof ingress server (Traefik stand-in) on loopback', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgelens-ingress-'));
  let trusting: Ingress;
  let untrusting: Ingress;

  beforeAll(async () => {
    trusting = await startIngress({ host: '127.0.0.1', port: 0, trusted: ['127.0.0.1'], accessLog: join(dir, 'a.log'), events: join(dir, 'a.ev') });
    untrusting = await startIngress({ host: '127.0.0.1', port: 0, trusted: ['192.0.2.99'], accessLog: join(dir, 'b.log'), events: join(dir, 'b.ev') });
  });
  afterAll(async () => {
    await trusting?.stop();
    await untrusting?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('uses the PROXY v2 / v1 source from a trusted peer and logs it as ClientHost', async () => {
    expect(await request(trusting.port, v2Tcp4('203.0.113.7', 40000), '/v2')).toBe('hello 203.0.113.7\n');
    const six = Buffer.from('20010db8000000000000000000000007', 'hex');
    expect(await request(trusting.port, v2Tcp6(six, 40001), '/v2six')).toBe('hello 2001:db8::7\n');
    expect(await request(trusting.port, Buffer.from('PROXY TCP4 198.51.100.77 127.0.0.1 40002 443\r\n'), '/v1')).toBe('hello 198.51.100.77\n');
    expect(await request(trusting.port, Buffer.alloc(0), '/plain')).toBe('hello 127.0.0.1\n');
    const lines = trusting.accessLines();
    expect(lines.map((l) => [l.RequestPath, l.ClientHost, l.ClientAddr])).toEqual([
      ['/v2', '203.0.113.7', '203.0.113.7:40000'],
      ['/v2six', '2001:db8::7', '[2001:db8::7]:40001'],
      ['/v1', '198.51.100.77', '198.51.100.77:40002'],
      ['/plain', '127.0.0.1', expect.stringMatching(/^127\.0\.0\.1:\d+$/)],
    ]);
    expect(lines[0]).toMatchObject({ RouterName: 'whoami@file', entryPointName: 'websecure', DownstreamStatus: 200, RequestHost: 'whoami.test' });
  });

  it('keeps the peer address for a LOCAL header (health check) and records it', async () => {
    await headerOnly(trusting.port, LOCAL);
    await expect.poll(() => trusting.events().filter((e) => e.header === 'v2-local')).toEqual([
      { peer: '127.0.0.1', trusted: true, header: 'v2-local', client: '127.0.0.1' },
    ]);
  });

  it('strips but ignores a PROXY header from an untrusted peer: no spoofing', async () => {
    expect(await request(untrusting.port, v2Tcp4('203.0.113.66', 40003), '/spoof2')).toBe('hello 127.0.0.1\n');
    expect(await request(untrusting.port, Buffer.from('PROXY TCP4 203.0.113.67 127.0.0.1 1 443\r\n'), '/spoof1')).toBe('hello 127.0.0.1\n');
    expect(untrusting.accessLines().map((l) => l.ClientHost)).toEqual(['127.0.0.1', '127.0.0.1']);
  });
});
