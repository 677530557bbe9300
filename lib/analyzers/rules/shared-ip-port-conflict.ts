// Two Services on one IP cannot both take the same protocol/port.
// (TCP/443 and UDP/443 do not clash.)
import type { Finding } from '../../model/finding';
import { finding, fixSteps, listNames, membersOf, nameOf, serviceSubject, type ClusterRule, type LbMember } from '../rule';

export const rule: ClusterRule = {
  id: 'shared-ip-port-conflict',
  severity: 'error',
  check(input) {
    const out: Finding[] = [];
    for (const lb of input.lb.loadBalancers) {
      if (lb.services.length < 2) continue;
      const users = new Map<string, LbMember[]>();
      for (const m of membersOf(input, lb)) {
        for (const port of new Set(m.lbs.ports)) users.set(port, [...(users.get(port) ?? []), m]);
      }
      for (const [port, ms] of [...users].sort(([a], [b]) => (a < b ? -1 : 1))) {
        if (ms.length < 2) continue;
        const names = ms.map((m) => nameOf(m.lbs));
        out.push(
          finding(rule, {
            subjects: ms.map((m) => serviceSubject(m.lbs)),
            ip: lb.ip,
            message: `${port} on ${lb.ip} is claimed by ${ms.length} Services: ${listNames(names)}.`,
            evidence: ms.map((m) => `Service ${nameOf(m.lbs)}: ports ${m.lbs.ports.join(', ')}${m.lbs.state === 'requested' ? ' (no IP assigned)' : ''}`),
            why: `An IP can deliver ${port} to only one Service. MetalLB refuses the later Service ("port ${port} is already in use"), so it gets no external IP; if both were admitted earlier, kube-proxy sends ${port} to whichever rule wins and the other Service silently loses that port.`,
            ...fixSteps([
              { text: `Keep ${port} on one Service and move the other${ms.length > 2 ? 's' : ''} (${listNames(names.slice(1))}) to a different port or to an IP of ${ms.length > 2 ? 'their' : 'its'} own (metallb.io/loadBalancerIPs), e.g.`, command: `kubectl -n ${ms[1]?.lbs.namespace ?? 'NS'} edit svc ${ms[1]?.lbs.name ?? 'NAME'}` },
            ]),
          }),
        );
      }
    }
    return out;
  },
};
