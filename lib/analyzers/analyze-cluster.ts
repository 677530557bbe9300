// The cluster analyzer: index the snapshot, group LoadBalancers by IP, run
// every rule, sort. Pure: `now` comes from the caller.
import { CLUSTER_RULE_IDS, SEVERITY_ORDER, withSteps, type Finding } from '../model/finding';
import type { ClusterReport, ClusterSnapshot } from '../model/cluster';
import { buildInventory, type Inventory } from './inventory';
import { compareIps } from './ip';
import { analyzeLoadBalancers } from './load-balancers';
import type { ClusterRule, RuleContext } from './rule';
import { CLUSTER_RULES } from './rules/index';

export function analyzeCluster(snapshot: ClusterSnapshot, ctx: RuleContext, rules: readonly ClusterRule[] = CLUSTER_RULES): ClusterReport {
  const inventory = buildInventory(snapshot);
  const lb = analyzeLoadBalancers(inventory);
  // A rule that gives no `steps` gets its `fix` as one step: every finding leaves here with steps (docs/contract.md).
  const findings = sortFindings(rules.flatMap((r) => r.check({ inventory, lb }, ctx)).map(withSteps));
  return {
    source: snapshot.source,
    loadBalancers: lb.loadBalancers,
    findings,
    gaps: [...snapshot.gaps, ...inventory.gaps],
    nodes: nodeSummaries(inventory),
    generatedAt: ctx.now.toISOString(),
  };
}

const RULE_ORDER = new Map<string, number>(CLUSTER_RULE_IDS.map((id, i) => [id, i]));

/** Severity, then rule (CONTRACT.md table order; unknown ids after, by name), then IP numerically, then first subject. */
export function sortFindings(findings: Finding[]): Finding[] {
  const subjectKey = (f: Finding): string => {
    const s = f.subjects[0];
    return s ? `${s.kind}/${s.namespace ?? ''}/${s.name}` : '';
  };
  return findings.sort((a, b) => {
    const bySeverity = SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity];
    if (bySeverity !== 0) return bySeverity;
    const ra = RULE_ORDER.get(a.rule) ?? RULE_ORDER.size;
    const rb = RULE_ORDER.get(b.rule) ?? RULE_ORDER.size;
    if (ra !== rb) return ra - rb;
    if (a.rule !== b.rule) return a.rule < b.rule ? -1 : 1;
    const byIp = compareIps(a.ip ?? '', b.ip ?? '');
    if (byIp !== 0) return byIp;
    const sa = subjectKey(a);
    const sb = subjectKey(b);
    return sa < sb ? -1 : sa > sb ? 1 : 0;
  });
}

function nodeSummaries(inv: Inventory): ClusterReport['nodes'] {
  return [...inv.nodes.values()]
    .map(({ view }) => ({
      name: view.metadata.name,
      addresses: (view.status?.addresses ?? []).filter((a) => a.type === 'InternalIP' || a.type === 'ExternalIP').map((a) => a.address),
      podCIDRs: view.spec?.podCIDRs && view.spec.podCIDRs.length > 0 ? view.spec.podCIDRs : view.spec?.podCIDR ? [view.spec.podCIDR] : [],
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
