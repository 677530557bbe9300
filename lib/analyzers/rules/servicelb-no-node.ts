// k3s ServiceLB publishes a Service on the nodes that run a ready svclb pod (for
// ETP=Local: and a ready endpoint). When none qualifies the ingress list is empty
// and k3s records a Warning UnAvailableLoadBalancer "There are no available nodes
// for LoadBalancer" (k3s pkg/cloudprovider/servicelb.go getStatus/patchStatus).
import type { Finding } from '../../model/finding';
import { assignedIps, eventTimeText, isLoadBalancer, newestEvent, serviceEvents, serviceKey, trafficPolicy } from '../inventory';
import { SVCLB_ENABLE_LABEL } from '../lb/servicelb';
import { endpointEvidence, finding, serviceSubject, type ClusterRule } from '../rule';

const GRACE_MS = 60_000;

export const rule: ClusterRule = {
  id: 'servicelb-no-node',
  severity: 'error',
  check(input, ctx) {
    const out: Finding[] = [];
    const inv = input.inventory;
    for (const [key, { view: svc }] of inv.services) {
      if (!isLoadBalancer(svc) || assignedIps(svc).length > 0) continue;
      if (input.lb.implementations.get(key)?.adapter.id !== 'servicelb') continue;
      const event = newestEvent(serviceEvents(inv, svc), 'UnAvailableLoadBalancer');
      const created = Date.parse(svc.metadata.creationTimestamp ?? '');
      if (!event && !Number.isNaN(created) && ctx.now.getTime() - created < GRACE_MS) continue;
      const ns = svc.metadata.namespace ?? 'default';
      const etp = trafficPolicy(svc);
      const eps = input.lb.endpoints.get(key);
      const pods = inv.svclbPods.get(key) ?? [];
      const running = pods.filter((p) => p.phase === 'Running');
      const pending = pods.filter((p) => p.phase === 'Pending');
      const ds = inv.svclbDaemonSets.get(key)?.[0]?.view;
      const labelled = [...inv.nodes.values()].filter((n) => n.view.metadata.labels?.[SVCLB_ENABLE_LABEL] !== undefined);
      const evidence = [`Service ${serviceKey(svc)}: status.loadBalancer.ingress is empty, externalTrafficPolicy=${etp}`];
      if (event) evidence.push(`Event UnAvailableLoadBalancer ×${event.count ?? 1}, last ${eventTimeText(event)}: ${event.message ?? ''}`);
      if (ds) evidence.push(`DaemonSet ${ds.metadata.namespace ?? 'kube-system'}/${ds.metadata.name}: ServiceLB's pods for ${serviceKey(svc)}`);
      for (const p of pods) evidence.push(`Pod ${p.namespace}/${p.name}: ${p.phase ?? 'unknown phase'}${p.node ? ` on ${p.node}` : ''}`);
      if (etp === 'Local') evidence.push(...endpointEvidence(key, eps));
      if (labelled.length > 0) evidence.push(`nodes labelled ${SVCLB_ENABLE_LABEL}: ${labelled.map((n) => `${n.view.metadata.name}=${n.view.metadata.labels?.[SVCLB_ENABLE_LABEL] ?? ''}`).join(', ')}`);
      const readyNodes = eps?.nodes ?? [];
      const svclbNodes = running.flatMap((p) => (p.node ? [p.node] : []));
      let cause: string;
      let fix: string;
      if (pods.length > 0 && running.length === 0 && pending.length > 0) {
        cause = 'its svclb pods are Pending (a hostPort of one of its ports is already taken on every node, see shared-ip-port-conflict)';
        fix = `Free the port: give ${ns}/${svc.metadata.name} a port no other ServiceLB Service uses (kubectl -n ${ns} edit svc ${svc.metadata.name}), or disable the Service that holds it; then check kubectl -n kube-system get pods -l ${'svccontroller.k3s.cattle.io/svcname'}=${svc.metadata.name} -o wide.`;
      } else if (etp === 'Local' && (eps?.ready.length ?? 0) === 0) {
        cause = 'it is ETP=Local and has no ready endpoint, so no node qualifies';
        fix = `Get a ready pod behind ${ns}/${svc.metadata.name} (kubectl -n ${ns} get pods -o wide; check its readiness probe); ServiceLB then publishes that pod's node.`;
      } else if (etp === 'Local' && svclbNodes.length > 0 && !readyNodes.some((n) => svclbNodes.includes(n))) {
        cause = `it is ETP=Local and its pods run on ${readyNodes.join(', ')}, where no svclb pod runs (svclb pods on ${svclbNodes.join(', ')})`;
        fix = `Let ServiceLB run on the pods' nodes (kubectl label node ${readyNodes[0] ?? 'NODE'} ${SVCLB_ENABLE_LABEL}=true), or schedule the pods onto ${svclbNodes.join(', ')}; or use externalTrafficPolicy=Cluster (every svclb node then forwards).`;
      } else {
        cause = 'no node runs a ready svclb pod for it';
        fix = `Check the svclb pods (kubectl -n kube-system get pods -l svccontroller.k3s.cattle.io/svcname=${svc.metadata.name} -o wide) and the ${SVCLB_ENABLE_LABEL} node labels: once any node is labelled, only nodes labelled true run svclb pods.`;
      }
      out.push(
        finding(rule, {
          subjects: [serviceSubject({ namespace: ns, name: svc.metadata.name })],
          message: `${ns}/${svc.metadata.name} is published on no node by k3s ServiceLB: ${cause}.`,
          evidence,
          why: 'k3s ServiceLB lists in status.loadBalancer.ingress the addresses of the nodes that accept the Service (a ready svclb pod there, and for ETP=Local a ready endpoint). With none, no node listens on its ports and clients reach nothing.',
          fix,
        }),
      );
    }
    return out;
  },
};
