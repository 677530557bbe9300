// Compact, human text for a set of addresses: "10.0.20.101-105".
import { parseIp, extractHost, formatIPv4, formatIp } from './ip';

export interface SummarizeOptions {
  /** At most this many groups are written; the rest become "and N more". Default 6. */
  maxGroups?: number;
}

/**
 * Summarises addresses as runs of consecutive IPv4 addresses:
 * ["10.0.20.103","10.0.20.101","10.0.20.102"] → "10.0.20.101-103";
 * a run that crosses an octet boundary is written in full
 * ("10.0.20.254-10.0.21.1"); gaps split runs ("10.0.20.101-103, 10.0.20.105").
 * IPv6 addresses are listed one by one after the IPv4 runs. Duplicates and
 * text that is not an address (kept as-is, at the end) are tolerated.
 */
export function summarizeRange(ips: readonly string[], opts: SummarizeOptions = {}): string {
  const maxGroups = opts.maxGroups ?? 6;
  const v4 = new Set<number>();
  const v6 = new Set<string>();
  const other = new Set<string>();
  for (const text of ips) {
    const ip = parseIp(extractHost(text));
    if (!ip) other.add(text);
    else if (ip.version === 4) v4.add(ip.value);
    else v6.add(formatIp(ip));
  }
  const groups: string[] = [];
  const sorted = [...v4].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] ?? 0) + 1) j++;
    const first = sorted[i] ?? 0;
    const last = sorted[j] ?? 0;
    if (first === last) groups.push(formatIPv4(first));
    else if (first >>> 8 === last >>> 8) groups.push(`${formatIPv4(first)}-${last % 256}`);
    else groups.push(`${formatIPv4(first)}-${formatIPv4(last)}`);
    i = j + 1;
  }
  groups.push(...[...v6].sort(), ...[...other].sort());
  if (groups.length <= maxGroups) return groups.join(', ');
  return `${groups.slice(0, maxGroups).join(', ')} and ${groups.length - maxGroups} more`;
}
