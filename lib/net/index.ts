// Public API of lib/net: pure IP/CIDR helpers and address classification.
export { parseIp, parseIPv4, formatIp, formatIPv4, formatIPv6, extractHost, normalizeIp } from './ip';
export type { ParsedIp, ParsedIPv4, ParsedIPv6 } from './ip';
export { parseCidr, cidrContains, formatCidr, CidrTable } from './cidr';
export type { Cidr } from './cidr';
export { createClassifier, createClassIndexer, learnPodCidrs, wellKnownClass, NET_ADDRESS_CLASSES } from './classify';
export type { Classifier, ClassifierContext, NetAddressClass } from './classify';
export { summarizeRange } from './range';
