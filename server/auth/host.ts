// Which Host headers the server answers to. A DNS-rebinding page reaches a loopback
// server under the attacker's own host name; it can never make a browser send an IP
// literal or `localhost` as Host for a foreign origin. So IP literals and loopback names
// are always fine, and any other name must be configured (EDGELENS_ALLOWED_HOSTS).
import { parseIpStrict } from '@/lib/net/ip';

const LOOPBACK_NAMES = new Set(['localhost', 'localhost.localdomain']);

/** The host part of a Host header, lowercased, without port or brackets; null when malformed. */
export function hostName(header: string): string | null {
  const h = header.trim().toLowerCase();
  if (h === '' || h.length > 255) return null;
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    if (end < 0) return null;
    const rest = h.slice(end + 1);
    if (rest !== '' && !/^:\d{1,5}$/.test(rest)) return null;
    return h.slice(1, end);
  }
  const colon = h.lastIndexOf(':');
  if (colon >= 0) {
    if (!/^\d{1,5}$/.test(h.slice(colon + 1))) return null;
    return h.slice(0, colon);
  }
  return h;
}

export function hostAllowed(header: string | null, allowed: readonly string[]): boolean {
  if (header === null) return false;
  const name = hostName(header);
  if (name === null) return false;
  if (parseIpStrict(name) !== null) return true;
  const bare = name.endsWith('.') ? name.slice(0, -1) : name;
  return LOOPBACK_NAMES.has(bare) || allowed.includes(bare);
}

/** True for a bind address only this machine can reach. */
export function isLoopbackBind(bind: string): boolean {
  const b = bind.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (LOOPBACK_NAMES.has(b) || b === '::1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(b);
}
