// An HTTP(S) LoadBalancer with ETP=Cluster: kube-proxy SNATs every external
// client to the receiving node's IP, so the app and its logs see node IPs.
import type { Finding, FixStep } from '../../model/finding';
import { httpReasons } from '../ports';
import { announcerFor, endpointSummary, finding, fixSteps, helmRelease, membersOf, nameOf, serviceSubject, suggestFreeIp, type ClusterRule } from '../rule';

export const rule: ClusterRule = {
  id: 'etp-cluster-snat',
  severity: 'warning',
  check(input) {
    const out: Finding[] = [];
    for (const lb of input.lb.loadBalancers) {
      const members = membersOf(input, lb);
      const shared = members.length > 1;
      for (const m of members) {
        if (m.lbs.externalTrafficPolicy !== 'Cluster' || m.lbs.state !== 'assigned') continue;
        const reasons = httpReasons(m.entry.view);
        if (reasons.length === 0) continue;
        const eps = input.lb.endpoints.get(m.key);
        const announcer = announcerFor(input, lb.ip, m.key);
        const ports = [...new Set(reasons.map((r) => r.port))];
        const announcerNote = announcer
          ? m.lbs.endpointNodes.includes(announcer.node)
            ? `; announcer ${announcer.node} also forwards to pods on other nodes`
            : `; announcer ${announcer.node} runs none of them, so every request is forwarded and SNATed`
          : '';
        const free = suggestFreeIp(input, lb);
        const target = free ?? '<free IP from the pool>';
        const ns = m.lbs.namespace;
        const name = m.lbs.name;
        const patchEtp = `kubectl -n ${ns} patch svc ${name} -p '{"spec":{"externalTrafficPolicy":"Local"}}'`;
        const helm = helmRelease(m.entry.view);
        const moveIp = `kubectl -n ${ns} annotate svc ${name} metallb.io/allow-shared-ip- metallb.io/loadBalancerIPs=${target} --overwrite`;
        const steps: FixStep[] = shared
          ? [
              { text: `Move it to its own IP first, then switch to ETP=Local — flipping ETP in place on the shared ${lb.ip} makes MetalLB refuse it (shared-ip-mixed-etp)${free ? ` (${free} is free in pool ${lb.pool})` : ''}`, command: moveIp },
              { text: 'Then switch it to ETP=Local', command: patchEtp },
              { text: 'Then point DNS and tunnels at the new IP (see lb-ip-referenced).' },
            ]
          : [{ text: 'Switch it to ETP=Local', command: patchEtp }];
        if (helm) steps.push({ text: `It is managed by Helm (release ${helm.release}): make the same change in values (e.g. service.spec.externalTrafficPolicy=Local${shared ? `, service.annotations metallb.io/loadBalancerIPs=${target} and no metallb.io/allow-shared-ip` : ''}) and helm upgrade, or the next upgrade reverts it.` });
        steps.push({ text: `ETP=Local has a cost: only nodes with a ready ${name} pod can receive traffic, so run 2+ replicas on different nodes. Alternative that keeps ETP=Cluster: an external HAProxy sending the PROXY protocol (edgelens haproxy) with proxyProtocol.trustedIPs on the entrypoints.` });
        out.push(
          finding(rule, {
            subjects: [serviceSubject(m.lbs)],
            ip: lb.ip,
            message: `${nameOf(m.lbs)} serves HTTP(S) (${ports.join(', ')}) on ${lb.ip} with externalTrafficPolicy=Cluster: clients arrive with a node's IP instead of their own (${endpointSummary(eps)}${announcerNote}).`,
            evidence: [
              `Service ${nameOf(m.lbs)}: type LoadBalancer, externalTrafficPolicy=Cluster, ports ${m.lbs.ports.join(', ')}`,
              ...reasons.map((r) => `${r.port}: ${r.reason}`),
              ...(announcer ? [announcer.evidence] : []),
              ...(shared ? [`${lb.ip} is shared with ${members.length - 1} other Service${members.length > 2 ? 's' : ''} (sharing key ${m.lbs.sharingKey ?? '(none)'})`] : []),
            ],
            why: 'With ETP=Cluster kube-proxy source-NATs each external connection to the IP of the node that received it. Access logs, IP allowlists, rate limits and CrowdSec then see a handful of node addresses instead of real clients: one abusive client cannot be told apart from everyone else, and blocking it blocks a node.',
            ...fixSteps(steps),
          }),
        );
      }
    }
    return out;
  },
};
