// L2Advertisement nodeSelectors decide which nodes may announce a pool's IPs.
// If they leave out every node that can deliver the traffic (for ETP=Local:
// the nodes with a ready endpoint), nobody announces the IP.
import type { Finding, Subject } from '../../model/finding';
import type { IPAddressPool, L2Advertisement } from '../../model/kube';
import type { Entry, Inventory } from '../inventory';
import { describeLabelSelector, matchesLabelSelector } from '../selectors';
import { finding, fixSteps, membersOf, nameOf, serviceSubject, type ClusterRule } from '../rule';
import { ciliumPolicyProblems } from './cilium-l2-policy';

/** Does the advertisement cover the pool? No pool list and no pool selector means every pool of its namespace. */
export function covers(adv: L2Advertisement, pool: IPAddressPool): boolean {
  if ((adv.metadata.namespace ?? '') !== (pool.metadata.namespace ?? '')) return false;
  const names = adv.spec?.ipAddressPools ?? [];
  const selectors = adv.spec?.ipAddressPoolSelectors ?? [];
  if (names.length === 0 && selectors.length === 0) return true;
  return names.includes(pool.metadata.name) || selectors.some((s) => matchesLabelSelector(pool.metadata.labels, s));
}

/** Nodes the advertisement allows to announce; null when it allows every node. */
export function eligibleNodes(adv: L2Advertisement, inv: Inventory): Set<string> | null {
  const selectors = adv.spec?.nodeSelectors ?? [];
  if (selectors.length === 0) return null;
  const out = new Set<string>();
  for (const [name, node] of inv.nodes) {
    if (selectors.some((s) => matchesLabelSelector(node.view.metadata.labels, s))) out.add(name);
  }
  return out;
}

export const rule: ClusterRule = {
  id: 'l2-advertisement-excludes-endpoints',
  severity: 'error',
  check(input) {
    const inv = input.inventory;
    const out: Finding[] = [];
    if (inv.nodes.size === 0) return out; // node labels unknown: nothing to judge
    // Cilium's L2 policies play the L2Advertisement's part for Cilium Services.
    for (const p of ciliumPolicyProblems(input)) {
      out.push(finding(rule, { subjects: p.subjects, ip: p.lb.ip, message: p.message, evidence: p.evidence, why: p.why, fix: p.fix }));
    }
    // Per pool (not per IP): the covering advertisements and the nodes they allow; null = every node.
    const perPool = new Map<string, { pool: Entry<IPAddressPool>; advs: Array<Entry<L2Advertisement>>; allowed: Set<string> | null } | null>();
    const forPool = (name: string) => {
      if (perPool.has(name)) return perPool.get(name) ?? null;
      const pool = inv.pools.find((p) => p.view.metadata.name === name);
      const advs = pool ? inv.l2Advertisements.filter((a) => covers(a.view, pool.view)) : [];
      let allowed: Set<string> | null = new Set();
      for (const a of advs) {
        const e = eligibleNodes(a.view, inv);
        if (e === null) {
          allowed = null;
          break;
        }
        for (const n of e) allowed.add(n);
      }
      // No advertisement for the pool: BGP-only or not read, not an L2 question.
      const entry = pool && advs.length > 0 ? { pool, advs, allowed } : null;
      perPool.set(name, entry);
      return entry;
    };
    for (const lb of input.lb.loadBalancers) {
      if (lb.implementation !== undefined && lb.implementation !== 'metallb') continue; // L2Advertisements are MetalLB's
      const found = lb.pool ? forPool(lb.pool) : null;
      if (!found || found.allowed === null) continue;
      const { pool, advs } = found;
      const allowed = found.allowed;
      for (const m of membersOf(input, lb)) {
        if (m.lbs.state !== 'assigned') continue;
        const local = m.lbs.externalTrafficPolicy === 'Local';
        // ETP=Cluster: any announcing node forwards, so only "no node at all" is a problem.
        if (!local && allowed.size > 0) continue;
        const needed = local ? m.lbs.endpointNodes : [...inv.nodes.keys()];
        if (needed.length === 0) continue;
        if (local && needed.some((n) => !inv.nodes.has(n))) continue; // a node we cannot see the labels of
        if (needed.some((n) => allowed.has(n))) continue;
        const advSubjects: Subject[] = advs.map((a) => ({ kind: 'L2Advertisement', namespace: a.view.metadata.namespace, name: a.view.metadata.name }));
        out.push(
          finding(rule, {
            subjects: [serviceSubject(m.lbs), ...advSubjects],
            ip: lb.ip,
            message: local
              ? `${nameOf(m.lbs)} (ETP=Local) on ${lb.ip} has endpoints only on ${needed.join(', ')}, but the L2Advertisement${advs.length > 1 ? 's' : ''} for pool ${pool.view.metadata.name} allow${advs.length > 1 ? '' : 's'} ${allowed.size === 0 ? 'no node' : [...allowed].sort().join(', ')} to announce it.`
              : `No node matches the nodeSelectors of the L2Advertisement${advs.length > 1 ? 's' : ''} for pool ${pool.view.metadata.name}, so nothing announces ${lb.ip} (${nameOf(m.lbs)}).`,
            evidence: [
              ...advs.map((a) => `L2Advertisement ${a.view.metadata.namespace ?? ''}/${a.view.metadata.name}: pools ${(a.view.spec?.ipAddressPools ?? []).join(', ') || '(selector/all)'}; nodeSelectors ${(a.view.spec?.nodeSelectors ?? []).map(describeLabelSelector).join(' | ')}`),
              ...needed.slice(0, 10).map((n) => {
                const labels = inv.nodes.get(n)?.view.metadata.labels ?? {};
                const shown = Object.entries(labels).filter(([k]) => !k.startsWith('beta.kubernetes.io/'));
                return `Node ${n}${local ? ' (has a ready endpoint)' : ''}: labels ${shown.map(([k, v]) => `${k}=${v}`).join(', ') || '(none)'}`;
              }),
            ],
            why: local
              ? `With ETP=Local MetalLB only lets nodes that run a ready pod announce the IP, and the L2Advertisement allows none of them: no node answers ARP for ${lb.ip}, so the Service is unreachable from outside.`
              : `No node is allowed to answer ARP for ${lb.ip}, so the Service is unreachable from outside the cluster.`,
            ...fixSteps([
              {
                text: `Widen the nodeSelectors of ${advs.map((a) => `L2Advertisement ${a.view.metadata.name}`).join(', ')} to include ${local ? needed.join(', ') : 'the nodes that should announce'}`,
                command: `kubectl -n ${pool.view.metadata.namespace ?? 'metallb-system'} edit l2advertisement ${advs[0]?.view.metadata.name ?? ''}`,
              },
              { text: `Or label those nodes to match${local ? `, or schedule ${nameOf(m.lbs)}'s pods onto allowed nodes` : ''}.` },
            ]),
          }),
        );
      }
    }
    return out;
  },
};
