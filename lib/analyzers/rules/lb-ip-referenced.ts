// Where an LB IP is written literally outside the Services that use it:
// ConfigMaps (tunnel configs, DNS zones), workload env/args/hostAliases, other
// Services' annotations, and any other object kind in the snapshot. This is
// the cutover blast radius: all of these must change when the IP does.
// The search itself lives in ../ip-references (the what-if planner uses it too).
import type { Finding } from '../../model/finding';
import { objectKey } from '../inventory';
import { findIpReferences, type IpReference } from '../ip-references';
import { finding, fixSteps, listNames, plural, type ClusterRule } from '../rule';

export const rule: ClusterRule = {
  id: 'lb-ip-referenced',
  severity: 'info',
  check(input) {
    const byIp = input.lb.servicesByIp;
    if (byIp.size === 0) return [];
    const members = new Map<string, Set<string>>();
    for (const [ip, svcs] of byIp) members.set(ip, new Set(svcs.map((s) => objectKey(s.view.metadata.namespace ?? 'default', s.view.metadata.name))));
    const found = findIpReferences(input.inventory, members);

    const out: Finding[] = [];
    for (const [ip, objs] of found) {
      const label = (h: IpReference): string => `${h.subject.kind} ${h.subject.namespace ? `${h.subject.namespace}/` : ''}${h.subject.name}`;
      // "10.0.20.200:443" in a tunnel config means the Service with port 443 on that IP: name it.
      const renames: string[] = [];
      for (const h of objs) {
        const ports = new Set(h.places.flatMap((p) => p.ports));
        const targets = (byIp.get(ip) ?? []).flatMap(({ view }) =>
          view.spec.ports.filter((p) => ports.has(p.port) && p.protocol === 'TCP').map((p) => `${view.metadata.name}.${view.metadata.namespace ?? 'default'}.svc.cluster.local:${p.port}`),
        );
        if (targets.length > 0) renames.push(`${label(h)} → ${[...new Set(targets)].join(', ')}`);
      }
      out.push(
        finding(rule, {
          subjects: objs.map((h) => h.subject),
          ip,
          message: `${ip} is written literally in ${plural(objs.length, 'object')} besides the Service${(members.get(ip)?.size ?? 0) === 1 ? '' : 's'} using it: ${listNames(objs.map(label), 5)}.`,
          evidence: objs.flatMap((h) => h.places.map((p) => `${label(h)}: ${p.where}: ${p.snippet}`)),
          why: `If ${ip} changes — for example when a Service moves to its own IP to switch to externalTrafficPolicy=Local — each of these keeps pointing at the old address: tunnels, DNS answers and clients then break or reach the wrong Service. Changing them is part of the cutover.`,
          ...fixSteps([
            { text: `Update ${objs.length === 1 ? 'it' : 'them'} in the same change window as any IP change (${listNames(objs.map(label), 5)}) and restart what reads ${objs.length === 1 ? 'it' : 'them'} (most apps read ConfigMaps only at start).` },
            {
              text:
                renames.length > 0
                  ? `Clients inside the cluster need no literal IP at all: ${renames.join('; ')}.`
                  : 'Clients inside the cluster can use the Service name (NAME.NAMESPACE.svc.cluster.local) instead of the literal IP.',
            },
          ]),
        }),
      );
    }
    return out;
  },
};
