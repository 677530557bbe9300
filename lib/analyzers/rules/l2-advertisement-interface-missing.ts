// MetalLB: an L2Advertisement with `interfaces` announces only from those
// interfaces; when the elected node has none of them the speaker records
// `announceFailed` "the interfaces specified by LB IP %q doesn't exist in assigned
// node %q with protocol %q" (speaker/layer2_controller.go SetBalancer) and nothing
// answers ARP from that node.
import type { Finding, Subject } from '../../model/finding';
import { eventTimeText, newestEvent, serviceEvents } from '../inventory';
import { finding, membersOf, nameOf, serviceSubject, type ClusterRule } from '../rule';
import { covers } from './l2-advertisement-excludes-endpoints';

const MESSAGE = /interfaces specified by LB IP "([^"]+)" doesn't exist in assigned node "([^"]+)"/;

export const rule: ClusterRule = {
  id: 'l2-advertisement-interface-missing',
  severity: 'error',
  check(input) {
    const inv = input.inventory;
    const out: Finding[] = [];
    for (const lb of input.lb.loadBalancers) {
      if (lb.implementation !== undefined && lb.implementation !== 'metallb') continue;
      for (const m of membersOf(input, lb)) {
        const e = newestEvent(serviceEvents(inv, m.entry.view), 'announceFailed');
        const hit = e?.message ? MESSAGE.exec(e.message) : null;
        if (!e || !hit || hit[1] !== lb.ip) continue;
        const node = hit[2] ?? '?';
        const pool = lb.pool ? inv.pools.find((p) => p.view.metadata.name === lb.pool) : undefined;
        const advs = pool ? inv.l2Advertisements.filter((a) => covers(a.view, pool.view) && (a.view.spec?.interfaces ?? []).length > 0) : [];
        const advSubjects: Subject[] = advs.map((a) => ({ kind: 'L2Advertisement', namespace: a.view.metadata.namespace, name: a.view.metadata.name }));
        const ifaces = [...new Set(advs.flatMap((a) => a.view.spec?.interfaces ?? []))];
        out.push(
          finding(rule, {
            subjects: [serviceSubject(m.lbs), { kind: 'Node', name: node }, ...advSubjects],
            ip: lb.ip,
            message: `MetalLB elected ${node} for ${lb.ip} (${nameOf(m.lbs)}), but ${node} has none of the interfaces the L2Advertisement allows${ifaces.length > 0 ? ` (${ifaces.join(', ')})` : ''}: it does not answer ARP for ${lb.ip}.`,
            evidence: [
              `Event announceFailed on Service ${nameOf(m.lbs)} ×${e.count ?? 1}, last ${eventTimeText(e)}: ${e.message ?? ''}`,
              ...advs.map((a) => `L2Advertisement ${a.view.metadata.namespace ?? ''}/${a.view.metadata.name}: interfaces ${(a.view.spec?.interfaces ?? []).join(', ')}`),
            ],
            why: `With spec.interfaces MetalLB announces an IP only from the listed interfaces. The election does not check them, so a node whose NIC is named differently (eno1 vs enp3s0, a bond or VLAN) can win ${lb.ip} and then stay silent: clients cannot resolve ${lb.ip}.`,
            fix: `Add ${node}'s interface name to the L2Advertisement${advs[0] ? ` (kubectl -n ${advs[0].view.metadata.namespace ?? 'metallb-system'} edit l2advertisement ${advs[0].view.metadata.name}; ip -br link on ${node} shows the names)` : ''}, or keep ${node} out with nodeSelectors so a node that has the interface is elected.`,
          }),
        );
      }
    }
    return out;
  },
};
