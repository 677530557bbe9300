// MetalLB (v0.13 – v0.15), L2 mode. Upstream: metallb/metallb controller/service.go
// (annotations), internal/allocator (sharing: same key, no protocol/port clash,
// same ETP, ETP=Local same selector), speaker/layer2_controller.go (election among
// nodes with an active endpoint; ServiceL2Status; nodeAssigned events).
import type { KubeEvent, Service } from '../../model/kube';
import {
  eventTime,
  eventTimeText,
  metallbAnnotation,
  poolOfService,
  requestedIps,
  serviceEvents,
  serviceKey,
  sharingKey,
  type Inventory,
} from '../inventory';
import { parsePoolRange, rangeContains } from '../ip';
import { eventRefusal } from './shared';
import type { AnnouncerDetail, LbAdapter } from './types';

const NODE_ASSIGNED = /announcing from node "([^"]+)" with protocol "([^"]+)"/;

/** Newest `nodeAssigned` (layer2) event among the services of one IP. */
function announcerFromEvents(events: readonly KubeEvent[], ip: string): AnnouncerDetail | null {
  let best: { e: KubeEvent; node: string } | null = null;
  for (const e of events) {
    if (e.reason !== 'nodeAssigned' || !e.message) continue;
    const m = NODE_ASSIGNED.exec(e.message);
    if (!m || m[2] !== 'layer2' || !m[1]) continue;
    if (best === null || eventTime(e) > eventTime(best.e)) best = { e, node: m[1] };
  }
  if (!best) return null;
  const io = best.e.involvedObject;
  return {
    node: best.node,
    source: 'event',
    object: `Event nodeAssigned on Service ${io.namespace ?? ''}/${io.name ?? ''}`,
    subject: { kind: 'Event', namespace: best.e.metadata.namespace ?? io.namespace, name: best.e.metadata.name },
    evidence: `Event nodeAssigned on Service ${io.namespace ?? ''}/${io.name ?? ''} at ${eventTimeText(best.e)}: ${best.node} announces ${ip} (${best.e.message ?? ''})`,
  };
}

function verify(ns: string, name: string): string {
  return `kubectl -n ${ns} get svc ${name} -o jsonpath='{.status.loadBalancer.ingress}'`;
}

export const metallb: LbAdapter = {
  id: 'metallb',
  name: 'MetalLB',
  // MetalLB started with --lb-class handles only that class; the class is the user's choice, so match on the name.
  ownsClass: (cls) => cls.toLowerCase().includes('metallb'),
  markOf(svc, inv) {
    for (const name of ['loadBalancerIPs', 'allow-shared-ip', 'address-pool', 'ip-allocated-from-pool']) {
      const ann = metallbAnnotation(svc.metadata, name);
      if (ann) return `annotation ${ann.key}`;
    }
    if ((inv.l2StatusesByService.get(serviceKey(svc)) ?? []).length > 0) return 'a ServiceL2Status names it';
    if (serviceEvents(inv, svc).some((e) => e.reason === 'nodeAssigned')) return 'nodeAssigned events from metallb-speaker';
    return null;
  },
  presence(inv) {
    if (inv.pools.length > 0) return `IPAddressPool ${inv.pools[0]?.view.metadata.name ?? ''}`;
    if (inv.l2Advertisements.length > 0) return `L2Advertisement ${inv.l2Advertisements[0]?.view.metadata.name ?? ''}`;
    return null;
  },
  requestedIps,
  sharingKey,
  sharingKeyText(svc) {
    const ann = metallbAnnotation(svc.metadata, 'allow-shared-ip');
    return ann ? `${ann.key}=${ann.value}` : 'no allow-shared-ip annotation';
  },
  sharing: {
    keyAnnotation: 'metallb.io/allow-shared-ip',
    keyRequired: true,
    portKey: 'protocol/port',
    etpMustMatch: true,
    localSameSelector: true,
    sameNamespace: false,
    nodePorts: false,
    refusalSignal: 'AllocationFailed event',
  },
  /** ServiceL2Status first (MetalLB ≥ 0.14.6 writes it), else the newest nodeAssigned event. */
  announcer(inv, ip, services) {
    for (const svc of services) {
      for (const { view } of inv.l2StatusesByService.get(serviceKey(svc)) ?? []) {
        const node = view.status?.node ?? view.metadata.labels?.['metallb.io/node'];
        if (!node) continue;
        return {
          node,
          source: 'ServiceL2Status',
          object: `ServiceL2Status ${view.metadata.namespace ?? ''}/${view.metadata.name}`,
          subject: { kind: 'ServiceL2Status', namespace: view.metadata.namespace, name: view.metadata.name },
          evidence: `ServiceL2Status ${view.metadata.name}: ${node} announces ${ip} for ${serviceKey(svc)}`,
        };
      }
    }
    return announcerFromEvents(services.flatMap((svc) => serviceEvents(inv, svc)), ip);
  },
  refusal: (inv, svc) => eventRefusal(inv, svc, 'AllocationFailed', 'metallb'),
  /** The pool named by MetalLB's annotation, else the IPAddressPool whose addresses contain the IP. */
  poolOf(inv, ip, services) {
    for (const svc of services) {
      const named = poolOfService(svc);
      if (named) return named;
    }
    for (const { view } of inv.pools) {
      for (const spec of view.spec?.addresses ?? []) {
        const range = parsePoolRange(spec);
        if (range && rangeContains(range, ip)) return view.metadata.name;
      }
    }
    return null;
  },
  words: {
    allocator: 'MetalLB',
    refusedAs: 'AllocationFailed',
    election: "MetalLB's speakers elect one node per IP among the nodes with a ready endpoint (ETP=Local) that an L2Advertisement allows",
    endpointAware: true,
    ownIp: (ns, name, target) => `kubectl -n ${ns} annotate svc ${name} metallb.io/allow-shared-ip- metallb.io/loadBalancerIPs=${target} --overwrite`,
    setKey: (ns, name, key) => `kubectl -n ${ns} annotate svc ${name} metallb.io/allow-shared-ip=${key} --overwrite`,
    ipRequest: 'metallb.io/loadBalancerIPs',
    announcerWithoutEndpoint({ svc, holder, pool }) {
      const nodes = svc.endpointNodes;
      if (svc.readyEndpoints === 0) {
        return `Get a ready pod behind ${svc.namespace}/${svc.name} first (kubectl -n ${svc.namespace} get pods -o wide; check its readiness probe); MetalLB then announces from that pod's node.`;
      }
      return `Make MetalLB announce from ${nodes.length === 1 ? `${nodes[0] ?? ''}, the node with the pod` : `one of ${nodes.join(', ')}, the nodes with pods`}: check that a speaker runs there (kubectl -n metallb-system get pods -o wide -l app.kubernetes.io/component=speaker) and that an L2Advertisement of pool ${pool ?? "(the IP's pool)"} selects ${nodes.length === 1 ? 'that node' : 'those nodes'}; then restart the speaker on ${holder.node} (kubectl -n metallb-system delete pod -l app.kubernetes.io/component=speaker --field-selector spec.nodeName=${holder.node}) and confirm the new announcer (ServiceL2Status, MetalLB ≥ 0.14.6, or the nodeAssigned event).`;
    },
    refusalFix(message, ns, name, ip) {
      const check = verify(ns, name);
      if (/sharing key|in use by|does not match existing/i.test(message)) {
        return `The Service is not compatible with the others on ${ip ?? 'the IP'} (see the shared-ip-* findings): give it its own IP (kubectl -n ${ns} annotate svc ${name} metallb.io/allow-shared-ip- metallb.io/loadBalancerIPs=<free IP> --overwrite) or make it match them (same sharing key and externalTrafficPolicy). MetalLB retries by itself; check with ${check}.`;
      }
      if (/port .* already in use/i.test(message)) {
        return `Another Service on ${ip ?? 'the IP'} already uses that port: change this Service's port or move it to its own IP (metallb.io/loadBalancerIPs). Check with ${check}.`;
      }
      if (/no available|pool|not allowed|does not belong/i.test(message)) {
        return `Request an address from a pool that has room (metallb.io/address-pool, or a free IP of an IPAddressPool in metallb.io/loadBalancerIPs), or grow the pool. Check with ${check}.`;
      }
      return `Read the controller's reason (kubectl -n metallb-system logs deploy/controller | grep ${name}) and fix the request (metallb.io/loadBalancerIPs, metallb.io/address-pool, metallb.io/allow-shared-ip). Check with ${check}.`;
    },
  },
};
