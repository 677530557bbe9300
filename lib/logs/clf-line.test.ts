import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseClfLine } from './records';

const fixture = (name: string): string[] => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8').split('\n');
const common = fixture('traefik-common.log');
const generic = fixture('traefik-genericclf.log');
const line = (lines: string[], n: number): string => {
  const l = lines[n - 1];
  if (l === undefined) throw new Error(`fixture has no line ${n}`);
  return l;
};

describe('parseClfLine (common)', () => {
  it('reads a line exactly as Traefik prints it', () => {
    expect(parseClfLine(line(common, 2))).toEqual({
      clientHost: '10.0.20.101',
      client: '10.0.20.101',
      peer: null,
      forwarded: false,
      protocol: 'HTTP/2.0',
      router: 'immich-immich-9c2f1a@kubernetescrd',
      entryPoint: null,
      minute: '2024-05-01T12:00:00.000Z',
      status: 200,
    });
  });

  it('converts the timestamp offset to UTC and tolerates a user name', () => {
    expect(parseClfLine(line(common, 3))?.minute).toBe('2024-05-01T12:00:00.000Z');
  });

  it('reads an X-Forwarded-For list as ClientHost', () => {
    const r = parseClfLine(line(common, 5));
    expect(r?.clientHost).toBe('203.0.113.7, 10.0.20.103');
    expect(r?.client).toBe('203.0.113.7');
    expect(r?.forwarded).toBe(true);
    expect(r?.router).toBe('websecure-nextcloud-nextcloud-cloud-example-com@kubernetes');
  });

  it('reads IPv6 clients and user agents with quotes in them', () => {
    const r = parseClfLine(line(common, 6));
    expect(r?.client).toBe('2001:db8::1');
    expect(r?.router).toBe('grafana-grafana-4b1e0d@kubernetescrd');
  });

  it('reads a missing router written as "-" (Traefik 3) or - (older)', () => {
    expect(parseClfLine(line(common, 7))?.router).toBe('-');
    expect(parseClfLine(line(common, 8))?.router).toBe('-');
  });

  it('rejects plain-text Traefik lines', () => {
    expect(parseClfLine(line(common, 1))).toBeNull();
    expect(parseClfLine(line(common, 4))).toBeNull();
  });

  it('in a common stream, rejects a line that stops after the user agent', () => {
    expect(parseClfLine(line(common, 10), 'common')).toBeNull();
    expect(parseClfLine(line(common, 10), 'genericCLF')?.client).toBe('10.0.20.101');
  });
});

describe('parseClfLine (genericCLF)', () => {
  it('reads genericCLF lines, including missing status and size', () => {
    expect(parseClfLine(line(generic, 1), 'genericCLF')).toMatchObject({ client: '10.0.20.101', router: '-', status: 200 });
    expect(parseClfLine(line(generic, 3), 'genericCLF')).toMatchObject({ client: '10.0.0.1', status: null, minute: '2009-11-10T23:00:00.000Z' });
    expect(parseClfLine(line(generic, 4), 'genericCLF')).toBeNull();
  });
});
