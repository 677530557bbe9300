// kube-vip in services mode with ARP. Upstream (kube-vip/kube-vip):
//  - pkg/kubevip/constants.go: class "kube-vip.io/kube-vip-class"; watch_services.go
//    lbClassFilterLegacy: without --lbClassOnly it also takes Services without a class;
//  - cmd/kube-vip.go: --servicesLeaseName "plndr-svcs-lock" (one leader announces
//    every VIP when svc_election is off), --leaseName "plndr-cp-lock" (control plane,
//    not a Service holder);
//  - pkg/lease/lease.go ServiceName: with svc_election, a Lease "kubevip-<service name>"
//    in the Service's namespace, or the name in annotation kube-vip.io/leaseName
//    ("ns/name" allowed); only nodes with a local endpoint start the election
//    (pkg/endpoints/endpoints.go) — the common-lease annotation requires ETP=Cluster;
//  - services.go: the leader writes annotation kube-vip.io/vipHost = its node name.
// kube-vip-cloud-provider (pkg/provider/loadBalancer.go) allocates: annotation
// kube-vip.io/loadbalancerIPs, label implementation=kube-vip, ConfigMap kube-system/kubevip
// (range-*/cidr-*, allow-share-*: shares an IP when no port NUMBER overlaps).
import type { Service } from '../../model/kube';
import { serviceKey, type Inventory } from '../inventory';
import { annotationValue, eventRefusal, ipsFromAnnotation, leaseAnnouncer, leasesNamed } from './shared';
import type { AnnouncerDetail, LbAdapter } from './types';

export const KUBEVIP_CLASS = 'kube-vip.io/kube-vip-class';
export const KUBEVIP_GLOBAL_LEASE = 'plndr-svcs-lock';
const LEASE_ANNOTATION = 'kube-vip.io/leaseName';
const VIP_HOST = 'kube-vip.io/vipHost';

/** kube-vip's lease.ServiceName: the annotation (optionally "ns/name"), else kubevip-<name> in the Service's namespace. */
export function kubeVipLease(svc: Service): { namespace: string; name: string } {
  const ns = svc.metadata.namespace ?? 'default';
  const ann = annotationValue(svc, LEASE_ANNOTATION);
  if (!ann) return { namespace: ns, name: `kubevip-${svc.metadata.name}` };
  const parts = ann.split('/');
  return parts.length > 1 ? { namespace: parts[0] ?? ns, name: parts[1] ?? ann } : { namespace: ns, name: ann };
}

/** Which election the snapshot shows: per-Service leases (svc_election) or the global services lease. */
function electionOf(inv: Inventory, svc: Service): { kind: 'per-service' | 'global' | 'unknown'; holder: AnnouncerDetail | null } {
  const l = kubeVipLease(svc);
  const own = inv.leases.get(`${l.namespace}/${l.name}`);
  if (own) return { kind: 'per-service', holder: leaseAnnouncer(own, `kube-vip per-Service election (svc_election) for ${serviceKey(svc)}`) };
  for (const lease of leasesNamed(inv, KUBEVIP_GLOBAL_LEASE)) {
    const a = leaseAnnouncer(lease, 'kube-vip services leader without svc_election: it announces every Service VIP');
    if (a) return { kind: 'global', holder: a };
  }
  return { kind: 'unknown', holder: null };
}

export function kubeVipElection(inv: Inventory, svc: Service): 'per-service' | 'global' | 'unknown' {
  return electionOf(inv, svc).kind;
}

export const kubeVip: LbAdapter = {
  id: 'kube-vip',
  name: 'kube-vip',
  ownsClass: (cls) => cls === KUBEVIP_CLASS || cls.startsWith('kube-vip.io/'),
  markOf(svc) {
    if (svc.metadata.labels?.['implementation'] === 'kube-vip') return 'label implementation=kube-vip (kube-vip-cloud-provider)';
    for (const k of ['kube-vip.io/loadbalancerIPs', VIP_HOST, LEASE_ANNOTATION]) if (annotationValue(svc, k)) return `annotation ${k}`;
    return null;
  },
  presence(inv) {
    const cm = inv.configMaps.find((c) => c.view.metadata.name === 'kubevip' && c.view.metadata.namespace === 'kube-system');
    if (cm) return 'ConfigMap kube-system/kubevip (kube-vip-cloud-provider)';
    const lease = leasesNamed(inv, KUBEVIP_GLOBAL_LEASE)[0];
    return lease ? `Lease ${lease.view.metadata.namespace ?? ''}/${KUBEVIP_GLOBAL_LEASE}` : null;
  },
  requestedIps: (svc) => ipsFromAnnotation(svc, 'kube-vip.io/loadbalancerIPs'),
  sharingKey: () => null,
  sharingKeyText: () => 'kube-vip has no sharing key (kube-vip-cloud-provider shares by port, allow-share-<namespace> in ConfigMap kubevip)',
  sharing: {
    keyAnnotation: null,
    keyRequired: false,
    portKey: 'port',
    etpMustMatch: false,
    localSameSelector: false,
    sameNamespace: false,
    nodePorts: false,
    refusalSignal: 'SyncLoadBalancerFailed event (cloud-provider service controller)',
  },
  announcer(inv, ip, services) {
    for (const svc of services) {
      const e = electionOf(inv, svc);
      if (e.holder) return e.holder;
    }
    for (const svc of services) {
      const host = annotationValue(svc, VIP_HOST);
      if (host) {
        return {
          node: host,
          source: 'annotation',
          object: `annotation ${VIP_HOST}`,
          subject: { kind: 'Service', namespace: svc.metadata.namespace ?? 'default', name: svc.metadata.name },
          evidence: `Service ${serviceKey(svc)}: annotation ${VIP_HOST}=${host} (written by the kube-vip leader that took ${ip})`,
        };
      }
    }
    return null;
  },
  refusal: (inv, svc) => eventRefusal(inv, svc, 'SyncLoadBalancerFailed', 'service-controller'),
  poolOf: () => null,
  words: {
    allocator: 'kube-vip-cloud-provider',
    refusedAs: 'SyncLoadBalancerFailed',
    election:
      'kube-vip announces a VIP from the holder of its Lease: without svc_election one leader (Lease plndr-svcs-lock) announces every VIP whatever the endpoints; with svc_election each Service has its own Lease and, under ETP=Local, only nodes with a local endpoint join',
    endpointAware: false,
    ownIp: (ns, name, target) => `kubectl -n ${ns} annotate svc ${name} kube-vip.io/loadbalancerIPs=${target} --overwrite`,
    setKey: () => null,
    ipRequest: 'kube-vip.io/loadbalancerIPs',
    announcerWithoutEndpoint({ svc, holder }) {
      if (holder.object?.endsWith(KUBEVIP_GLOBAL_LEASE)) {
        return `Turn on per-Service election in kube-vip (env svc_election=true on the kube-vip DaemonSet, e.g. kubectl -n kube-system set env ds/kube-vip svc_election=true): each Service then gets its own Lease and, under ETP=Local, only nodes with a ready ${svc.namespace}/${svc.name} pod compete for it. Without it, ${holder.node} announces every VIP whatever the endpoints. Or use externalTrafficPolicy=Cluster (loses the client IP).`;
      }
      return `kube-vip should have given up the Lease when ${holder.node} lost its endpoint: restart kube-vip there (kubectl -n kube-system delete pod -l app.kubernetes.io/name=kube-vip --field-selector spec.nodeName=${holder.node}) so a node with a ready pod${svc.endpointNodes.length > 0 ? ` (${svc.endpointNodes.join(', ')})` : ''} takes ${holder.object ?? 'the Lease'}; check that kube-vip runs on those nodes.`;
    },
    refusalFix(message, ns, name) {
      return `Read kube-vip-cloud-provider's reason (kubectl -n kube-system logs deploy/kube-vip-cloud-provider | grep ${name}): ${message ? `"${message}" — ` : ''}usually no range-${ns}/range-global (or cidr-*) in ConfigMap kube-system/kubevip with room, or a kube-vip.io/loadbalancerIPs address already taken. Check with kubectl -n ${ns} get svc ${name} -o jsonpath='{.status.loadBalancer.ingress}'.`;
    },
  },
};
