// Every Service on a shared IP must carry the same sharing key, for the
// implementations that require one: metallb.io/allow-shared-ip (the legacy
// metallb.universe.tf/ key counts; metallb.io/ wins), lbipam.cilium.io/sharing-key,
// purelb.io/allow-shared-ip. The adapter names the annotation and the command.
import type { Finding } from '../../model/finding';
import { adapterOf } from '../load-balancers';
import { finding, fixSteps, listNames, membersOf, nameOf, serviceSubject, type ClusterRule, type LbMember } from '../rule';

export const rule: ClusterRule = {
  id: 'shared-ip-key-mismatch',
  severity: 'error',
  check(input) {
    const out: Finding[] = [];
    for (const lb of input.lb.loadBalancers) {
      if (lb.services.length < 2) continue;
      const adapter = adapterOf(lb);
      if (!adapter.sharing.keyRequired) continue;
      const w = adapter.words;
      const members = membersOf(input, lb);
      const groups = new Map<string | null, LbMember[]>();
      for (const m of members) groups.set(m.lbs.sharingKey, [...(groups.get(m.lbs.sharingKey) ?? []), m]);
      if (groups.size === 1 && !groups.has(null)) continue;
      // The most common real key is the intended one; the services without it are the ones involved.
      const keyed = [...groups].filter(([k]) => k !== null).sort(([, a], [, b]) => b.length - a.length);
      const top = keyed[0];
      const unique = top !== undefined && (keyed[1] === undefined || keyed[1][1].length < top[1].length) && top[1].length > (groups.get(null)?.length ?? 0);
      const intended = unique ? top[0] : null;
      const odd = intended === null ? members : members.filter((m) => m.lbs.sharingKey !== intended);
      const summary = [...groups]
        .map(([k, ms]) => `${k === null ? 'no key' : `key "${k}"`} on ${listNames(ms.map((m) => nameOf(m.lbs)), 3)}`)
        .join('; ');
      const key = intended ?? `shared-${lb.ip.replace(/[^0-9a-fA-F]+/g, '-')}`;
      out.push(
        finding(rule, {
          subjects: odd.map((m) => serviceSubject(m.lbs)),
          ip: lb.ip,
          message: `${lb.services.length} Services on ${lb.ip} lack a common sharing key: ${summary}.`,
          evidence: members.map((m) => `Service ${nameOf(m.lbs)}: ${adapter.sharingKeyText(m.entry.view)}${m.lbs.state === 'requested' ? ' (no IP assigned)' : ''}`),
          why: `${w.allocator} puts several Services on one IP only when every one of them carries the same ${adapter.sharing.keyAnnotation ?? 'sharing key'} value. A Service without it (or with another value) is refused with ${w.refusedAs} and gets no external IP; after a controller restart, which of the Services keeps the IP can change.`,
          ...(adapter.id === 'metallb'
            ? fixSteps([
                ...odd.map((m) => ({ text: `Give ${nameOf(m.lbs)} the sharing key ${key}`, command: `kubectl -n ${m.lbs.namespace} annotate svc ${m.lbs.name} metallb.io/allow-shared-ip=${key} --overwrite` })),
                ...(intended === null ? [{ text: 'Any value works, as long as all Services on the IP use the same one.' }] : []),
              ])
            : // Other implementations: the adapter's commands as one text step (several commands joined by &&).
              fixSteps([{ text: odd.map((m) => w.setKey(m.lbs.namespace, m.lbs.name, key) ?? '').join(' && ') + (intended === null ? ' (any value works, as long as all Services on the IP use the same one)' : '') }])),
        }),
      );
    }
    return out;
  },
};
