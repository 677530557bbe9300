// One line → one plain record. The same scanners as the streaming path, with
// strings materialised; for tests, the API and callers holding single lines.
import { isUtf8 } from 'node:buffer';
import { extractHost } from '../net/ip';
import { scanClfLine, type ClfVariant } from './clf-line';
import { firstHostRange, newLineFields, peerHostRange, peerIsHost, PROTOCOLS, type LineFields, type LogRecord } from './fields';
import { JsonLineScanner, ENTRY } from './json-line';
import { minuteIso } from './time';

function trimmed(line: string | Buffer): [Buffer, number, number] | null {
  const buf = typeof line === 'string' ? Buffer.from(line, 'utf8') : line;
  let s = 0;
  let e = buf.length;
  if (e > 0 && buf[e - 1] === 10) e--;
  while (e > s && (buf[e - 1] === 13 || buf[e - 1] === 32 || buf[e - 1] === 9)) e--;
  while (s < e && (buf[s] === 32 || buf[s] === 9)) s++;
  if (s === e || !isUtf8(buf.subarray(s, e))) return null;
  return [buf, s, e];
}

function toRecord(f: LineFields): LogRecord {
  const src = f.src;
  const [cs, ce] = firstHostRange(f);
  const router = f.routerStart >= 0 && f.routerEnd > f.routerStart ? src.toString('utf8', f.routerStart, f.routerEnd) : '-';
  const ep = f.epStart >= 0 && f.epEnd > f.epStart ? src.toString('utf8', f.epStart, f.epEnd) : null;
  const [ps, pe] = peerHostRange(f);
  const peer = ps >= 0 ? src.toString('utf8', ps, pe) : null;
  return {
    clientHost: src.toString('utf8', f.hostStart, f.hostEnd),
    client: extractHost(src.toString('utf8', cs, ce)),
    peer,
    forwarded: f.hostComma >= 0 || f.xff || (ps >= 0 && !f.noClient && !peerIsHost(f, ps, pe)),
    protocol: f.proto >= 0 ? (PROTOCOLS[f.proto] ?? null) : null,
    router,
    entryPoint: ep,
    minute: Number.isNaN(f.minute) ? null : minuteIso(f.minute),
    status: f.status >= 0 ? f.status : null,
  };
}

/** A Traefik JSON access-log line (v2 or v3) → record, or null when the line is not a complete entry. */
export function parseJsonLine(line: string | Buffer): LogRecord | null {
  const t = trimmed(line);
  if (!t) return null;
  const f = newLineFields();
  return new JsonLineScanner().scan(t[0], t[1], t[2], f, true) === ENTRY ? toRecord(f) : null;
}

/**
 * A Traefik `common` or `genericCLF` line → record, or null. `variant`
 * `common` rejects lines that stop after the user agent (cut-off common lines).
 */
export function parseClfLine(line: string | Buffer, variant: ClfVariant | 'any' = 'any'): LogRecord | null {
  const t = trimmed(line);
  if (!t) return null;
  const f = newLineFields();
  return scanClfLine(t[0], t[1], t[2], variant, f) !== 0 ? toRecord(f) : null;
}
