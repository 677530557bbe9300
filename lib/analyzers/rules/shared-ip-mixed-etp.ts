// Services on one IP must all be ETP=Cluster or all ETP=Local: one IP has one
// announcer, and only ETP=Local restricts which node may announce. Applies to the
// implementations whose allocator checks it (MetalLB, Cilium LB-IPAM).
import type { Finding } from '../../model/finding';
import { adapterOf } from '../load-balancers';
import { newestEvent, serviceEvents } from '../inventory';
import { finding, fixSteps, listNames, membersOf, nameOf, serviceSubject, suggestFreeIp, type ClusterRule, type LbMember } from '../rule';

export const rule: ClusterRule = {
  id: 'shared-ip-mixed-etp',
  severity: 'error',
  check(input) {
    const out: Finding[] = [];
    for (const lb of input.lb.loadBalancers) {
      if (lb.services.length < 2) continue;
      const adapter = adapterOf(lb);
      if (!adapter.sharing.etpMustMatch) continue;
      const w = adapter.words;
      const members = membersOf(input, lb);
      const local = members.filter((m) => m.lbs.externalTrafficPolicy === 'Local');
      const cluster = members.filter((m) => m.lbs.externalTrafficPolicy === 'Cluster');
      if (local.length === 0 || cluster.length === 0) continue;
      // The odd ones out are the services involved; on a tie nobody is "odd", so all are.
      const odd: LbMember[] = local.length < cluster.length ? local : cluster.length < local.length ? cluster : members;
      const oddPolicy = odd === members ? null : odd[0]?.lbs.externalTrafficPolicy;
      const names = (ms: LbMember[]): string => listNames(ms.map((m) => nameOf(m.lbs)));
      const evidence = members.map(
        (m) =>
          `Service ${nameOf(m.lbs)}: externalTrafficPolicy=${m.lbs.externalTrafficPolicy}, sharing key ${m.lbs.sharingKey ?? '(none)'}, ${m.lbs.state === 'requested' ? 'only requests the IP (none assigned)' : `has ${lb.ip}`}`,
      );
      for (const m of odd) {
        if (adapter.id === 'metallb') {
          const failed = newestEvent(serviceEvents(input.inventory, m.entry.view), 'AllocationFailed');
          if (failed?.message) evidence.push(`Event AllocationFailed on ${nameOf(m.lbs)}: ${failed.message}`);
        } else {
          evidence.push(...(adapter.refusal(input.inventory, m.entry.view)?.evidence ?? []));
        }
      }
      const free = suggestFreeIp(input, lb);
      const target = free ?? '<free IP from the pool>';
      const moves = odd.map((m) => w.ownIp(m.lbs.namespace, m.lbs.name, target));
      out.push(
        finding(rule, {
          subjects: odd.map((m) => serviceSubject(m.lbs)),
          ip: lb.ip,
          message: `${lb.ip} is shared by ${lb.services.length} Services that mix externalTrafficPolicy: ${local.length} Local (${names(local)}) and ${cluster.length} Cluster (${names(cluster)}).`,
          evidence,
          why: `${w.allocator} lets Services share an IP only when all of them are ETP=Cluster, or all are ETP=Local with the same pods. A Local Service must be announced from a node that runs one of its pods, a Cluster Service from any node, and one IP has exactly one announcer. ${w.allocator} refuses the Service that breaks the rule (${w.refusedAs}): it gets no external IP and its clients reach nothing.`,
          ...fixSteps(
            oddPolicy === 'Local' || oddPolicy === null
              ? [
                  ...odd.map((m, i) => ({ text: `${i === 0 ? `Give the ETP=Local Service${odd.length > 1 ? 's' : ''} an IP of ${odd.length > 1 ? 'their' : 'its'} own${free ? ` (free in pool ${lb.pool}: ${free})` : ''}` : 'And'}: ${nameOf(m.lbs)}`, command: moves[i] ?? '' })),
                  { text: `Then point DNS/tunnels that use ${lb.ip} for ${odd.length > 1 ? 'them' : 'it'} at the new IP (see lb-ip-referenced). Or revert to externalTrafficPolicy=Cluster to stay on ${lb.ip}.` },
                ]
              : [
                  ...odd.map((m, i) => ({ text: `${i === 0 ? `Move the ETP=Cluster Service${odd.length > 1 ? 's' : ''} to another IP${free ? ` (free in pool ${lb.pool}: ${free})` : ''}` : 'And'}: ${nameOf(m.lbs)}`, command: moves[i] ?? '' })),
                  { text: 'Or set them to externalTrafficPolicy=Local with the same selector as the others.' },
                ],
          ),
        }),
      );
    }
    return out;
  },
};
