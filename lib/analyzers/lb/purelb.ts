// PureLB. Upstream (purelb/purelb):
//  - pkg/apis/purelb/v1/classes.go (≤ v0.13) "purelb.io/purelb", v2/classes.go (v0.16) "purelb.io/purelbv2";
//  - v2/annotations.go: purelb.io/allow-shared-ip, purelb.io/addresses, purelb.io/service-group,
//    purelb.io/allow-local, purelb.io/allocated-by=PureLB, purelb.io/announcing-<IPv4|IPv6>;
//  - the announcing value is "node,interface" up to v0.13 (internal/local/announcer_local.go)
//    and space-separated "node,interface,ip" entries in v0.16 (v2/announcing.go);
//  - announcer_local.go: for local addresses ETP=Local is set back to Cluster unless
//    purelb.io/allow-local is present; the winner is a hash of the IP over the nodes (no endpoints);
//  - internal/allocator/pool.go sharingOK (same key) + localpool.go (no protocol/port clash),
//    refusals as AllocationFailed events.
import type { Service } from '../../model/kube';
import { serviceKey } from '../inventory';
import { annotationValue, eventRefusal, ipsFromAnnotation } from './shared';
import type { AnnouncerDetail, LbAdapter } from './types';

export const PURELB_ALLOW_LOCAL = 'purelb.io/allow-local';
const ANNOUNCING = 'purelb.io/announcing-';

interface Announcement {
  node: string;
  iface: string;
  ip: string | null;
}

/** Both formats: "node,iface" and "node,iface,ip[ node,iface,ip…]" (interface names may contain commas). */
export function parseAnnouncing(value: string): Announcement[] {
  const out: Announcement[] = [];
  for (const field of value.trim().split(/\s+/)) {
    const first = field.indexOf(',');
    if (first <= 0) continue;
    const last = field.lastIndexOf(',');
    const tail = field.slice(last + 1);
    const hasIp = last > first && /^[0-9a-fA-F:.]+$/.test(tail) && (tail.includes('.') || tail.includes(':'));
    out.push({ node: field.slice(0, first), iface: hasIp ? field.slice(first + 1, last) : field.slice(first + 1), ip: hasIp ? tail : null });
  }
  return out;
}

export const purelb: LbAdapter = {
  id: 'purelb',
  name: 'PureLB',
  ownsClass: (cls) => cls === 'purelb.io/purelb' || cls === 'purelb.io/purelbv2',
  markOf(svc) {
    const a = svc.metadata.annotations ?? {};
    if (a['purelb.io/allocated-by']) return `annotation purelb.io/allocated-by=${a['purelb.io/allocated-by']}`;
    const k = Object.keys(a).find((x) => x.startsWith('purelb.io/'));
    return k ? `annotation ${k}` : null;
  },
  presence: () => null,
  requestedIps: (svc) => ipsFromAnnotation(svc, 'purelb.io/addresses'),
  sharingKey: (svc) => annotationValue(svc, 'purelb.io/allow-shared-ip'),
  sharingKeyText(svc) {
    const k = annotationValue(svc, 'purelb.io/allow-shared-ip');
    return k ? `purelb.io/allow-shared-ip=${k}` : 'no purelb.io/allow-shared-ip annotation';
  },
  sharing: {
    keyAnnotation: 'purelb.io/allow-shared-ip',
    keyRequired: true,
    portKey: 'protocol/port',
    etpMustMatch: false,
    localSameSelector: false,
    sameNamespace: false,
    nodePorts: false,
    refusalSignal: 'AllocationFailed event',
  },
  announcer(_inv, ip, services) {
    for (const svc of services) {
      for (const [key, value] of Object.entries(svc.metadata.annotations ?? {})) {
        if (!key.startsWith(ANNOUNCING)) continue;
        const entries = parseAnnouncing(value);
        const hit = entries.find((e) => e.ip === ip) ?? entries.find((e) => e.ip === null);
        if (!hit) continue;
        const detail: AnnouncerDetail = {
          node: hit.node,
          source: 'annotation',
          object: `annotation ${key}`,
          subject: { kind: 'Service', namespace: svc.metadata.namespace ?? 'default', name: svc.metadata.name },
          evidence: `Service ${serviceKey(svc)}: annotation ${key}=${value} (${hit.node} announces ${ip} on ${hit.iface})`,
        };
        return detail;
      }
    }
    return null;
  },
  refusal: (inv, svc) => eventRefusal(inv, svc, 'AllocationFailed', 'purelb-allocator'),
  poolOf: (_inv, _ip, services) => {
    for (const svc of services) {
      const g = annotationValue(svc, 'purelb.io/allocated-from') ?? annotationValue(svc, 'purelb.io/service-group');
      if (g) return g;
    }
    return null;
  },
  words: {
    allocator: 'PureLB',
    refusedAs: 'AllocationFailed',
    election:
      'PureLB announces a local-pool address from the node that wins a hash of the address over the nodes on that subnet; the election does not look at endpoints, which is why PureLB sets ETP=Local back to Cluster unless purelb.io/allow-local is set',
    endpointAware: false,
    ownIp: (ns, name, target) => `kubectl -n ${ns} annotate svc ${name} purelb.io/allow-shared-ip- purelb.io/addresses=${target} --overwrite`,
    setKey: (ns, name, key) => `kubectl -n ${ns} annotate svc ${name} purelb.io/allow-shared-ip=${key} --overwrite`,
    ipRequest: 'purelb.io/addresses',
    announcerWithoutEndpoint({ svc, holder }) {
      return `purelb.io/allow-local keeps ETP=Local, but PureLB picks ${holder.node} without looking at pods. Pin ${svc.namespace}/${svc.name}'s pods to the announcing node (nodeSelector kubernetes.io/hostname=${holder.node}; the winner stays put while the node set is stable), or run a pod on every node of the subnet, or remove purelb.io/allow-local (kubectl -n ${svc.namespace} annotate svc ${svc.name} purelb.io/allow-local-): PureLB then sets ETP=Cluster, which delivers but loses the client IP.`;
    },
    refusalFix(message, ns, name, ip) {
      const check = `kubectl -n ${ns} get svc ${name} -o jsonpath='{.status.loadBalancer.ingress}'`;
      if (/sharing key|in use by|does not allow sharing/i.test(message)) {
        return `PureLB shares ${ip ?? 'an address'} only between Services with the same purelb.io/allow-shared-ip value and no common protocol/port: set the others' key on ${ns}/${name} (kubectl -n ${ns} annotate svc ${name} purelb.io/allow-shared-ip=<their key> --overwrite) or request another address (purelb.io/addresses). Check with ${check}.`;
      }
      if (/port .* already in use/i.test(message)) return `Another Service on ${ip ?? 'the address'} already uses that port: change the port or request another address (purelb.io/addresses). Check with ${check}.`;
      return `Fix the request against the ServiceGroups (kubectl get servicegroups.purelb.io -A): ${message || 'read the allocator log (kubectl -n purelb logs deploy/allocator)'}. Check with ${check}.`;
    },
  },
};

export function pureLbAllowsLocal(svc: Service): boolean {
  return svc.metadata.annotations?.[PURELB_ALLOW_LOCAL] !== undefined;
}
