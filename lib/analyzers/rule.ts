// The shape every cluster rule has, and the small helpers rules share to word
// their evidence and fixes the same way.
import { joinSteps, withSteps, type ClusterRuleId, type Finding, type FixStep, type Severity, type Subject } from '../model/finding';
import type { HealthCheckObservation, LbService, LoadBalancer } from '../model/cluster';
import type { Service } from '../model/kube';
import { objectKey, type Entry, type Inventory } from './inventory';
import { firstFreeIp, parsePoolRange, type IpRange } from './ip';
import type { AnnouncerDetail, LoadBalancerAnalysis, ServiceEndpoints } from './load-balancers';

export interface RuleContext {
  now: Date;
  /**
   * kube-proxy health-check answers that a probe really got (none unless the server was asked
   * to check). Rules cite them as evidence; without them a rule may only say what would happen.
   */
  healthChecks?: readonly HealthCheckObservation[];
}

export interface RuleInput {
  inventory: Inventory;
  lb: LoadBalancerAnalysis;
}

export interface ClusterRule {
  id: ClusterRuleId;
  severity: Severity;
  check(input: RuleInput, ctx: RuleContext): Finding[];
}

/** One LoadBalancer's service as listed in the report, with its validated Service object. */
export interface LbMember {
  lbs: LbService;
  entry: Entry<Service>;
  key: string;
}

export function membersOf(input: RuleInput, lb: LoadBalancer): LbMember[] {
  const out: LbMember[] = [];
  for (const lbs of lb.services) {
    const key = objectKey(lbs.namespace, lbs.name);
    const entry = input.inventory.services.get(key);
    if (entry) out.push({ lbs, entry, key });
  }
  return out;
}

export function serviceSubject(s: { namespace: string; name: string }): Subject {
  return { kind: 'Service', namespace: s.namespace, name: s.name };
}

export function nameOf(s: { namespace: string; name: string }): string {
  return `${s.namespace}/${s.name}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "a, b, c and 4 more" — long lists stay readable in one-line messages. */
export function listNames(names: readonly string[], max = 4): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

export function endpointEvidence(key: string, eps: ServiceEndpoints | undefined): string[] {
  if (!eps || eps.slices.length === 0) return [`no EndpointSlice found for Service ${key}`];
  return eps.slices.map((s) => {
    const where = s.readyNodes.length > 0 ? ` on ${s.readyNodes.join(', ')}` : '';
    const notReady = s.total > s.ready ? ` (${s.total - s.ready} not ready)` : '';
    return `EndpointSlice ${s.name}: ${plural(s.ready, 'ready endpoint')}${where}${notReady}`;
  });
}

export function endpointSummary(eps: ServiceEndpoints | undefined): string {
  const n = eps?.ready.length ?? 0;
  if (n === 0) return 'no ready endpoints';
  const nodes = eps?.nodes ?? [];
  return `${plural(n, 'ready endpoint')}${nodes.length > 0 ? ` on ${nodes.join(', ')}` : ''}`;
}

// One answer per pool and analysis: several rules word their fixes with it, for hundreds of IPs.
const freeIpCache = new WeakMap<LoadBalancerAnalysis, Map<string, string | null>>();

/** A free address in the IP's pool, to make a fix concrete ("e.g. 10.0.20.202"). */
export function suggestFreeIp(input: RuleInput, lb: LoadBalancer): string | null {
  // Only MetalLB's IPAddressPools are read as ranges here.
  if (!lb.pool || (lb.implementation !== undefined && lb.implementation !== 'metallb')) return null;
  let cache = freeIpCache.get(input.lb);
  if (!cache) freeIpCache.set(input.lb, (cache = new Map()));
  const known = cache.get(lb.pool);
  if (known !== undefined) return known;
  const pool = input.inventory.pools.find((p) => p.view.metadata.name === lb.pool);
  const ranges = (pool?.view.spec?.addresses ?? []).map(parsePoolRange).filter((r): r is IpRange => r !== null);
  const free = ranges.length > 0 ? firstFreeIp(ranges, new Set(input.lb.servicesByIp.keys())) : null;
  cache.set(lb.pool, free);
  return free;
}

/** `--set` hint when a Service is managed by Helm (a kubectl edit would be undone by the next upgrade). */
export function helmRelease(svc: Service): { release: string; namespace: string } | null {
  const ann = svc.metadata.annotations ?? {};
  const release = ann['meta.helm.sh/release-name'];
  if (svc.metadata.labels?.['app.kubernetes.io/managed-by'] !== 'Helm' && !release) return null;
  return { release: release ?? svc.metadata.labels?.['app.kubernetes.io/instance'] ?? svc.metadata.name, namespace: ann['meta.helm.sh/release-namespace'] ?? svc.metadata.namespace ?? 'default' };
}

/** A fix given as steps (one shell command each at most) and the `fix` text they join to. */
export function fixSteps(steps: FixStep[]): { steps: FixStep[]; fix: string } {
  return { steps, fix: joinSteps(steps) };
}

/** A rule's finding; without steps of its own, its `fix` becomes the one step (as the driver does too). */
export function finding(rule: ClusterRule, f: Omit<Finding, 'rule' | 'severity'>): Finding {
  return withSteps({ rule: rule.id, severity: rule.severity, ...f });
}

/** Who announces the IP for this Service: its own ServiceL2Status/event when it has one, else the IP's. */
export function announcerFor(input: RuleInput, ip: string, serviceKey: string): AnnouncerDetail | undefined {
  return input.lb.serviceAnnouncers.get(serviceKey) ?? input.lb.announcers.get(ip);
}
