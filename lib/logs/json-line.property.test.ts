// The fast JSON path against JSON.parse as the reference, on generated input:
// it must agree on every valid object and never accept a cut or glued line.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LogRecord } from './fields';
import { parseJsonLine } from './records';
import { rfc3339MinuteOf, minuteIso } from './time';

const entries = ['traefik-v3.json.log', 'traefik-v2.json.log']
  .flatMap((f) => readFileSync(new URL(`./__fixtures__/${f}`, import.meta.url), 'utf8').split('\n'))
  .filter((l) => {
    try {
      return typeof (JSON.parse(l) as Record<string, unknown>).ClientHost === 'string';
    } catch {
      return false;
    }
  });

/** What an entry means, computed with JSON.parse. */
function reference(line: string): Omit<LogRecord, 'client' | 'status'> | null {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  // Entries without ClientHost are access-log entries too (noClient); this reference covers those with one.
  if (typeof o.ClientHost !== 'string') return null;
  const str = (k: string): string | null => (typeof o[k] === 'string' && o[k] !== '' ? (o[k] as string) : null);
  const xff = o['request_X-Forwarded-For'];
  const t = ['time', 'StartUTC', 'StartLocal'].map((k) => o[k]).find((x) => typeof x === 'string') as string | undefined;
  const m = t === undefined ? NaN : rfc3339MinuteOf(t);
  const addr = typeof o.ClientAddr === 'string' ? o.ClientAddr : null;
  // Go's RemoteAddr is host:port ([v6]:port).
  const peer =
    addr === null || addr === ''
      ? null
      : addr.startsWith('[')
        ? addr.includes(']') && addr.indexOf(']') > 1 ? addr.slice(1, addr.indexOf(']')) : null
        : addr.split(':').length === 2 && addr.indexOf(':') > 0 ? addr.slice(0, addr.indexOf(':')) : addr;
  const proto = typeof o.RequestProtocol === 'string' ? o.RequestProtocol : '';
  const protocol = proto === '' || proto === '-' ? null : ['HTTP/1.0', 'HTTP/1.1', 'HTTP/2.0', 'HTTP/3.0'].includes(proto) ? proto : 'other';
  return {
    clientHost: o.ClientHost,
    peer,
    protocol,
    forwarded: o.ClientHost.includes(',') || (typeof xff === 'string' && xff.length > 0) || (peer !== null && peer !== o.ClientHost),
    router: str('RouterName') ?? '-',
    entryPoint: str('entryPointName'),
    minute: Number.isNaN(m) ? null : minuteIso(m),
  };
}

function fastView(line: string): Omit<LogRecord, 'client' | 'status'> | null {
  const r = parseJsonLine(line);
  if (!r || r.clientHost === '' && !line.includes('"ClientHost"')) return null;
  const { client: _c, status: _s, ...rest } = r;
  return rest;
}

const anyEntry = fc.constantFrom(...entries);

describe('parseJsonLine against JSON.parse', () => {
  it('has real entries to work with', () => {
    expect(entries.length).toBeGreaterThan(8);
  });

  it('never accepts a line cut short', () => {
    fc.assert(
      fc.property(anyEntry, fc.double({ min: 0, max: 1, noNaN: true }), (line, f) => {
        const cut = line.slice(0, Math.min(line.length - 1, Math.floor(f * line.length)));
        expect(parseJsonLine(cut)).toBeNull();
      }),
      { numRuns: 2000 },
    );
  });

  it('never accepts a cut line glued to a whole one (interleaved writes)', () => {
    fc.assert(
      fc.property(anyEntry, anyEntry, fc.double({ min: 0, max: 1, noNaN: true }), (a, b, f) => {
        const head = a.slice(0, Math.max(1, Math.floor(f * (a.length - 1))));
        expect(parseJsonLine(head + b)).toBeNull();
        expect(parseJsonLine(b + head)).toBeNull();
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees on every valid object: keys dropped, reordered, extra headers with any text', () => {
    const header = fc.tuple(fc.constantFrom('request_', 'origin_', 'downstream_'), fc.string({ minLength: 1, maxLength: 12 }), fc.string({ maxLength: 40 }));
    fc.assert(
      fc.property(
        anyEntry,
        fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
        fc.array(header, { maxLength: 4 }),
        fc.boolean(),
        fc.option(fc.constantFrom('203.0.113.7', '203.0.113.7, 10.0.20.103', '', 'x"y', 'a\\b')),
        (line, keep, headers, shuffle, xff) => {
          const o = JSON.parse(line) as Record<string, unknown>;
          const keys = Object.keys(o).filter((k, i) => k === 'ClientHost' || keep[i % keep.length]);
          if (shuffle) keys.reverse();
          const out: Record<string, unknown> = {};
          for (const k of keys) out[k] = o[k];
          for (const [p, name, value] of headers) out[`${p}${name}`] = value;
          if (xff !== null) out['request_X-Forwarded-For'] = xff;
          const text = JSON.stringify(out);
          expect(fastView(text)).toEqual(reference(text));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('agrees on values with escapes and non-ASCII text', () => {
    fc.assert(
      fc.property(anyEntry, fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), (line, router, host) => {
        const o = JSON.parse(line) as Record<string, unknown>;
        o.RouterName = router;
        o.ClientHost = host;
        const text = JSON.stringify(o);
        expect(fastView(text)).toEqual(reference(text));
      }),
      { numRuns: 2000 },
    );
  });
});
