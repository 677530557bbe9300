// Just enough of an RFC 1035 zone file to plan a cutover: the origin, the
// default TTL, the SOA serial, the names whose A/AAAA records hold an address,
// and the address of the zone's own name server (the resolver to `dig`).
// Zones often live in ConfigMaps (CoreDNS `file`, split-horizon DNS).

export interface ZoneFacts {
  origin: string | null;
  /** `$TTL` in seconds. */
  ttl: number | null;
  serial: string | null;
  /** The address of the first NS host, when the zone has its A record. */
  resolver: string | null;
  /** Fully qualified names (no trailing dot) of the A/AAAA records whose address is `ip`. */
  namesAt(ip: string): string[];
}

/** Does this text look like a zone file (and not a Corefile or a tunnel config)? */
export function isZoneFile(text: string): boolean {
  return /^\s*\$ORIGIN\s/m.test(text) || /\bIN\s+SOA\b/.test(text);
}

const RECORD = /^(\S+)?\s+(?:\d+\s+)?(?:IN\s+)?(?:\d+\s+)?(A|AAAA|NS)\s+(\S+)/i;

export function parseZone(text: string, fallbackOrigin: string | null = null): ZoneFacts {
  const origin = (/^\s*\$ORIGIN\s+(\S+)/m.exec(text)?.[1] ?? fallbackOrigin)?.replace(/\.$/, '') ?? null;
  const ttlText = /^\s*\$TTL\s+(\d+)/m.exec(text)?.[1];
  const serial = /\bSOA\b[^(]*\(\s*(\d+)/.exec(text)?.[1] ?? /(\d+)\s*;\s*serial/i.exec(text)?.[1] ?? null;
  const fqdn = (owner: string): string => {
    if (owner === '@') return origin ?? '@';
    if (owner.endsWith('.')) return owner.slice(0, -1);
    return origin ? `${owner}.${origin}` : owner;
  };

  const records: Array<{ name: string; type: string; value: string }> = [];
  let owner: string | null = null;
  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/;.*$/, '');
    if (line.trim() === '' || line.trim().startsWith('$')) continue;
    const m = RECORD.exec(line);
    // A line starting with blanks continues the previous owner (RFC 1035 §5.1).
    if (line[0] !== ' ' && line[0] !== '\t') owner = line.trim().split(/\s+/)[0] ?? null;
    if (!m || owner === null) continue;
    const type = (m[2] ?? '').toUpperCase();
    records.push({ name: fqdn(owner), type, value: m[3] ?? '' });
  }

  const nsHost = records.find((r) => r.type === 'NS')?.value;
  const nsName = nsHost ? fqdn(nsHost) : null;
  const resolver = nsName ? (records.find((r) => r.type === 'A' && r.name === nsName)?.value ?? null) : null;
  return {
    origin,
    ttl: ttlText ? Number(ttlText) : null,
    serial,
    resolver,
    namesAt: (ip) => [...new Set(records.filter((r) => (r.type === 'A' || r.type === 'AAAA') && r.value.toLowerCase() === ip.toLowerCase()).map((r) => r.name))],
  };
}

/** The serial after a change: YYYYMMDDnn serials stay in that form. */
export function nextSerial(serial: string): string {
  return (BigInt(serial) + 1n).toString();
}
