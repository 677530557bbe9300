// Secret redaction for anything that may reach a response or a log line. A secret also
// leaks through its obvious transforms — another case, base64 (a Basic header, a decoded
// config), URL encoding — so each of those is scrubbed too, case-insensitively.
export const REDACTED = '[redacted]';

/** Secrets shorter than this are not scrubbed (they would mangle ordinary text). */
const MIN_SECRET = 4;

function variants(secret: string): string[] {
  const b64 = Buffer.from(secret, 'utf8').toString('base64');
  const b64url = Buffer.from(secret, 'utf8').toString('base64url');
  const out = [secret, encodeURIComponent(secret), b64, b64.replace(/=+$/, ''), b64url];
  // Longest first, so a variant that contains another is replaced whole.
  return [...new Set(out)].filter((v) => v.length >= MIN_SECRET).sort((a, b) => b.length - a.length);
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A function that replaces every secret (and its transforms) in a string. */
export function secretScrubber(secrets: readonly (string | undefined | null)[]): (text: string) => string {
  const live = secrets.filter((s): s is string => typeof s === 'string' && s.length >= MIN_SECRET);
  if (live.length === 0) return (text) => text;
  // Case-insensitive: an upper-cased key is the same key. (base64 is case-sensitive, but a
  // case-insensitive match only scrubs more, never less.)
  const pattern = new RegExp(live.flatMap(variants).map(escapeRegExp).join('|'), 'gi');
  return (text) => text.replace(pattern, REDACTED);
}

export function redactSecrets(text: string, secrets: readonly (string | undefined | null)[]): string {
  return secretScrubber(secrets)(text);
}

/** Scrubs every string inside a JSON-like value. */
export function redactDeep<T>(value: T, secrets: readonly (string | undefined | null)[]): T {
  const scrub = secretScrubber(secrets);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return scrub(v);
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
