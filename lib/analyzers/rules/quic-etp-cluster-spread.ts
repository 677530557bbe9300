// QUIC over an ETP=Cluster LB with several endpoints: kube-proxy balances per
// UDP flow, so a QUIC connection whose 4-tuple changes lands on another pod.
import type { Finding } from '../../model/finding';
import { adapterOf } from '../load-balancers';
import { quicPorts } from '../ports';
import { announcerFor, endpointEvidence, finding, fixSteps, membersOf, nameOf, serviceSubject, suggestFreeIp, type ClusterRule } from '../rule';

export const rule: ClusterRule = {
  id: 'quic-etp-cluster-spread',
  severity: 'warning',
  check(input) {
    const out: Finding[] = [];
    for (const lb of input.lb.loadBalancers) {
      for (const m of membersOf(input, lb)) {
        if (m.lbs.externalTrafficPolicy !== 'Cluster' || m.lbs.state !== 'assigned' || m.lbs.readyEndpoints < 2) continue;
        const udp = quicPorts(m.entry.view);
        if (udp.length === 0) continue;
        const affinity = (m.entry.raw as { spec?: { sessionAffinity?: unknown } }).spec?.sessionAffinity;
        if (affinity === 'ClientIP') continue; // one client stays on one pod
        const eps = input.lb.endpoints.get(m.key);
        const ports = udp.map((p) => `UDP/${p.port}${p.name ? ` (${p.name})` : ''}`).join(', ');
        const free = suggestFreeIp(input, lb);
        const shared = lb.services.length > 1;
        const adapter = adapterOf(lb);
        const ownIp = adapter.sharing.keyAnnotation
          ? `${adapter.words.ipRequest}=${free ?? '<free IP>'}, no ${adapter.sharing.keyAnnotation}`
          : `${adapter.words.ipRequest}=${free ?? '<free IP>'}`;
        out.push(
          finding(rule, {
            subjects: [serviceSubject(m.lbs)],
            ip: lb.ip,
            message: `${nameOf(m.lbs)} serves ${ports} on ${lb.ip} with externalTrafficPolicy=Cluster across ${m.lbs.readyEndpoints} ready endpoints on ${m.lbs.endpointNodes.length} node${m.lbs.endpointNodes.length === 1 ? '' : 's'} (${m.lbs.endpointNodes.join(', ')}): packets of one QUIC connection can reach different pods.`,
            evidence: [
              `Service ${nameOf(m.lbs)}: externalTrafficPolicy=Cluster, sessionAffinity ${typeof affinity === 'string' ? affinity : 'None'}, ports ${m.lbs.ports.join(', ')}`,
              ...endpointEvidence(m.key, eps),
              ...(announcerFor(input, lb.ip, m.key) ? [announcerFor(input, lb.ip, m.key)?.evidence ?? ''] : []),
            ],
            why: 'kube-proxy picks a pod per UDP flow (source IP and port) and remembers it only in conntrack. When a client\'s NAT rebinds its port, it moves between networks, or the idle UDP entry expires, the next QUIC packet is sent to another pod that has no state for the connection: HTTP/3 stalls and the browser falls back to TCP after a timeout. With ETP=Cluster the announcing node also SNATs the traffic.',
            ...fixSteps([
              { text: `Prefer ETP=Local for this Service${shared ? ` on an IP of its own (it shares ${lb.ip}; ${ownIp})` : ''}: traffic then stays on the announcing node's pod.` },
              { text: 'Or pin clients (keeps a client IP on one pod, but not across client IP changes)', command: `kubectl -n ${m.lbs.namespace} patch svc ${m.lbs.name} -p '{"spec":{"sessionAffinity":"ClientIP"}}'` },
            ]),
          }),
        );
      }
    }
    return out;
  },
};
