// ETP=Local with exactly one ready endpoint: no failover, and the IP has to
// move (re-announce) every time that pod moves.
import type { Finding } from '../../model/finding';
import { adapterOf } from '../load-balancers';
import { backendWorkloads } from '../workloads';
import { endpointEvidence, finding, fixSteps, membersOf, nameOf, serviceSubject, type ClusterRule } from '../rule';

export const rule: ClusterRule = {
  id: 'etp-local-single-endpoint',
  severity: 'warning',
  check(input) {
    const out: Finding[] = [];
    for (const lb of input.lb.loadBalancers) {
      const adapter = adapterOf(lb);
      if (adapter.sharing.nodePorts) continue; // ServiceLB publishes node addresses: nothing is announced or moved
      for (const m of membersOf(input, lb)) {
        if (m.lbs.externalTrafficPolicy !== 'Local' || m.lbs.state !== 'assigned' || m.lbs.readyEndpoints !== 1) continue;
        const eps = input.lb.endpoints.get(m.key);
        const ep = eps?.ready[0];
        const owner = backendWorkloads(input.inventory, m.entry.view)[0]?.view;
        const scale = owner && owner.kind !== 'DaemonSet' ? `kubectl -n ${m.lbs.namespace} scale ${owner.kind.toLowerCase()}/${owner.metadata.name} --replicas=2` : null;
        out.push(
          finding(rule, {
            subjects: [serviceSubject(m.lbs)],
            ip: lb.ip,
            message: `${nameOf(m.lbs)} (ETP=Local) on ${lb.ip} has 1 ready endpoint (${ep?.name ?? '?'} on ${ep?.node ?? 'an unknown node'}): no failover, ${adapter.words.endpointAware ? 'and the IP follows that pod from node to node' : `and ${adapter.name} does not move the IP with it`}.`,
            evidence: [...endpointEvidence(m.key, eps), ...(owner ? [`${owner.kind} ${m.lbs.namespace}/${owner.metadata.name}: ${owner.spec.replicas ?? 1} replica${(owner.spec.replicas ?? 1) === 1 ? '' : 's'}`] : [])],
            why: adapter.words.endpointAware
              ? `Only the node running the pod may announce ${lb.ip}. When the pod restarts or is rescheduled, ${lb.ip} is unreachable until a new pod is ready and ${adapter.words.allocator} re-announces from its node (gratuitous ARP); clients with a stale ARP entry keep sending to the old node for a while.`
              : `Only the node running the pod can deliver ${lb.ip}, and ${adapter.name} does not follow the pod when it picks the node that answers for ${lb.ip}: whenever the pod and the holder are on different nodes, ${lb.ip} is unreachable (see etp-local-announcer-without-endpoint).`,
            ...fixSteps([
              scale
                ? { text: 'If the application can run twice, run 2 replicas and spread the pods over nodes (topologySpreadConstraints on kubernetes.io/hostname)', command: scale }
                : { text: 'Run 2+ replicas on different nodes if the application allows it.' },
              { text: 'For single-instance apps (mail, databases) accept the short outage on reschedule, or keep client IPs another way (ETP=Cluster behind a PROXY-protocol hop: edgelens haproxy).' },
            ]),
          }),
        );
      }
    }
    return out;
  },
};
