// MetalLB: a Service with allow-shared-ip matched by an L2Advertisement that has
// serviceSelectors is not announced (speaker/layer2_controller.go ShouldAnnounce
// returns "sharedIPWithServiceSelector"; docs: "Services using allow-shared-ip that
// match an L2Advertisement with serviceSelectors will not be announced, as different
// services sharing the same IP may match different advertisements").
import type { Finding, Subject } from '../../model/finding';
import type { IPAddressPool, L2Advertisement, Service } from '../../model/kube';
import { metallbAnnotation, type Entry } from '../inventory';
import { describeLabelSelector, matchesLabelSelector } from '../selectors';
import { finding, membersOf, nameOf, serviceSubject, type ClusterRule } from '../rule';
import { covers } from './l2-advertisement-excludes-endpoints';

/** l2AdsForService: advertisements without serviceSelectors, or with one that matches the Service's labels. */
export function advertisementsFor(advs: ReadonlyArray<Entry<L2Advertisement>>, svc: Service): Array<Entry<L2Advertisement>> {
  return advs.filter((a) => {
    const sels = a.view.spec?.serviceSelectors ?? [];
    return sels.length === 0 || sels.some((s) => matchesLabelSelector(svc.metadata.labels, s));
  });
}

export const rule: ClusterRule = {
  id: 'l2-advertisement-shared-ip-selector',
  severity: 'error',
  check(input) {
    const inv = input.inventory;
    const out: Finding[] = [];
    if (!inv.l2Advertisements.some((a) => (a.view.spec?.serviceSelectors ?? []).length > 0)) return out;
    for (const lb of input.lb.loadBalancers) {
      if (lb.implementation !== undefined && lb.implementation !== 'metallb') continue;
      const pool: Entry<IPAddressPool> | undefined = lb.pool ? inv.pools.find((p) => p.view.metadata.name === lb.pool) : undefined;
      if (!pool) continue;
      const poolAdvs = inv.l2Advertisements.filter((a) => covers(a.view, pool.view));
      for (const m of membersOf(input, lb)) {
        if (m.lbs.state !== 'assigned') continue;
        const shared = metallbAnnotation(m.entry.view.metadata, 'allow-shared-ip');
        if (!shared) continue;
        const selecting = advertisementsFor(poolAdvs, m.entry.view).filter((a) => (a.view.spec?.serviceSelectors ?? []).length > 0);
        if (selecting.length === 0) continue;
        const advSubjects: Subject[] = selecting.map((a) => ({ kind: 'L2Advertisement', namespace: a.view.metadata.namespace, name: a.view.metadata.name }));
        out.push(
          finding(rule, {
            subjects: [serviceSubject(m.lbs), ...advSubjects],
            ip: lb.ip,
            message: `${nameOf(m.lbs)} on ${lb.ip} carries ${shared.key} and is matched by the serviceSelectors of L2Advertisement ${selecting.map((a) => a.view.metadata.name).join(', ')}: MetalLB does not announce it (sharedIPWithServiceSelector).`,
            evidence: [
              `Service ${nameOf(m.lbs)}: annotation ${shared.key}=${shared.value}, labels ${Object.entries(m.entry.view.metadata.labels ?? {}).map(([k, v]) => `${k}=${v}`).join(', ') || '(none)'}`,
              ...selecting.map((a) => `L2Advertisement ${a.view.metadata.namespace ?? ''}/${a.view.metadata.name}: pools ${(a.view.spec?.ipAddressPools ?? []).join(', ') || '(selector/all)'}; serviceSelectors ${(a.view.spec?.serviceSelectors ?? []).map(describeLabelSelector).join(' | ')}`),
            ],
            why: `Services sharing an IP may match different L2Advertisements and be announced from different nodes, so MetalLB's speaker skips any Service that has allow-shared-ip and matches an advertisement with serviceSelectors (log "allow-shared-ip is incompatible with serviceSelectors on L2 advertisements"). Nobody answers ARP for ${lb.ip} on its behalf. MetalLB releases without that check can instead announce the shared IP from different nodes.`,
            fix: `Either drop serviceSelectors from ${selecting.map((a) => `L2Advertisement ${a.view.metadata.name}`).join(', ')} and select by pool (ipAddressPools / nodeSelectors), or give ${nameOf(m.lbs)} an IP of its own: kubectl -n ${m.lbs.namespace} annotate svc ${m.lbs.name} metallb.io/allow-shared-ip- metallb.io/loadBalancerIPs=<free IP> --overwrite.`,
          }),
        );
      }
    }
    return out;
  },
};
