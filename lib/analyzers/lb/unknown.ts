// A LoadBalancer whose class names no implementation edgelens knows: listed with
// its addresses, never judged by another implementation's rules.
import { ipsFromAnnotation } from './shared';
import type { LbAdapter } from './types';

export const unknownLb: LbAdapter = {
  id: 'unknown',
  name: 'an unknown load balancer',
  ownsClass: () => false,
  markOf: () => null,
  presence: () => null,
  requestedIps: (svc) => ipsFromAnnotation(svc, ''),
  sharingKey: () => null,
  sharingKeyText: () => 'sharing rules unknown',
  sharing: {
    keyAnnotation: null,
    keyRequired: false,
    portKey: 'protocol/port',
    etpMustMatch: false,
    localSameSelector: false,
    sameNamespace: false,
    nodePorts: false,
    refusalSignal: 'its own signals (unknown to edgelens)',
  },
  announcer: () => null,
  refusal: () => null,
  poolOf: () => null,
  words: {
    allocator: 'its load balancer',
    refusedAs: 'its own signal',
    election: 'edgelens does not know how this load balancer picks the node that answers for the address',
    endpointAware: false,
    ownIp: (ns, name) => `give ${ns}/${name} an address of its own (the way its load balancer expects)`,
    setKey: () => null,
    ipRequest: 'spec.loadBalancerIP or the implementation\'s own annotation',
    announcerWithoutEndpoint: () => '',
    refusalFix: () => '',
  },
};
