// k3s ServiceLB (klipper-lb). Upstream: k3s-io/k3s pkg/cloudprovider/servicelb.go —
// a DaemonSet "svclb-<svc>-<uid[:8]>" in kube-system per LoadBalancer Service, labels
// svccontroller.k3s.cattle.io/svcname and /svcnamespace, one container "lb-<proto>-<port>"
// per port with hostPort; status.loadBalancer.ingress = the ExternalIPs (else InternalIPs)
// of nodes with a ready svclb pod — for ETP=Local only nodes with a ready endpoint; an
// empty list gives a Warning event UnAvailableLoadBalancer "There are no available nodes
// for LoadBalancer". k3s-io/klipper-lb `entry`: DNAT to the ClusterIP (ETP=Local: the
// host IP and nodePort) and MASQUERADE, so the app sees the svclb pod's address.
import { assignedIps, SVCLB_NAME_LABEL, serviceKey, type Inventory } from '../inventory';
import type { Service } from '../../model/kube';
import type { HolderSet, LbAdapter } from './types';

export const SVCLB_ENABLE_LABEL = 'svccontroller.k3s.cattle.io/enablelb';

/** Node names owning the given addresses (InternalIP or ExternalIP). */
export function nodesOwning(inv: Inventory, ips: readonly string[]): string[] {
  const out = new Set<string>();
  for (const [name, { view }] of inv.nodes) {
    for (const a of view.status?.addresses ?? []) if (ips.includes(a.address)) out.add(name);
  }
  return [...out].sort();
}

function svclbDaemonSet(inv: Inventory, svc: Service): string | null {
  const ds = inv.svclbDaemonSets.get(serviceKey(svc))?.[0];
  return ds ? `DaemonSet ${ds.view.metadata.namespace ?? 'kube-system'}/${ds.view.metadata.name}` : null;
}

export const serviceLb: LbAdapter = {
  id: 'servicelb',
  name: 'k3s ServiceLB',
  // ServiceLB is a cloud-provider service controller: it never takes a Service with a loadBalancerClass.
  ownsClass: () => false,
  markOf: (svc, inv) => svclbDaemonSet(inv, svc),
  presence(inv) {
    const first = [...inv.svclbDaemonSets.values()][0]?.[0];
    return first ? `DaemonSet ${first.view.metadata.namespace ?? ''}/${first.view.metadata.name} (label ${SVCLB_NAME_LABEL})` : null;
  },
  // ServiceLB has no address to ask for: it publishes the nodes' own addresses.
  requestedIps: () => [],
  sharingKey: () => null,
  sharingKeyText: () => 'ServiceLB shares the node addresses between all Services (one hostPort per port)',
  sharing: {
    keyAnnotation: null,
    keyRequired: false,
    portKey: 'protocol/port',
    etpMustMatch: false,
    localSameSelector: false,
    sameNamespace: false,
    nodePorts: true,
    refusalSignal: 'svclb pods stuck Pending (hostPort taken) and a Warning UnAvailableLoadBalancer event',
  },
  announcer: () => null,
  holders(inv, svc): HolderSet | null {
    const ips = assignedIps(svc);
    const nodes = nodesOwning(inv, ips);
    const ds = svclbDaemonSet(inv, svc);
    const from = [ds, 'status.loadBalancer.ingress'].filter((x): x is string => x !== null).join(', ');
    return {
      nodes,
      from,
      evidence: [
        `Service ${serviceKey(svc)}: status.loadBalancer.ingress ${ips.length > 0 ? ips.join(', ') : '(empty)'}${nodes.length > 0 ? ` = nodes ${nodes.join(', ')}` : ''}`,
        ...(ds ? [`${ds}: ServiceLB's hostPort pods for ${serviceKey(svc)}`] : []),
      ],
    };
  },
  refusal: () => null,
  poolOf: () => null,
  words: {
    allocator: 'k3s ServiceLB',
    refusedAs: 'svclb pods Pending on the taken hostPort',
    election: "ServiceLB elects no holder: every node with a ready svclb pod (ETP=Local: and a ready endpoint) accepts the Service's ports on its own address",
    endpointAware: true,
    ownIp: () => 'ServiceLB cannot give a Service an address of its own: change the port, or move the Service to another load balancer',
    setKey: () => null,
    ipRequest: 'none (ServiceLB publishes node addresses)',
    announcerWithoutEndpoint: () => '',
    refusalFix: () => '',
  },
};
