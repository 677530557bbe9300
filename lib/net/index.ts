// Public API of lib/net: pure IP/CIDR helpers and address classification.
export { parseIp, parseIpStrict, parseIPv4, formatIp, formatIPv4, formatIPv6, extractHost, normalizeIp, STRICT_IP } from './ip';
export type { ParsedIp, ParsedIPv4, ParsedIPv6, ParseIpOptions } from './ip';
export { ipToBigInt, ipFromBigInt, ipToBytes, ipFromBytes, compareIp } from './ip-value';
export { parseCidr, parseCidrStrict, parsePrefixLength, cidrContains, ipInPrefix, formatCidr, CidrTable } from './cidr';
export type { Cidr, IpPrefix } from './cidr';
export { parseInterval, intervalsOverlap } from './interval';
export type { IpInterval, IntervalParseOptions } from './interval';
export { createClassifier, createClassIndexer, learnPodCidrs, wellKnownClass, NET_ADDRESS_CLASSES } from './classify';
export type { Classifier, ClassifierContext, NetAddressClass } from './classify';
export { summarizeRange } from './range';
