// Cilium L2 announcements + LB-IPAM. Upstream (cilium/cilium):
//  - pkg/l2announcer/l2announcer.go: one Lease per selected Service,
//    "cilium-l2announce-<svc namespace>-<svc name>" in Cilium's namespace,
//    holderIdentity = node name; the election looks at policies and node labels,
//    not at endpoints;
//  - pkg/k8s/apis/cilium.io/v2alpha1/l2announcement_types.go: CiliumL2AnnouncementPolicy;
//  - operator/pkg/lbipam: classes io.cilium/*, annotations lbipam.cilium.io/ips,
//    sharing-key, sharing-cross-namespace (aliases io.cilium/lb-ipam-*);
//    ServiceView.isCompatible: same key, same namespace, no common port NUMBER
//    (protocol ignored, cilium#9207), same ETP, ETP=Local same selector; refusals
//    in the Service's condition cilium.io/IPAMRequestSatisfied (no Events).
import type { CiliumL2Policy, Service } from '../../model/kube';
import { serviceKey, type Entry, type Inventory } from '../inventory';
import { matchesLabelSelector } from '../selectors';
import { parseIp, parsePoolRange, rangeContains } from '../ip';
import { leaseAnnouncer, leasesNamed } from './shared';
import type { LbAdapter } from './types';

export const CILIUM_SATISFIED = 'cilium.io/IPAMRequestSatisfied';
const IPS = ['lbipam.cilium.io/ips', 'io.cilium/lb-ipam-ips'];
const KEY = ['lbipam.cilium.io/sharing-key', 'io.cilium/lb-ipam-sharing-key'];

function first(svc: Service, keys: readonly string[]): { key: string; value: string } | null {
  for (const key of keys) {
    const v = svc.metadata.annotations?.[key]?.trim();
    if (v) return { key, value: v };
  }
  return null;
}

export function ciliumLeaseName(svc: Service): string {
  return `cilium-l2announce-${svc.metadata.namespace ?? 'default'}-${svc.metadata.name}`;
}

function inBlock(block: { cidr?: string | null; start?: string | null; stop?: string | null }, ip: string): boolean {
  if (block.cidr) {
    const r = parsePoolRange(block.cidr);
    return r !== null && rangeContains(r, ip);
  }
  if (block.start) {
    const r = parsePoolRange(`${block.start}-${block.stop ?? block.start}`);
    return r !== null && rangeContains(r, ip);
  }
  return false;
}

export const cilium: LbAdapter = {
  id: 'cilium',
  name: 'Cilium L2 announcements',
  ownsClass: (cls) => cls.startsWith('io.cilium/'),
  markOf(svc, inv) {
    const ann = Object.keys(svc.metadata.annotations ?? {}).find((k) => k.startsWith('lbipam.cilium.io/') || k.startsWith('io.cilium/lb-ipam-'));
    if (ann) return `annotation ${ann}`;
    if ((svc.status?.conditions ?? []).some((c) => c.type === CILIUM_SATISFIED)) return `condition ${CILIUM_SATISFIED}`;
    const lease = leasesNamed(inv, ciliumLeaseName(svc))[0];
    if (lease) return `Lease ${lease.view.metadata.namespace ?? ''}/${lease.view.metadata.name}`;
    return null;
  },
  presence(inv) {
    if (inv.ciliumPools.length > 0) return `CiliumLoadBalancerIPPool ${inv.ciliumPools[0]?.view.metadata.name ?? ''}`;
    if (inv.ciliumPolicies.length > 0) return `CiliumL2AnnouncementPolicy ${inv.ciliumPolicies[0]?.view.metadata.name ?? ''}`;
    return null;
  },
  requestedIps(svc) {
    const out: string[] = [];
    const field = svc.spec.loadBalancerIP?.trim();
    if (field) out.push(field);
    for (const part of (first(svc, IPS)?.value ?? '').split(',')) {
      const ip = part.trim();
      if (ip && !out.includes(ip)) out.push(ip);
    }
    return out;
  },
  sharingKey: (svc) => first(svc, KEY)?.value ?? null,
  sharingKeyText(svc) {
    const k = first(svc, KEY);
    return k ? `${k.key}=${k.value}` : 'no lbipam.cilium.io/sharing-key annotation';
  },
  sharing: {
    keyAnnotation: 'lbipam.cilium.io/sharing-key',
    keyRequired: true,
    portKey: 'port',
    etpMustMatch: true,
    localSameSelector: true,
    sameNamespace: true,
    nodePorts: false,
    refusalSignal: `${CILIUM_SATISFIED} condition`,
  },
  announcer(inv, _ip, services) {
    for (const svc of services) {
      for (const lease of leasesNamed(inv, ciliumLeaseName(svc))) {
        const a = leaseAnnouncer(lease, `Cilium L2 announcement election for ${serviceKey(svc)}`);
        if (a) return a;
      }
    }
    return null;
  },
  refusal(_inv, svc) {
    const c = (svc.status?.conditions ?? []).find((x) => x.type === CILIUM_SATISFIED);
    if (!c || c.status !== 'False') return null;
    return {
      summary: `condition ${CILIUM_SATISFIED}=False, reason ${c.reason ?? '(none)'}${c.lastTransitionTime ? ` since ${c.lastTransitionTime}` : ''}`,
      text: c.message ?? '',
      evidence: [`Service ${serviceKey(svc)}: condition ${CILIUM_SATISFIED}=False, reason ${c.reason ?? '(none)'}: ${c.message ?? ''}`],
    };
  },
  poolOf(inv, ip) {
    if (!parseIp(ip)) return null;
    for (const { view } of inv.ciliumPools) {
      const blocks = [...(view.spec?.blocks ?? []), ...(view.spec?.cidrs ?? [])];
      if (blocks.some((b) => inBlock(b, ip))) return view.metadata.name;
    }
    return null;
  },
  words: {
    allocator: 'Cilium LB-IPAM',
    refusedAs: 'condition cilium.io/IPAMRequestSatisfied=False',
    election:
      "Cilium's agents on the nodes a CiliumL2AnnouncementPolicy selects race for the Lease cilium-l2announce-<namespace>-<name>; the winner answers ARP. The election does not look at endpoints (Cilium's docs call ETP=Local with L2 announcements incompatible)",
    endpointAware: false,
    ownIp: (ns, name, target) => `kubectl -n ${ns} annotate svc ${name} lbipam.cilium.io/sharing-key- lbipam.cilium.io/ips=${target} --overwrite`,
    setKey: (ns, name, key) => `kubectl -n ${ns} annotate svc ${name} lbipam.cilium.io/sharing-key=${key} --overwrite`,
    ipRequest: 'lbipam.cilium.io/ips',
    announcerWithoutEndpoint({ svc, holder }) {
      const lease = holder.object ?? 'the Lease';
      const leaseNs = holder.subject.namespace ?? 'kube-system';
      const nodes = svc.endpointNodes;
      return `Cilium elects the holder without looking at endpoints, so this recurs whenever ${lease} moves. Either make the policy follow the pods: set the CiliumL2AnnouncementPolicy nodeSelector to the node(s) that run ${svc.namespace}/${svc.name}${nodes.length > 0 ? ` (${nodes.join(', ')})` : ''} and pin the pods there (nodeSelector/affinity), or run a replica on every node the policy selects (a DaemonSet or topology spread), or go back to externalTrafficPolicy=Cluster (loses the client IP). Then release the stale lease so a node with a pod can take it: kubectl -n ${leaseNs} delete lease ${holder.subject.name}.`;
    },
    refusalFix(message, ns, name, ip) {
      const check = `kubectl -n ${ns} get svc ${name} -o jsonpath='{.status.conditions}'`;
      if (/incompatible|already allocated/i.test(message)) {
        return `LB-IPAM shares ${ip ?? 'an IP'} only between Services with the same lbipam.cilium.io/sharing-key, in the same namespace (or lbipam.cilium.io/sharing-cross-namespace on both), with the same externalTrafficPolicy and no common port number (TCP and UDP on one port count as a clash). Make ${ns}/${name} match the others (kubectl -n ${ns} annotate svc ${name} lbipam.cilium.io/sharing-key=<their key> --overwrite) or give it an IP of its own (lbipam.cilium.io/ips). Check with ${check}.`;
      }
      if (/no pool|doesn't select|no enabled|ran out/i.test(message)) {
        return `Request an address from a CiliumLoadBalancerIPPool that selects this Service and has room (kubectl get ciliumloadbalancerippools), or grow the pool. Check with ${check}.`;
      }
      return `Read LB-IPAM's reason (kubectl -n kube-system logs deploy/cilium-operator | grep ${name}) and fix the request (lbipam.cilium.io/ips, lbipam.cilium.io/sharing-key). Check with ${check}.`;
    },
  },
};

/**
 * The policies that make Cilium announce this Service's LoadBalancer IPs: serviceSelector nil or matching the
 * Service's labels plus io.kubernetes.service.namespace/name (l2announcer.go svcAndMetaLabels), and loadBalancerIPs true.
 */
export function ciliumPoliciesFor(inv: Inventory, svc: Service): Array<Entry<CiliumL2Policy>> {
  const labels = { ...(svc.metadata.labels ?? {}), 'io.kubernetes.service.namespace': svc.metadata.namespace ?? 'default', 'io.kubernetes.service.name': svc.metadata.name };
  return inv.ciliumPolicies.filter((p) => {
    const spec = p.view.spec;
    if (spec?.loadBalancerIPs !== true) return false;
    return !spec.serviceSelector || matchesLabelSelector(labels, spec.serviceSelector);
  });
}

/** Nodes the policies let take the Lease; null when one of them has no nodeSelector (every node). */
export function ciliumAllowedNodes(inv: Inventory, policies: ReadonlyArray<Entry<CiliumL2Policy>>): Set<string> | null {
  const out = new Set<string>();
  for (const p of policies) {
    const sel = p.view.spec?.nodeSelector;
    if (!sel) return null;
    for (const [name, node] of inv.nodes) if (matchesLabelSelector(node.view.metadata.labels, sel)) out.add(name);
  }
  return out;
}
