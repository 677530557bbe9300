// Timestamps in access logs → "epoch minute" numbers (minutes since 1970-01-01T00:00Z).
//
// The per-minute series is keyed by a plain number so the hot loop never
// builds a Date or a string; minuteIso() renders the key once per point.
// Parsers read bytes straight from the log buffer and return NaN for anything
// that is not a well-formed timestamp.

/** Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function digits(buf: Uint8Array, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const d = (buf[i] ?? 0) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

function validDate(y: number, mo: number, d: number, h: number, mi: number): boolean {
  return y >= 0 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h >= 0 && h <= 23 && mi >= 0 && mi <= 59;
}

/**
 * RFC 3339 as Go writes it ("2024-05-01T12:34:56Z", "…56.123456789Z",
 * "…56+02:00") in buf[s, e) → epoch minute in UTC, or NaN.
 */
export function rfc3339Minute(buf: Uint8Array, s: number, e: number): number {
  if (e - s < 20) return NaN;
  if (buf[s + 4] !== 45 || buf[s + 7] !== 45 || (buf[s + 10] !== 84 && buf[s + 10] !== 116) || buf[s + 13] !== 58 || buf[s + 16] !== 58) {
    return NaN;
  }
  const y = digits(buf, s, 4);
  const mo = digits(buf, s + 5, 2);
  const d = digits(buf, s + 8, 2);
  const h = digits(buf, s + 11, 2);
  const mi = digits(buf, s + 14, 2);
  const sec = digits(buf, s + 17, 2);
  if (sec < 0 || sec > 60 || !validDate(y, mo, d, h, mi)) return NaN;
  let i = s + 19;
  if (buf[i] === 46) {
    i++;
    const f = i;
    while (i < e && (buf[i] ?? 0) >= 48 && (buf[i] ?? 0) <= 57) i++;
    if (i === f) return NaN;
  }
  let offset = 0;
  const z = buf[i];
  if (z === 90 || z === 122) {
    if (i + 1 !== e) return NaN;
  } else if (z === 43 || z === 45) {
    if (i + 6 !== e || buf[i + 3] !== 58) return NaN;
    const oh = digits(buf, i + 1, 2);
    const om = digits(buf, i + 4, 2);
    if (oh < 0 || om < 0 || oh > 23 || om > 59) return NaN;
    offset = (z === 43 ? 1 : -1) * (oh * 60 + om);
  } else {
    return NaN;
  }
  return daysFromCivil(y, mo, d) * 1440 + h * 60 + mi - offset;
}

// "Jan".."Dec" as (b0 << 16 | b1 << 8 | b2).
const MONTHS = new Map<number, number>(
  ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].map((m, i) => [
    (m.charCodeAt(0) << 16) | (m.charCodeAt(1) << 8) | m.charCodeAt(2),
    i + 1,
  ]),
);

/** The CLF time "02/Jan/2006:15:04:05 -0700" (exactly 26 bytes at buf[s]) → epoch minute in UTC, or NaN. */
export function clfMinute(buf: Uint8Array, s: number): number {
  if (buf[s + 2] !== 47 || buf[s + 6] !== 47 || buf[s + 11] !== 58 || buf[s + 14] !== 58 || buf[s + 17] !== 58 || buf[s + 20] !== 32) {
    return NaN;
  }
  const d = digits(buf, s, 2);
  const mo = MONTHS.get(((buf[s + 3] ?? 0) << 16) | ((buf[s + 4] ?? 0) << 8) | (buf[s + 5] ?? 0)) ?? -1;
  const y = digits(buf, s + 7, 4);
  const h = digits(buf, s + 12, 2);
  const mi = digits(buf, s + 15, 2);
  const sec = digits(buf, s + 18, 2);
  const sign = buf[s + 21];
  const oh = digits(buf, s + 22, 2);
  const om = digits(buf, s + 24, 2);
  if (sec < 0 || sec > 60 || oh < 0 || om < 0 || (sign !== 43 && sign !== 45) || !validDate(y, mo, d, h, mi)) return NaN;
  const offset = (sign === 43 ? 1 : -1) * (oh * 60 + om);
  return daysFromCivil(y, mo, d) * 1440 + h * 60 + mi - offset;
}

/** Epoch minute → "2024-05-01T12:34:00.000Z". */
export function minuteIso(minute: number): string {
  return new Date(minute * 60_000).toISOString();
}

/** The same parsers over a JS string (slow path and tests). */
export function rfc3339MinuteOf(text: string): number {
  const b = Buffer.from(text, 'latin1');
  return rfc3339Minute(b, 0, b.length);
}
