// Go duration strings as the LAPI prints them ("3h59m12.58s", "-1m2s", "250ms").

const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, 'µs': 0.001, 'μs': 0.001, ns: 0.000001 };

/** Milliseconds, or null when the text is not a Go duration. */
export function parseGoDuration(text: string): number | null {
  const m = /^([+-]?)((?:\d+(?:\.\d+)?(?:h|ms|m|s|us|µs|μs|ns))+)$/.exec(text.trim());
  if (m === null) return text.trim() === '0' ? 0 : null;
  let total = 0;
  for (const part of (m[2] ?? '').matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|μs|ns)/g)) {
    total += Number(part[1]) * (UNIT_MS[part[2] ?? ''] ?? 0);
  }
  return m[1] === '-' ? -total : total;
}

/** "3h59m" — a short form for messages. */
export function shortDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let rest = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(rest / 86_400);
  rest -= d * 86_400;
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const min = Math.floor(rest / 60);
  const s = rest - min * 60;
  const parts = [d ? `${d}d` : '', h ? `${h}h` : '', min ? `${min}m` : '', !d && !h && (s || !min) ? `${s}s` : ''];
  return sign + parts.filter(Boolean).join('');
}
