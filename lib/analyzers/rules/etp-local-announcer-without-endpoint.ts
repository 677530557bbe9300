// ETP=Local: only nodes with a ready local endpoint deliver traffic. If the node
// answering ARP for the IP has none, every packet to the IP is dropped there.
import type { Finding } from '../../model/finding';
import { announcerFor, endpointEvidence, endpointSummary, finding, fixSteps, membersOf, nameOf, plural, serviceSubject, type ClusterRule } from '../rule';

export const rule: ClusterRule = {
  id: 'etp-local-announcer-without-endpoint',
  severity: 'error',
  check(input) {
    const out: Finding[] = [];
    for (const lb of input.lb.loadBalancers) {
      for (const m of membersOf(input, lb)) {
        if (m.lbs.externalTrafficPolicy !== 'Local' || m.lbs.state !== 'assigned') continue;
        const announcer = announcerFor(input, lb.ip, m.key);
        if (!announcer) continue;
        if (m.lbs.endpointNodes.includes(announcer.node)) continue;
        const eps = input.lb.endpoints.get(m.key);
        const hc = m.entry.view.spec.healthCheckNodePort;
        const none = m.lbs.readyEndpoints === 0;
        out.push(
          finding(rule, {
            subjects: [serviceSubject(m.lbs), { kind: 'Node', name: announcer.node }],
            ip: lb.ip,
            message: none
              ? `${nameOf(m.lbs)} (ETP=Local) on ${lb.ip} is announced from ${announcer.node} but has no ready endpoint on any node: all traffic to it is dropped.`
              : `${nameOf(m.lbs)} (ETP=Local) on ${lb.ip} is announced from ${announcer.node}, which has no ready endpoint; its ${plural(m.lbs.readyEndpoints, 'ready endpoint')} ${m.lbs.readyEndpoints === 1 ? 'is' : 'are'} on ${m.lbs.endpointNodes.join(', ') || 'unknown nodes'}, so ${announcer.node} drops the traffic.`,
            evidence: [
              announcer.evidence,
              ...endpointEvidence(m.key, eps),
              `Service ${nameOf(m.lbs)}: externalTrafficPolicy=Local${hc ? `, healthCheckNodePort ${hc} answers 503 on ${announcer.node}` : ''}`,
            ],
            why: `With externalTrafficPolicy=Local a node hands traffic only to pods running on itself. ${announcer.node} answers ARP for ${lb.ip} but runs no ready pod of ${nameOf(m.lbs)}, so clients of ${lb.ip} time out (${endpointSummary(eps)}).`,
            ...fixSteps(
              none
                ? [
                    { text: `Get a ready pod behind ${nameOf(m.lbs)} first (check its readiness probe); MetalLB then announces from that pod's node`, command: `kubectl -n ${m.lbs.namespace} get pods -o wide` },
                  ]
                : [
                    {
                      text: `Make MetalLB announce from ${m.lbs.endpointNodes.length === 1 ? `${m.lbs.endpointNodes[0] ?? ''}, the node with the pod` : `one of ${m.lbs.endpointNodes.join(', ')}, the nodes with pods`}: check that a speaker runs there`,
                      command: 'kubectl -n metallb-system get pods -o wide -l app.kubernetes.io/component=speaker',
                    },
                    { text: `Check that an L2Advertisement of pool ${lb.pool ?? "(the IP's pool)"} selects ${m.lbs.endpointNodes.length === 1 ? 'that node' : 'those nodes'}`, command: 'kubectl -n metallb-system get l2advertisements.metallb.io -o yaml' },
                    { text: `Then restart the speaker on ${announcer.node}`, command: `kubectl -n metallb-system delete pod -l app.kubernetes.io/component=speaker --field-selector spec.nodeName=${announcer.node}` },
                    { text: 'Confirm the new announcer (ServiceL2Status, MetalLB ≥ 0.14.6, or the nodeAssigned event).' },
                  ],
            ),
          }),
        );
      }
    }
    return out;
  },
};
