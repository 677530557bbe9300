// CLF lines built the way Traefik's CommonLogFormatter prints them, from
// generated values: the parser must read back exactly what was written, and
// reject every cut-off line in a `common` stream.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseClfLine } from './records';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number): string => String(n).padStart(2, '0');

const host = fc.oneof(
  fc.ipV4(),
  fc.ipV6(),
  fc.tuple(fc.ipV4(), fc.ipV4()).map(([a, b]) => `${a}, ${b}`),
);
const text = (chars: string): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...chars.split('')), minLength: 1, maxLength: 30 });
const line = fc.record({
  host,
  user: fc.oneof(fc.constant('-'), text('abcdefghij')),
  date: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }),
  offset: fc.integer({ min: -12 * 60, max: 14 * 60 }).map((m) => m - (m % 15)),
  method: fc.constantFrom('GET', 'POST', 'PROPFIND'),
  path: text('/abc?=&%-_.0123456789 '),
  status: fc.oneof(fc.constant('-'), fc.integer({ min: 100, max: 599 }).map(String)),
  size: fc.oneof(fc.constant('-'), fc.nat(10_000_000).map(String)),
  ua: text('abc XYZ/();."0123456789'),
  count: fc.oneof(fc.constant('-'), fc.nat().map(String)),
  router: fc.oneof(fc.constant('"-"'), fc.constant('-'), text('abcdefgh-@.0123456789').map((r) => `"${r}"`)),
  url: fc.oneof(fc.constant('"-"'), fc.constant('-'), fc.constant('"http://10.42.1.15:2283"')),
  ms: fc.nat(100_000),
});

type Line = typeof line extends fc.Arbitrary<infer T> ? T : never;

function format(v: Line, generic: boolean): { text: string; minute: string } {
  const local = new Date(v.date.getTime() + v.offset * 60_000);
  const off = `${v.offset < 0 ? '-' : '+'}${p2(Math.floor(Math.abs(v.offset) / 60))}${p2(Math.abs(v.offset) % 60)}`;
  const ts = `${p2(local.getUTCDate())}/${MONTHS[local.getUTCMonth()]}/${local.getUTCFullYear()}:${p2(local.getUTCHours())}:${p2(local.getUTCMinutes())}:${p2(local.getUTCSeconds())} ${off}`;
  const head = `${v.host} - ${v.user} [${ts}] "${v.method} ${v.path} HTTP/1.1" ${v.status} ${v.size} "-" "${v.ua}"`;
  const minute = new Date(Math.floor(v.date.getTime() / 60_000) * 60_000).toISOString();
  return { text: generic ? head : `${head} ${v.count} ${v.router} ${v.url} ${v.ms}ms`, minute };
}

describe('parseClfLine on generated Traefik lines', () => {
  it('reads back host, router, status and minute', () => {
    fc.assert(
      fc.property(line, fc.boolean(), (v, generic) => {
        const { text: t, minute } = format(v, generic);
        const r = parseClfLine(t, generic ? 'genericCLF' : 'common');
        const router = generic || v.router === '-' || v.router === '"-"' ? '-' : v.router.slice(1, -1);
        expect(r).toEqual({
          clientHost: v.host,
          client: v.host.split(',')[0],
          peer: null,
          forwarded: v.host.includes(','),
          protocol: 'HTTP/1.1',
          router,
          entryPoint: null,
          minute,
          status: v.status === '-' ? null : Number(v.status),
        });
      }),
      { numRuns: 3000 },
    );
  });

  it('rejects every cut-off common line', () => {
    fc.assert(
      fc.property(line, fc.double({ min: 0, max: 1, noNaN: true }), (v, f) => {
        const { text: t } = format(v, false);
        const cut = t.slice(0, Math.min(t.length - 1, Math.floor(f * t.length)));
        expect(parseClfLine(cut, 'common')).toBeNull();
      }),
      { numRuns: 3000 },
    );
  });
});
