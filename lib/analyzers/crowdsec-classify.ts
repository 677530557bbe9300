// Classifies the target of a CrowdSec decision or alert: which kind of address
// it is and, for a Range, which internal addresses it covers.
import type { AddressClass, AddressContext } from '@/lib/model';
import { formatIp, overlaps, parseInterval, type Interval } from './crowdsec-cidr';

export interface TargetClass {
  class: AddressClass | null;
  /** `internal-address`, the internal classes hit, `range`, `not-an-address`. */
  flags: string[];
  /** Human facts for evidence: "covers node 10.0.20.103". */
  covers: string[];
}

/** Blocks that are internal whatever the cluster looks like (RFC 1918, 6598, 3927, 4193, loopback). */
const WELL_KNOWN: ReadonlyArray<{ cidr: string; class: AddressClass }> = [
  { cidr: '127.0.0.0/8', class: 'loopback' },
  { cidr: '::1/128', class: 'loopback' },
  { cidr: '10.0.0.0/8', class: 'private' },
  { cidr: '172.16.0.0/12', class: 'private' },
  { cidr: '192.168.0.0/16', class: 'private' },
  { cidr: 'fc00::/7', class: 'private' },
  { cidr: '100.64.0.0/10', class: 'cgnat' },
  { cidr: '169.254.0.0/16', class: 'linklocal' },
  { cidr: 'fe80::/10', class: 'linklocal' },
];

/** Flag order: the most alarming first. */
const CLASS_ORDER: readonly AddressClass[] = ['node', 'lb', 'pod', 'loopback', 'private', 'cgnat', 'linklocal'];

const MAX_COVERED_LISTED = 5;

function ordered(classes: Set<AddressClass>): AddressClass[] {
  return CLASS_ORDER.filter((c) => classes.has(c));
}

function withInternal(classes: AddressClass[]): string[] {
  return classes.length > 0 ? ['internal-address', ...classes] : [];
}

export function classifyTarget(
  scope: string | null,
  value: string | null,
  classify: (ip: string) => AddressClass,
  addresses: AddressContext | undefined,
): TargetClass {
  const s = scope?.toLowerCase();
  if (value === null || (s !== 'ip' && s !== 'range')) return { class: null, flags: ['not-an-address'], covers: [] };
  const interval = parseInterval(value);
  if (interval === null) return { class: null, flags: ['not-an-address'], covers: [] };

  if (s === 'ip' || interval.first === interval.last) {
    const ip = formatIp(interval.family, interval.first);
    const cls = classify(ip);
    // A documentation address (RFC 5737/3849) is not internal: it stands for a public one in examples.
    const flags = withInternal(cls === 'public' || cls === 'documentation' ? [] : [cls]);
    // A one-address Range ("10.0.20.103/32") is a ban on that address: say what it covers.
    const covers = s === 'range' && cls !== 'public' && cls !== 'documentation' ? [`covers ${cls === 'node' ? 'node address' : cls === 'lb' ? 'load-balancer IP' : cls === 'pod' ? 'pod address' : `${cls} address`} ${ip}`] : [];
    return { class: cls, flags: s === 'range' ? ['range', ...flags] : flags, covers };
  }
  return classifyRange(interval, classify, addresses);
}

function classifyRange(range: Interval, classify: (ip: string) => AddressClass, addresses: AddressContext | undefined): TargetClass {
  const firstIp = formatIp(range.family, range.first);
  const lastIp = formatIp(range.family, range.last);
  const hit = new Set<AddressClass>();
  const covers: string[] = [];

  const inRange = (ips: readonly string[]): string[] =>
    ips.filter((ip) => {
      const iv = parseInterval(ip);
      return iv !== null && overlaps(iv, range);
    });
  const list = (ips: string[]): string => (ips.length > MAX_COVERED_LISTED ? `${ips.slice(0, MAX_COVERED_LISTED).join(', ')} and ${ips.length - MAX_COVERED_LISTED} more` : ips.join(', '));

  if (addresses) {
    const nodes = inRange(addresses.nodeIPs);
    const lbs = inRange(addresses.lbIPs);
    const pods = inRange(addresses.podCIDRs);
    if (nodes.length > 0) {
      hit.add('node');
      covers.push(`covers node address${nodes.length > 1 ? 'es' : ''} ${list(nodes)}`);
    }
    if (lbs.length > 0) {
      hit.add('lb');
      covers.push(`covers load-balancer IP${lbs.length > 1 ? 's' : ''} ${list(lbs)}`);
    }
    if (pods.length > 0) {
      hit.add('pod');
      covers.push(`overlaps pod range${pods.length > 1 ? 's' : ''} ${list(pods)}`);
    }
  }
  for (const block of WELL_KNOWN) {
    const iv = parseInterval(block.cidr);
    if (iv !== null && overlaps(iv, range) && !hit.has(block.class)) {
      hit.add(block.class);
      covers.push(`overlaps ${block.class} block ${block.cidr}`);
    }
  }
  // The classifier may know more (e.g. public node addresses) than the lists above.
  for (const ip of [firstIp, lastIp]) {
    const c = classify(ip);
    if (c !== 'public' && c !== 'documentation' && !hit.has(c)) {
      hit.add(c);
      covers.push(`contains ${ip} (${c})`);
    }
  }
  // A range is labelled by the most alarming class it covers, not by its first address.
  const classes = ordered(hit);
  return { class: classes[0] ?? 'public', flags: ['range', ...withInternal(classes)], covers };
}
