// Which implementation handles a LoadBalancer Service: spec.loadBalancerClass
// first (an implementation only takes its own class), then the marks each one
// leaves on the Services it handles, then what is installed. Several can coexist.
import type { LbImplementation } from '../../model/cluster';
import type { Service } from '../../model/kube';
import { serviceKey, type Inventory } from '../inventory';
import { cilium } from './cilium';
import { kubeVip } from './kube-vip';
import { metallb } from './metallb';
import { purelb } from './purelb';
import { serviceLb } from './servicelb';
import type { Claim, LbAdapter } from './types';
import { unknownLb } from './unknown';

export type { AnnouncerDetail, Claim, LbAdapter, Refusal, SharingPolicy } from './types';

/** Marks are checked in this order: the most specific first (a svclb DaemonSet names its Service exactly). */
export const ADAPTERS: readonly LbAdapter[] = [serviceLb, purelb, kubeVip, cilium, metallb];
const BY_ID = new Map<LbImplementation, LbAdapter>([...ADAPTERS, unknownLb].map((a) => [a.id, a]));

export function adapterById(id: LbImplementation): LbAdapter {
  return BY_ID.get(id) ?? unknownLb;
}

export interface Detection {
  adapter: LbAdapter;
  claim: Claim;
}

// One answer per inventory for "what is installed" (hundreds of Services ask).
const presenceCache = new WeakMap<Inventory, { adapter: LbAdapter; evidence: string } | null>();

/** For Services with neither class nor marks: MetalLB first (the classless default of most clusters), then the others. */
function installed(inv: Inventory): { adapter: LbAdapter; evidence: string } | null {
  if (presenceCache.has(inv)) return presenceCache.get(inv) ?? null;
  let found: { adapter: LbAdapter; evidence: string } | null = null;
  for (const a of [metallb, cilium, kubeVip, purelb, serviceLb]) {
    const evidence = a.presence(inv);
    if (evidence) {
      found = { adapter: a, evidence };
      break;
    }
  }
  presenceCache.set(inv, found);
  return found;
}

export function detectImplementation(svc: Service, inv: Inventory): Detection {
  const cls = svc.spec.loadBalancerClass?.trim();
  if (cls) {
    const owner = ADAPTERS.find((a) => a.ownsClass(cls));
    return owner
      ? { adapter: owner, claim: { how: 'class', evidence: `Service ${serviceKey(svc)}: spec.loadBalancerClass ${cls}` } }
      : { adapter: unknownLb, claim: { how: 'class', evidence: `Service ${serviceKey(svc)}: spec.loadBalancerClass ${cls}, which no implementation edgelens knows` } };
  }
  for (const a of ADAPTERS) {
    const mark = a.markOf(svc, inv);
    if (mark) return { adapter: a, claim: { how: 'mark', evidence: `Service ${serviceKey(svc)}: ${mark}` } };
  }
  const present = installed(inv);
  if (present) return { adapter: present.adapter, claim: { how: 'cluster', evidence: `no class or marks on ${serviceKey(svc)}; ${present.evidence} is installed` } };
  // Nothing says otherwise: the historic default (edgelens read every classless LoadBalancer as MetalLB's).
  return { adapter: metallb, claim: { how: 'default', evidence: `no class, marks or installed load balancer seen for ${serviceKey(svc)}: read as MetalLB` } };
}
