import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseJsonLine } from './records';

const fixture = (name: string): string[] => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8').split('\n');
const v3 = fixture('traefik-v3.json.log');
const v2 = fixture('traefik-v2.json.log');
const line = (lines: string[], n: number): string => {
  const l = lines[n - 1];
  if (l === undefined) throw new Error(`fixture has no line ${n}`);
  return l;
};

describe('parseJsonLine (Traefik v3)', () => {
  it('reads a complete entry: client, router, entrypoint, minute, status', () => {
    expect(parseJsonLine(line(v3, 3))).toEqual({
      clientHost: '10.0.20.101',
      client: '10.0.20.101',
      peer: '10.0.20.101',
      forwarded: false,
      protocol: 'HTTP/2.0',
      router: 'immich-immich-9c2f1a@kubernetescrd',
      entryPoint: 'websecure',
      minute: '2024-05-01T12:00:00.000Z',
      status: 200,
    });
  });

  it('converts a local "time" with an offset to the UTC minute', () => {
    expect(parseJsonLine(line(v3, 5))?.minute).toBe('2024-05-01T12:01:00.000Z');
  });

  it('recognises an X-Forwarded-For list in ClientHost and takes the first address as the client', () => {
    const r = parseJsonLine(line(v3, 7));
    expect(r?.clientHost).toBe('203.0.113.7, 10.0.20.103');
    expect(r?.client).toBe('203.0.113.7');
    expect(r?.forwarded).toBe(true);
  });

  it('recognises a kept request_X-Forwarded-For header with a single address', () => {
    const r = parseJsonLine(line(v3, 8));
    expect(r?.client).toBe('198.51.100.23');
    expect(r?.forwarded).toBe(true);
  });

  it('reads IPv6 and IPv4-mapped clients', () => {
    expect(parseJsonLine(line(v3, 10))?.client).toBe('2001:db8::1');
    expect(parseJsonLine(line(v3, 11))?.client).toBe('::ffff:10.0.20.105');
  });

  it('gives "-" as the router when no router matched', () => {
    const r = parseJsonLine(line(v3, 12));
    expect(r?.router).toBe('-');
    expect(r?.entryPoint).toBe('web');
    expect(r?.status).toBe(404);
  });

  it("does not take Traefik's own log lines for entries", () => {
    expect(parseJsonLine(line(v3, 1))).toBeNull();
    expect(parseJsonLine(line(v3, 2))).toBeNull();
    expect(parseJsonLine(line(v3, 6))).toBeNull();
    expect(parseJsonLine('{"level":"info","msg":"Configuration loaded","time":"2024-05-01T12:00:00Z"}')).toBeNull();
  });
});

describe('parseJsonLine (Traefik v2, ServiceURL as an object)', () => {
  it('reads entries with the nested ServiceURL object', () => {
    const r = parseJsonLine(line(v2, 3));
    expect(r?.client).toBe('10.0.20.101');
    expect(r?.router).toBe('immich-immich-9c2f1a@kubernetescrd');
    expect(r?.minute).toBe('2024-05-01T12:00:00.000Z');
  });

  it('rejects a line cut right after the nested object, although it starts with { and ends with }', () => {
    const cut = line(v2, 7);
    expect(cut.startsWith('{') && cut.endsWith('}')).toBe(true);
    expect(parseJsonLine(cut)).toBeNull();
    expect(parseJsonLine(line(v2, 8))).toBeNull();
  });

  it('rejects text-format Traefik lines', () => {
    expect(parseJsonLine(line(v2, 1))).toBeNull();
  });
});

describe('parseJsonLine edge cases', () => {
  const base = line(v3, 4);

  it('falls back to JSON.parse for escaped quotes inside ClientHost and stays exact', () => {
    const odd = base.replace('"ClientHost":"10.0.20.102"', '"ClientHost":"\\"10.0.20.102\\""');
    expect(parseJsonLine(odd)?.clientHost).toBe('"10.0.20.102"');
  });

  it('accepts pretty-printed or reordered JSON through JSON.parse', () => {
    const obj = JSON.parse(base) as Record<string, unknown>;
    const pretty = JSON.stringify({ time: obj.time, RouterName: obj.RouterName, ClientHost: obj.ClientHost }, null, 1).replace(/\n/g, ' ');
    expect(parseJsonLine(pretty)).toMatchObject({ client: '10.0.20.102', router: 'immich-immich-9c2f1a@kubernetescrd' });
  });

  it('rejects two objects glued onto one line', () => {
    expect(parseJsonLine(base + '{"level":"info","msg":"x","time":"2024-05-01T12:00:00Z"}')).toBeNull();
  });

  it('rejects a line cut inside the final time value', () => {
    expect(parseJsonLine(base.slice(0, -8))).toBeNull();
    expect(parseJsonLine(base.slice(0, -1))).toBeNull();
  });

  it('rejects invalid UTF-8', () => {
    const bytes = Buffer.from(base);
    bytes[bytes.indexOf('/api/') + 1] = 0xff;
    expect(parseJsonLine(bytes)).toBeNull();
  });

  it('accepts a line with a brace inside a string (through JSON.parse)', () => {
    expect(parseJsonLine(base.replace('/api/server/ping', '/api/{id}/ping'))?.client).toBe('10.0.20.102');
  });
});
