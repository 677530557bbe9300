// The ranges CrowdSec's default `crowdsecurity/whitelists` parser drops (REFERENCE.md):
// events from these sources never produce an alert or a decision.
import { CidrTable } from '../net/cidr';
import type { ParsedIp } from '../net/ip';

export const CROWDSEC_DEFAULT_WHITELIST = ['127.0.0.0/8', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '::1/128'] as const;

const table = new CidrTable(CROWDSEC_DEFAULT_WHITELIST);

export function crowdsecWhitelisted(ip: ParsedIp): boolean {
  return table.has(ip);
}
