// Resolves a hostname from this process's vantage point: what a LAN / in-cluster client would get.
// With a DNS server address, asks exactly that server (node:dns Resolver, A and AAAA); without one,
// uses the system resolver (getaddrinfo: /etc/hosts, then resolv.conf — what a connect() would use).
// Never throws: a failed lookup is an observation with its reason.
import { lookup, Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';

export interface DnsServer {
  address: string;
  port: number;
}

export interface ResolveOptions {
  /** Ask this server instead of the system resolver. */
  server?: DnsServer;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface Resolution {
  name: string;
  addresses: string[];
  /** Why nothing came back (NXDOMAIN, timeout, …); null when addresses were found. */
  error: string | null;
  /** `resolver 127.0.0.1:5353` or `system resolver`. */
  resolver: string;
}

/** `ADDRESS`, `ADDRESS:PORT` or `[IPv6]:PORT` → a server; null when it is not an IP address (a DNS server must be one). */
export function parseDnsServer(text: string): DnsServer | null {
  const trimmed = text.trim();
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(trimmed);
  const v4 = /^([^:]+)(?::(\d{1,5}))?$/.exec(trimmed);
  const m = bracketed ?? (isIP(trimmed) === 6 ? [trimmed, trimmed, undefined] : v4);
  const address = m?.[1];
  if (!address || isIP(address) === 0) return null;
  const port = m?.[2] === undefined ? 53 : Number(m[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return null;
  return { address, port };
}

export function formatDnsServer(s: DnsServer): string {
  return isIP(s.address) === 6 ? `[${s.address}]:${s.port}` : `${s.address}:${s.port}`;
}

const NO_DATA = new Set(['ENODATA', 'ENOTFOUND', 'NOTFOUND', 'ENONAME']);

function reason(err: unknown): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  const message = err instanceof Error ? err.message : String(err);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

function codeOf(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
}

export async function resolveName(name: string, opts: ResolveOptions): Promise<Resolution> {
  if (isIP(name)) return { name, addresses: [name], error: null, resolver: 'literal address' };
  if (!opts.server) {
    try {
      const found = await lookup(name, { all: true, verbatim: true });
      return { name, addresses: unique(found.map((a) => a.address)), error: null, resolver: 'system resolver' };
    } catch (err) {
      return { name, addresses: [], error: reason(err), resolver: 'system resolver' };
    }
  }
  const label = `resolver ${formatDnsServer(opts.server)}`;
  // One try, our timeout: a resolver that does not answer is an observation, not a 30 s wait.
  const resolver = new Resolver({ timeout: opts.timeoutMs, tries: 1 });
  resolver.setServers([formatDnsServer(opts.server)]);
  const onAbort = () => resolver.cancel();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const [v4, v6] = await Promise.allSettled([resolver.resolve4(name), resolver.resolve6(name)]);
    const addresses = [...(v4.status === 'fulfilled' ? v4.value : []), ...(v6.status === 'fulfilled' ? v6.value : [])];
    if (addresses.length > 0) return { name, addresses: unique(addresses), error: null, resolver: label };
    // Both failed: report the more telling error (a timeout or refusal beats "no AAAA record").
    const errors = [v4, v6].flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    const telling = errors.find((e) => !NO_DATA.has(codeOf(e))) ?? errors[0];
    return { name, addresses: [], error: telling === undefined ? 'no A or AAAA records' : reason(telling), resolver: label };
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list)];
}
