// ETP=Local Services sharing an IP must select the same pods, or the single
// announcer may hold endpoints for one Service and not the other.
import type { Finding } from '../../model/finding';
import { adapterOf } from '../load-balancers';
import { finding, fixSteps, membersOf, nameOf, serviceSubject, type ClusterRule, type LbMember } from '../rule';

function selectorText(sel: Record<string, string> | null | undefined): string {
  const entries = Object.entries(sel ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length > 0 ? entries.map(([k, v]) => `${k}=${v}`).join(',') : '(none)';
}

export const rule: ClusterRule = {
  id: 'shared-ip-local-selector-mismatch',
  severity: 'error',
  check(input) {
    const out: Finding[] = [];
    for (const lb of input.lb.loadBalancers) {
      const adapter = adapterOf(lb);
      if (!adapter.sharing.localSameSelector) continue;
      const w = adapter.words;
      const local = membersOf(input, lb).filter((m) => m.lbs.externalTrafficPolicy === 'Local');
      if (local.length < 2) continue;
      const groups = new Map<string, LbMember[]>();
      for (const m of local) {
        const k = selectorText(m.entry.view.spec.selector);
        groups.set(k, [...(groups.get(k) ?? []), m]);
      }
      if (groups.size < 2) continue;
      const sizes = [...groups.values()].map((g) => g.length).sort((a, b) => b - a);
      const majority = sizes[0] !== sizes[1] ? [...groups.values()].find((g) => g.length === sizes[0]) : undefined;
      const odd = majority ? local.filter((m) => !majority.includes(m)) : local;
      out.push(
        finding(rule, {
          subjects: odd.map((m) => serviceSubject(m.lbs)),
          ip: lb.ip,
          message: `${local.length} ETP=Local Services on ${lb.ip} use ${groups.size} different pod selectors${majority ? `; ${odd.map((m) => nameOf(m.lbs)).join(', ')} differ${odd.length === 1 ? 's' : ''} from the others` : ''}.`,
          evidence: local.map((m) => `Service ${nameOf(m.lbs)}: selector ${selectorText(m.entry.view.spec.selector)}, endpoints on ${m.lbs.endpointNodes.join(', ') || 'no node'}`),
          why: `With ETP=Local the IP is announced from one node that has a ready endpoint, and nodes only deliver to their own pods. If the Services on the IP select different pods, the announcing node can hold pods of one Service and none of the other, whose traffic is then dropped. ${w.allocator} refuses such sharing (${w.refusedAs}).`,
          ...fixSteps([{ text: `Give ${odd.map((m) => nameOf(m.lbs)).join(', ')} ${odd.length === 1 ? 'its' : 'their'} own IP (${w.ipRequest}${adapter.sharing.keyAnnotation ? `, without ${adapter.sharing.keyAnnotation}` : ''}), or make all Services on ${lb.ip} select the same pods.` }]),
        }),
      );
    }
    return out;
  },
};
