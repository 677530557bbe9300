// --node-ip, --pod-cidr and --lb-ip: the cluster's own addresses given by hand (`edgelens logs`,
// `edgelens crowdsec`), checked before any log line is read so a typo is a usage error, not a verdict.
import type { AddressContext } from '@/lib/model/logs';
import { parseCidr } from '@/lib/net/cidr';
import { extractHost, parseIp } from '@/lib/net/ip';
import { commaList } from './args';
import { UsageError } from './errors';

function checkIps(flag: string, values: string[]): string[] {
  for (const v of values) if (!parseIp(extractHost(v))) throw new UsageError(`${flag} takes IP addresses, got "${v}"`);
  return values;
}

function checkCidrs(flag: string, values: string[]): string[] {
  for (const v of values) if (!parseCidr(v)) throw new UsageError(`${flag} takes CIDR ranges such as 10.244.0.0/16, got "${v}"`);
  return values;
}

/** The address flags as an address context (empty lists when not given). */
export function addressFlags(values: { 'node-ip'?: string[]; 'pod-cidr'?: string[]; 'lb-ip'?: string[] }): Pick<AddressContext, 'nodeIPs' | 'podCIDRs' | 'lbIPs'> {
  return {
    nodeIPs: checkIps('--node-ip', commaList(values['node-ip'])),
    podCIDRs: checkCidrs('--pod-cidr', commaList(values['pod-cidr'])),
    lbIPs: checkIps('--lb-ip', commaList(values['lb-ip'])),
  };
}
