// Address classification: who is this source address, from the cluster's point of view?
//
// lib/net imports nothing of ours, so the class names and the context shape
// are declared here; lib/model's AddressClass / AddressContext are the same
// shapes (lib/logs checks that at compile time).
import { parseIPv4, parseIPv6Words, fromWords, parseIp, extractHost, type ParsedIp } from './ip';
import { CidrTable, parseCidr, formatCidr, v4InPrefix, type Cidr } from './cidr';

/** In the order of lib/model's ADDRESS_CLASSES; the index is used as a compact class id. */
export const NET_ADDRESS_CLASSES = ['node', 'pod', 'lb', 'loopback', 'private', 'cgnat', 'linklocal', 'public', 'documentation'] as const;
export type NetAddressClass = (typeof NET_ADDRESS_CLASSES)[number];

export const CLASS_NODE = 0;
export const CLASS_POD = 1;
export const CLASS_LB = 2;
export const CLASS_LOOPBACK = 3;
export const CLASS_PRIVATE = 4;
export const CLASS_CGNAT = 5;
export const CLASS_LINKLOCAL = 6;
export const CLASS_PUBLIC = 7;
/** RFC 5737 (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24) and RFC 3849 (2001:db8::/32): examples, never a real visitor. */
export const CLASS_DOCUMENTATION = 8;
/** Length of a per-class counter array. */
export const CLASS_COUNT = NET_ADDRESS_CLASSES.length;

export interface ClassifierContext {
  /** Node InternalIP/ExternalIP addresses. */
  readonly nodeIPs: readonly string[];
  /** Node spec.podCIDRs. When empty, pod ranges are learned from `podIPs`. */
  readonly podCIDRs: readonly string[];
  /** LoadBalancer VIPs (MetalLB). */
  readonly lbIPs: readonly string[];
  /** Pod IPs, used only when no podCIDRs are known (CNIs with their own IPAM). */
  readonly podIPs?: readonly string[];
}

/** Returns the class of an address, or null when the text is not an IP address. */
export type Classifier = (ip: string) => NetAddressClass | null;

// Well-known ranges, checked after the cluster's own addresses.
const LOOPBACK_V4 = parseCidr('127.0.0.0/8') as Cidr;
const CGNAT_V4 = parseCidr('100.64.0.0/10') as Cidr; // RFC 6598; Tailscale hands these out
const LINKLOCAL_V4 = parseCidr('169.254.0.0/16') as Cidr;
const PRIVATE_V4 = new CidrTable(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']);
const DOCUMENTATION_V4 = new CidrTable(['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24']);

function v4In(value: number, c: Cidr): boolean {
  return v4InPrefix(value, c.v4, c.bits);
}

/** Class of an address that is none of the cluster's own: loopback, link-local, CGNAT, private or public. */
export function wellKnownClass(ip: ParsedIp): number {
  if (ip.version === 4) {
    const v = ip.value;
    if (v4In(v, LOOPBACK_V4)) return CLASS_LOOPBACK;
    if (v4In(v, LINKLOCAL_V4)) return CLASS_LINKLOCAL;
    if (v4In(v, CGNAT_V4)) return CLASS_CGNAT;
    if (PRIVATE_V4.hasV4(v)) return CLASS_PRIVATE;
    if (DOCUMENTATION_V4.hasV4(v)) return CLASS_DOCUMENTATION;
    return CLASS_PUBLIC;
  }
  const w = ip.words;
  const w0 = w[0] ?? 0;
  if (w0 === 0 && w[1] === 0 && w[2] === 0 && w[3] === 0 && w[4] === 0 && w[5] === 0 && w[6] === 0 && w[7] === 1) {
    return CLASS_LOOPBACK; // ::1
  }
  if ((w0 & 0xffc0) === 0xfe80) return CLASS_LINKLOCAL; // fe80::/10
  if ((w0 & 0xfe00) === 0xfc00) return CLASS_PRIVATE; // fc00::/7 unique local (Tailscale's fd7a:115c:a1e0::/48 too)
  if (w0 === 0x2001 && w[1] === 0x0db8) return CLASS_DOCUMENTATION; // 2001:db8::/32 (RFC 3849)
  return CLASS_PUBLIC;
}

interface Tables {
  nodeV4: Set<number>;
  lbV4: Set<number>;
  nodeV6: CidrTable;
  lbV6: CidrTable;
  pods: CidrTable;
}

function addAddress(text: string, v4: Set<number>, v6: CidrTable): void {
  const ip = parseIp(extractHost(text));
  if (!ip) return;
  if (ip.version === 4) v4.add(ip.value);
  else v6.add({ version: 6, bits: 128, v4: 0, v6: ip.words });
}

function buildTables(ctx: ClassifierContext): Tables {
  const t: Tables = { nodeV4: new Set(), lbV4: new Set(), nodeV6: new CidrTable(), lbV6: new CidrTable(), pods: new CidrTable() };
  for (const ip of ctx.nodeIPs) addAddress(ip, t.nodeV4, t.nodeV6);
  for (const ip of ctx.lbIPs) addAddress(ip, t.lbV4, t.lbV6);
  for (const c of ctx.podCIDRs) t.pods.add(c);
  if (t.pods.size === 0 && ctx.podIPs && ctx.podIPs.length > 0) {
    for (const c of learnPodCidrs(ctx.podIPs, [...ctx.nodeIPs, ...ctx.lbIPs])) t.pods.add(c);
  }
  return t;
}

function classifyWith(t: Tables, ip: ParsedIp): number {
  if (ip.version === 4) {
    if (t.nodeV4.has(ip.value)) return CLASS_NODE;
    if (t.lbV4.has(ip.value)) return CLASS_LB;
    if (t.pods.hasV4(ip.value)) return CLASS_POD;
  } else {
    if (t.nodeV6.hasV6(ip.words)) return CLASS_NODE;
    if (t.lbV6.hasV6(ip.words)) return CLASS_LB;
    if (t.pods.hasV6(ip.words)) return CLASS_POD;
  }
  return wellKnownClass(ip);
}

/**
 * Precomputes the cluster's node/LB address sets and pod-range table once and
 * returns a class-index classifier: (address text) → index into
 * NET_ADDRESS_CLASSES, or -1 when the text is not an IP address. The text may
 * carry a port or brackets ("[2001:db8::1]:443", "10.0.20.101:5123").
 *
 * Precedence: node, then LB VIP, then pod range, then the well-known ranges.
 * A node address wins over a pod range because hostNetwork pods share it, and
 * over an LB VIP because k3s ServiceLB announces node addresses as VIPs.
 */
export function createClassIndexer(ctx: ClassifierContext): (ip: string) => number {
  const t = buildTables(ctx);
  const words = [0, 0, 0, 0, 0, 0, 0, 0];
  return (text: string): number => {
    // Fast path: a plain dotted quad, the common case, parsed without allocating.
    const v4 = parseIPv4(text);
    if (v4 >= 0) {
      if (t.nodeV4.has(v4)) return CLASS_NODE;
      if (t.lbV4.has(v4)) return CLASS_LB;
      if (t.pods.hasV4(v4)) return CLASS_POD;
      return wellKnownClass({ version: 4, value: v4, mapped: false });
    }
    const host = extractHost(text);
    const plain = parseIPv4(host);
    if (plain >= 0) return classifyWith(t, { version: 4, value: plain, mapped: false });
    if (!parseIPv6Words(host, 0, host.length, words)) return -1;
    return classifyWith(t, fromWords(words));
  };
}

/** createClassIndexer with class names: (address text) → class, or null when it is not an IP address. */
export function createClassifier(ctx: ClassifierContext): Classifier {
  const index = createClassIndexer(ctx);
  return (ip: string) => {
    const i = index(ip);
    return i < 0 ? null : (NET_ADDRESS_CLASSES[i] ?? null);
  };
}

/**
 * Pod ranges learned from pod IPs when nodes carry no spec.podCIDRs (Calico,
 * Cilium cluster-pool and other CNIs with their own IPAM). Pod IPs are grouped
 * by /24 (IPv4) or /64 (IPv6), the smallest block any common CNI hands a node.
 * A group that contains a node or LB address is not widened (hostNetwork pods
 * carry the node IP; VPC-style CNIs put pods on the node LAN): its pod IPs are
 * kept as single addresses instead, and pod IPs equal to a node/LB address are dropped.
 */
export function learnPodCidrs(podIPs: readonly string[], exclude: readonly string[] = []): string[] {
  const excluded = new Set<string>();
  const excludedV4Blocks = new Set<number>();
  const excludedV6Blocks = new Set<string>();
  for (const e of exclude) {
    const ip = parseIp(extractHost(e));
    if (!ip) continue;
    if (ip.version === 4) {
      excluded.add(`4:${ip.value}`);
      excludedV4Blocks.add(ip.value >>> 8);
    } else {
      excluded.add(`6:${ip.words.join(':')}`);
      excludedV6Blocks.add(ip.words.slice(0, 4).join(':'));
    }
  }
  const out = new Set<string>();
  for (const p of podIPs) {
    const ip = parseIp(extractHost(p));
    if (!ip) continue;
    if (ip.version === 4) {
      if (excluded.has(`4:${ip.value}`)) continue;
      const block = ip.value >>> 8;
      const c: Cidr = excludedV4Blocks.has(block)
        ? { version: 4, bits: 32, v4: ip.value, v6: [] }
        : { version: 4, bits: 24, v4: block * 256, v6: [] };
      out.add(formatCidr(c));
    } else {
      if (excluded.has(`6:${ip.words.join(':')}`)) continue;
      const block = ip.words.slice(0, 4);
      const c: Cidr = excludedV6Blocks.has(block.join(':'))
        ? { version: 6, bits: 128, v4: 0, v6: ip.words }
        : { version: 6, bits: 64, v4: 0, v6: [...block, 0, 0, 0, 0] };
      out.add(formatCidr(c));
    }
  }
  return [...out].sort();
}
