// An HTTP(S) LoadBalancer with ETP=Cluster: kube-proxy SNATs every external
// client to the receiving node's IP, so the app and its logs see node IPs.
// k3s ServiceLB masquerades in its svclb pod whatever the policy (klipper-lb
// `entry`): the app sees the svclb pod's address, and ETP=Local does not help.
import type { Finding, FixStep } from '../../model/finding';
import { adapterOf } from '../load-balancers';
import { httpReasons } from '../ports';
import { announcerFor, endpointSummary, finding, fixSteps, helmRelease, membersOf, nameOf, serviceSubject, suggestFreeIp, type ClusterRule, type LbMember, type RuleInput } from '../rule';

/** ServiceLB: the svclb pods that masquerade, named as the address the app sees. */
function serviceLbFinding(input: RuleInput, m: LbMember, ports: string[], reasons: Array<{ port: string; reason: string }>): Finding {
  const pods = input.inventory.svclbPods.get(m.key) ?? [];
  const held = input.lb.holders.get(m.key);
  const podText = pods.length > 0 ? pods.map((p) => `${p.name}${p.ip ? ` ${p.ip}` : ''}${p.node ? ` on ${p.node}` : ''}`).join(', ') : 'the svclb pods';
  // No `ip`: ServiceLB publishes node addresses, none of which is the Service's own.
  return finding(rule, {
    subjects: [serviceSubject(m.lbs)],
    message: `${nameOf(m.lbs)} serves HTTP(S) (${ports.join(', ')}) through k3s ServiceLB: the svclb pod masquerades every connection (ServiceLB masquerade), so the app sees the svclb pod's address (class pod), not the client's, whatever the externalTrafficPolicy (here ${m.lbs.externalTrafficPolicy}).`,
    evidence: [
      `Service ${nameOf(m.lbs)}: type LoadBalancer, externalTrafficPolicy=${m.lbs.externalTrafficPolicy}, ports ${m.lbs.ports.join(', ')}`,
      ...reasons.map((r) => `${r.port}: ${r.reason}`),
      ...(held?.evidence ?? []),
      ...(pods.length > 0 ? [`svclb pods (the SNAT source): ${podText}`] : []),
    ],
    why: `k3s ServiceLB publishes the Service on each node with a hostPort in an svclb pod (klipper-lb), which DNATs to the ClusterIP (ETP=Local: to the node's own address and nodePort) and MASQUERADEs. Access logs, allowlists and CrowdSec then see ${podText} instead of real clients. externalTrafficPolicy=Local only limits which nodes publish the Service; it does not remove the masquerade.`,
    ...fixSteps([{ text: `There is no ServiceLB setting that keeps the client address. Ways out, each with its cost: (1) disable ServiceLB (k3s server --disable=servicelb) and run an L2 load balancer (MetalLB, kube-vip) with externalTrafficPolicy=Local — one more component to run, and ETP=Local needs a ready pod on the announcing node; (2) bind the proxy to the node directly (Traefik hostNetwork or hostPort with the Service as ClusterIP) — pins it to chosen nodes, no failover address; (3) keep ServiceLB and put a PROXY-protocol hop in front (edgelens haproxy) with proxyProtocol.trustedIPs — an extra hop to run. Restrict which nodes run svclb pods with the node label svccontroller.k3s.cattle.io/enablelb=true.` }]),
  });
}

export const rule: ClusterRule = {
  id: 'etp-cluster-snat',
  severity: 'warning',
  check(input) {
    const out: Finding[] = [];
    for (const lb of input.lb.loadBalancers) {
      const adapter = adapterOf(lb);
      const members = membersOf(input, lb);
      const shared = members.length > 1 && !adapter.sharing.nodePorts;
      for (const m of members) {
        if (adapter.sharing.nodePorts) {
          const reasons = httpReasons(m.entry.view);
          if (reasons.length > 0 && m.lbs.state === 'assigned') out.push(serviceLbFinding(input, m, [...new Set(reasons.map((r) => r.port))], reasons));
          continue;
        }
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
        const steps: FixStep[] = [];
        if (adapter.id === 'metallb') {
          // MetalLB: i13's steps, one command each.
          const moveIp = `kubectl -n ${ns} annotate svc ${name} metallb.io/allow-shared-ip- metallb.io/loadBalancerIPs=${target} --overwrite`;
          steps.push(...(shared
            ? [
                { text: `Move it to its own IP first, then switch to ETP=Local — flipping ETP in place on the shared ${lb.ip} makes MetalLB refuse it (shared-ip-mixed-etp)${free ? ` (${free} is free in pool ${lb.pool})` : ''}`, command: moveIp },
                { text: 'Then switch it to ETP=Local', command: patchEtp },
                { text: 'Then point DNS and tunnels at the new IP (see lb-ip-referenced).' },
              ]
            : [{ text: 'Switch it to ETP=Local', command: patchEtp }]));
          if (helm) steps.push({ text: `It is managed by Helm (release ${helm.release}): make the same change in values (e.g. service.spec.externalTrafficPolicy=Local${shared ? `, service.annotations metallb.io/loadBalancerIPs=${target} and no metallb.io/allow-shared-ip` : ''}) and helm upgrade, or the next upgrade reverts it.` });
          steps.push({ text: `ETP=Local has a cost: only nodes with a ready ${name} pod can receive traffic, so run 2+ replicas on different nodes. Alternative that keeps ETP=Cluster: an external HAProxy sending the PROXY protocol (edgelens haproxy) with proxyProtocol.trustedIPs on the entrypoints.` });
        } else {
          const w = adapter.words;
          if (!shared) steps.push({ text: 'Switch it to ETP=Local', command: patchEtp });
          else if (adapter.sharing.etpMustMatch) {
            steps.push({ text: `Move it to its own IP first, then switch to ETP=Local — flipping ETP in place on the shared ${lb.ip} makes ${w.allocator} refuse it (shared-ip-mixed-etp): ${w.ownIp(ns, name, target)} && ${patchEtp}${free ? ` (${free} is free in pool ${lb.pool})` : ''}. Then point DNS and tunnels at the new IP (see lb-ip-referenced).` });
          } else {
            steps.push({ text: `${patchEtp}; check the other Services on ${lb.ip} still work (with ETP=Local the holder of ${lb.ip} must run a pod of each), or move it first: ${w.ownIp(ns, name, target)}.` });
          }
          if (helm) steps.push({ text: `It is managed by Helm (release ${helm.release}): make the same change in values (e.g. service.spec.externalTrafficPolicy=Local${shared ? `, service.annotations ${w.ipRequest}=${target}${adapter.sharing.keyAnnotation ? ` and no ${adapter.sharing.keyAnnotation}` : ''}` : ''}) and helm upgrade, or the next upgrade reverts it.` });
          if (!w.endpointAware) steps.push({ text: `${adapter.name} picks the node that answers for ${lb.ip} without looking at pods, so under ETP=Local that node must run a pod (see etp-local-announcer-without-endpoint).` });
          steps.push({ text: `ETP=Local has a cost: only nodes with a ready ${name} pod can receive traffic, so run 2+ replicas on different nodes. Alternative that keeps ETP=Cluster: an external HAProxy sending the PROXY protocol (edgelens haproxy) with proxyProtocol.trustedIPs on the entrypoints.` });
        }
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
