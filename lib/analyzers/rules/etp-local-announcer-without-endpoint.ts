// ETP=Local: only nodes with a ready local endpoint deliver traffic. If the node
// answering ARP for the IP has none, every packet to the IP is dropped there.
// For every implementation with a single holder (MetalLB's speaker, Cilium's and
// kube-vip's Lease holder, PureLB's announcing node); the adapter words the fix.
import type { Finding } from '../../model/finding';
import type { HealthCheckObservation } from '../../model/cluster';
import { adapterOf } from '../load-balancers';
import { announcerFor, endpointEvidence, endpointSummary, finding, fixSteps, membersOf, nameOf, plural, serviceSubject, type ClusterRule } from '../rule';

export const rule: ClusterRule = {
  id: 'etp-local-announcer-without-endpoint',
  severity: 'error',
  check(input, ctx) {
    const out: Finding[] = [];
    for (const lb of input.lb.loadBalancers) {
      const adapter = adapterOf(lb);
      for (const m of membersOf(input, lb)) {
        if (m.lbs.externalTrafficPolicy !== 'Local' || m.lbs.state !== 'assigned') continue;
        const announcer = announcerFor(input, lb.ip, m.key);
        if (!announcer) continue;
        if (m.lbs.endpointNodes.includes(announcer.node)) continue;
        const eps = input.lb.endpoints.get(m.key);
        const hc = m.entry.view.spec.healthCheckNodePort;
        const none = m.lbs.readyEndpoints === 0;
        // What kube-proxy on the announcer said, if edgelens asked it; otherwise only a prediction.
        const observed = ctx.healthChecks?.find((h) => h.node === announcer.node && h.service.namespace === m.lbs.namespace && h.service.name === m.lbs.name);
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
              `Service ${nameOf(m.lbs)}: externalTrafficPolicy=Local${hc ? `, healthCheckNodePort ${hc}` : ''}`,
              ...(observed ? [healthCheckEvidence(observed)] : []),
            ],
            why: `With externalTrafficPolicy=Local a node hands traffic only to pods running on itself. ${announcer.node} answers ARP for ${lb.ip} but runs no ready pod of ${nameOf(m.lbs)}, so clients of ${lb.ip} time out (${endpointSummary(eps)}).${adapter.id === 'metallb' ? '' : ` ${adapter.words.election}.`}${
              hc && !observed
                ? ` kube-proxy on ${announcer.node} would answer 503 on healthCheckNodePort ${hc} (not asked: EDGELENS_CHECK_HEALTH_NODE_PORTS=true lets the server check it).`
                : ''
            }`,
            ...fixSteps(
              adapter.id !== 'metallb'
                ? none && adapter.words.endpointAware
                  ? [{ text: `Get a ready pod behind ${nameOf(m.lbs)} first (check its readiness probe); ${adapter.words.allocator} then announces from that pod's node`, command: `kubectl -n ${m.lbs.namespace} get pods -o wide` }]
                  : [{ text: adapter.words.announcerWithoutEndpoint({ svc: m.lbs, ip: lb.ip, holder: announcer, pool: lb.pool ?? null }) }]
                : none
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

/** "GET http://10.0.20.104:32394/healthz → 503, localEndpoints 0 (kube-proxy on k8s-node4, 2026-…)" */
export function healthCheckEvidence(h: HealthCheckObservation): string {
  const host = h.address.includes(':') ? `[${h.address}]` : h.address;
  const answer =
    h.status === null
      ? `no answer (${h.error ?? 'unknown error'})`
      : `${h.status}${h.localEndpoints !== null ? `, localEndpoints ${h.localEndpoints}` : ''}${h.serviceProxyHealthy === false ? ', serviceProxyHealthy false' : ''}`;
  return `GET http://${host}:${h.port}${h.path} → ${answer} (kube-proxy health check on ${h.node}, asked by edgelens at ${h.at})`;
}
