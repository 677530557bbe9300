// A LoadBalancer Service its implementation did not give an address: the
// implementation's own refusal signal (MetalLB/PureLB AllocationFailed event,
// Cilium's IPAMRequestSatisfied=False condition, the cloud-provider
// SyncLoadBalancerFailed event for kube-vip-cloud-provider), or an empty
// status.loadBalancer.ingress that is not just "still new". k3s ServiceLB never
// allocates (servicelb-no-node covers it); an unknown implementation is not judged.
import type { Finding, FixStep } from '../../model/finding';
import { assignedIps, isLoadBalancer, metallbAnnotation, serviceKey, sharingKey, trafficPolicy } from '../inventory';
import { metallb } from '../lb/metallb';
import { finding, fixSteps, serviceSubject, type ClusterRule } from '../rule';

/** A Service younger than this without a refusal is probably still being allocated. */
const GRACE_MS = 60_000;

/** MetalLB's fix as steps (other implementations word theirs with their adapter's refusalFix). */
function fixFor(message: string, ns: string, name: string, ip: string | undefined): FixStep[] {
  const verify: FixStep = { text: 'MetalLB retries by itself; check that the Service got its IP', command: `kubectl -n ${ns} get svc ${name} -o jsonpath='{.status.loadBalancer.ingress}'` };
  if (/sharing key|in use by|does not match existing/i.test(message)) {
    return [
      { text: `The Service is not compatible with the others on ${ip ?? 'the IP'} (see the shared-ip-* findings). Give it its own IP (replace <free IP>), or instead make it match them (same sharing key and externalTrafficPolicy)`, command: `kubectl -n ${ns} annotate svc ${name} metallb.io/allow-shared-ip- metallb.io/loadBalancerIPs=<free IP> --overwrite` },
      verify,
    ];
  }
  if (/port .* already in use/i.test(message)) {
    return [{ text: `Another Service on ${ip ?? 'the IP'} already uses that port: change this Service's port or move it to its own IP (metallb.io/loadBalancerIPs).` }, verify];
  }
  if (/no available|pool|not allowed|does not belong/i.test(message)) {
    return [{ text: 'Request an address from a pool that has room (metallb.io/address-pool, or a free IP of an IPAddressPool in metallb.io/loadBalancerIPs), or grow the pool.' }, verify];
  }
  return [
    { text: "Read the controller's reason", command: `kubectl -n metallb-system logs deploy/controller | grep ${name}` },
    { text: 'Fix the request (metallb.io/loadBalancerIPs, metallb.io/address-pool, metallb.io/allow-shared-ip).' },
    verify,
  ];
}

export const rule: ClusterRule = {
  id: 'allocation-failed',
  severity: 'error',
  check(input, ctx) {
    const out: Finding[] = [];
    for (const { view: svc } of input.inventory.services.values()) {
      if (!isLoadBalancer(svc) || assignedIps(svc).length > 0) continue;
      const detection = input.lb.implementations.get(serviceKey(svc));
      const adapter = detection?.adapter ?? metallb;
      if (adapter.sharing.nodePorts || adapter.id === 'unknown') continue;
      const w = adapter.words;
      const ns = svc.metadata.namespace ?? 'default';
      const refusal = adapter.refusal(input.inventory, svc);
      const created = Date.parse(svc.metadata.creationTimestamp ?? '');
      if (!refusal && !Number.isNaN(created) && ctx.now.getTime() - created < GRACE_MS) continue;
      // Without a refusal, judge the silence only where the allocator is known to run (MetalLB keeps its historic default):
      // a class naming Cilium in a cluster where no LB-IPAM pool was read may be served by something else.
      if (!refusal && adapter.id !== 'metallb' && adapter.presence(input.inventory) === null) continue;
      const wanted = adapter.requestedIps(svc);
      const ip = wanted[0];
      const evidence = [`Service ${ns}/${svc.metadata.name}: status.loadBalancer.ingress is empty`];
      if (refusal) evidence.push(...refusal.evidence);
      if (adapter.id === 'metallb') {
        const ipAnn = metallbAnnotation(svc.metadata, 'loadBalancerIPs');
        if (ipAnn) evidence.push(`annotation ${ipAnn.key}=${ipAnn.value}`);
        if (svc.spec.loadBalancerIP) evidence.push(`spec.loadBalancerIP=${svc.spec.loadBalancerIP}`);
        evidence.push(`externalTrafficPolicy=${trafficPolicy(svc)}, sharing key ${sharingKey(svc) ?? '(none)'}`);
        if (ipAnn && svc.spec.loadBalancerIP) evidence.push('spec.loadBalancerIP and metallb.io/loadBalancerIPs are both set, which MetalLB rejects');
      } else {
        if (wanted.length > 0) evidence.push(`asks for ${wanted.join(', ')} (${w.ipRequest})`);
        evidence.push(`externalTrafficPolicy=${trafficPolicy(svc)}, ${adapter.sharingKeyText(svc)}`);
      }
      if (detection && detection.claim.how !== 'default') evidence.push(`handled by ${adapter.name}: ${detection.claim.evidence}`);
      const what = wanted.length > 0 ? `${wanted.join(', ')}` : 'an address';
      out.push(
        finding(rule, {
          subjects: [serviceSubject({ namespace: ns, name: svc.metadata.name })],
          ...(ip ? { ip } : {}),
          message: refusal
            ? `${ns}/${svc.metadata.name} has no external IP: ${w.allocator} refused ${what} (${refusal.summary}).`
            : `${ns}/${svc.metadata.name} is a LoadBalancer with no external IP (asks for ${what}); no ${adapter.sharing.refusalSignal} is left to say why.`,
          evidence,
          why: `Without an ingress IP nothing outside the cluster reaches ${ns}/${svc.metadata.name}: no node answers ARP for it${ip ? `, and clients of ${ip} reach only the other Services on that IP, or nothing` : ''}.`,
          ...(adapter.id === 'metallb'
            ? fixSteps(fixFor(refusal?.text ?? '', ns, svc.metadata.name, ip))
            : fixSteps([{ text: w.refusalFix(refusal?.text ?? '', ns, svc.metadata.name, ip) }])),
        }),
      );
    }
    return out;
  },
};
