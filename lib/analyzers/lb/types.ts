// One adapter per load-balancer implementation (MetalLB, Cilium L2 + LB-IPAM,
// kube-vip, k3s ServiceLB, PureLB). Each says whether it handles a Service,
// who holds each address, its own sharing rules, how it signals a refusal, and
// the words of its fixes. The load-balancer table and the rules read only this
// interface, so the next implementation is one more adapter and its fixtures.
import type { Announcer, LbImplementation, LbService } from '../../model/cluster';
import type { Subject } from '../../model/finding';
import type { Service } from '../../model/kube';
import type { Inventory } from '../inventory';

export interface AnnouncerDetail extends Announcer {
  /** The object or field that says so ("Lease kube-system/cilium-l2announce-web-traefik"), shown as the LB's `via`. */
  object: string;
  /** The object that says so (a ServiceL2Status, Event, Lease, or the Service for an annotation), for finding subjects. */
  subject: Subject;
  evidence: string;
}

/** Why edgelens attributes a Service to an implementation: one observed line. */
export interface Claim {
  how: 'class' | 'mark' | 'cluster' | 'default';
  evidence: string;
}

/** Which Services may share one address, as the implementation's allocator decides. */
export interface SharingPolicy {
  /** Annotation that carries the sharing key; null when the implementation has none (sharing by ports only, or none). */
  keyAnnotation: string | null;
  /** Sharing needs the same key on every Service (MetalLB, Cilium, PureLB). */
  keyRequired: boolean;
  /** `protocol/port`: TCP/443 and UDP/443 can share; `port`: the port number alone clashes (Cilium, kube-vip-cloud-provider). */
  portKey: 'protocol/port' | 'port';
  /** All Services on the IP must have the same externalTrafficPolicy. */
  etpMustMatch: boolean;
  /** ETP=Local Services on the IP must select the same pods. */
  localSameSelector: boolean;
  /** Services must be in the same namespace unless they opt in (Cilium `lbipam.cilium.io/sharing-cross-namespace`). */
  sameNamespace: boolean;
  /** Every Service of this implementation shares the node addresses (k3s ServiceLB hostPorts): only port clashes matter. */
  nodePorts: boolean;
  /** How a refusal shows, for `why` texts: "an AllocationFailed event", "condition cilium.io/IPAMRequestSatisfied=False". */
  refusalSignal: string;
}

/** A refusal the implementation recorded on the Service (event or condition). */
export interface Refusal {
  /** One-line summary for the message, e.g. "AllocationFailed, 3 times, last at …". */
  summary: string;
  /** The implementation's own words (event message or condition message). */
  text: string;
  evidence: string[];
}

export interface HolderSet {
  nodes: string[];
  from: string;
  evidence: string[];
}

export interface AnnouncerFixContext {
  svc: LbService;
  ip: string;
  holder: AnnouncerDetail;
  pool: string | null;
}

export interface LbAdapter {
  id: LbImplementation;
  /** As users write it: "MetalLB", "Cilium L2 announcements", "kube-vip", "k3s ServiceLB", "PureLB". */
  name: string;
  /** Does spec.loadBalancerClass name this implementation? */
  ownsClass(cls: string): boolean;
  /** Marks it leaves on a Service it handles (annotations, labels, its DaemonSet, its Lease, its condition). */
  markOf(svc: Service, inv: Inventory): string | null;
  /** Evidence that it is installed (its CRD objects or its DaemonSets), for Services without class or marks. */
  presence(inv: Inventory): string | null;
  /** IPs the Service asks this implementation for (annotation or spec.loadBalancerIP). */
  requestedIps(svc: Service): string[];
  sharingKey(svc: Service): string | null;
  /** How the key is written on this Service, for evidence ("metallb.io/allow-shared-ip=home", "no … annotation"). */
  sharingKeyText(svc: Service): string;
  sharing: SharingPolicy;
  /** Who holds/announces `ip` for these Services; null when nothing observed says so. */
  announcer(inv: Inventory, ip: string, services: readonly Service[]): AnnouncerDetail | null;
  /** Implementations where several nodes accept traffic (ServiceLB): those nodes. */
  holders?(inv: Inventory, svc: Service): HolderSet | null;
  /** Its recorded refusal of the Service, if any. */
  refusal(inv: Inventory, svc: Service): Refusal | null;
  /** The pool the IP comes from, when the implementation names pools. */
  poolOf(inv: Inventory, ip: string, services: readonly Service[]): string | null;
  /** Words for the rules. */
  words: AdapterWords;
}

export interface AdapterWords {
  /** Who allocates and refuses addresses, as a subject of a sentence ("MetalLB", "Cilium LB-IPAM"). */
  allocator: string;
  /** The refusal as users see it, in parentheses ("AllocationFailed", "condition cilium.io/IPAMRequestSatisfied=False"). */
  refusedAs: string;
  /** How the holder is chosen, one sentence for `why` ("MetalLB's speakers elect one node per IP among nodes with a ready endpoint"). */
  election: string;
  /** Does the election consider endpoints under ETP=Local? */
  endpointAware: boolean;
  /** Command that moves a Service to an address of its own. */
  ownIp(ns: string, name: string, target: string): string;
  /** Command that sets the sharing key, null when the implementation has no key. */
  setKey(ns: string, name: string, key: string): string | null;
  /** How an address is requested, for fix texts ("metallb.io/loadBalancerIPs"). */
  ipRequest: string;
  /** Fix for an ETP=Local Service whose holder has no ready endpoint. */
  announcerWithoutEndpoint(c: AnnouncerFixContext): string;
  /** Fix for a refused Service, given the implementation's own message. */
  refusalFix(message: string, ns: string, name: string, ip: string | undefined): string;
}
