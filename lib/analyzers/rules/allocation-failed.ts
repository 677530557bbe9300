// A LoadBalancer Service MetalLB did not give an address: an AllocationFailed
// event, or an empty status.loadBalancer.ingress that is not just "still new".
import type { Finding, FixStep } from '../../model/finding';
import {
  assignedIps,
  eventTimeText,
  handledByMetalLB,
  isLoadBalancer,
  metallbAnnotation,
  newestEvent,
  requestedIps,
  serviceEvents,
  sharingKey,
  trafficPolicy,
} from '../inventory';
import { finding, fixSteps, plural, serviceSubject, type ClusterRule } from '../rule';

/** A Service younger than this without an event is probably still being allocated. */
const GRACE_MS = 60_000;

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
      if (!isLoadBalancer(svc) || !handledByMetalLB(svc) || assignedIps(svc).length > 0) continue;
      const ns = svc.metadata.namespace ?? 'default';
      const failed = newestEvent(serviceEvents(input.inventory, svc), 'AllocationFailed');
      const created = Date.parse(svc.metadata.creationTimestamp ?? '');
      if (!failed && !Number.isNaN(created) && ctx.now.getTime() - created < GRACE_MS) continue;
      const wanted = requestedIps(svc);
      const ip = wanted[0];
      const ipAnn = metallbAnnotation(svc.metadata, 'loadBalancerIPs');
      const evidence = [`Service ${ns}/${svc.metadata.name}: status.loadBalancer.ingress is empty`];
      if (failed) {
        evidence.push(`Event AllocationFailed (${failed.source?.component ?? failed.reportingComponent ?? 'metallb'}) ×${failed.count ?? 1}, last ${eventTimeText(failed)}: ${failed.message ?? ''}`);
      }
      if (ipAnn) evidence.push(`annotation ${ipAnn.key}=${ipAnn.value}`);
      if (svc.spec.loadBalancerIP) evidence.push(`spec.loadBalancerIP=${svc.spec.loadBalancerIP}`);
      evidence.push(`externalTrafficPolicy=${trafficPolicy(svc)}, sharing key ${sharingKey(svc) ?? '(none)'}`);
      if (ipAnn && svc.spec.loadBalancerIP) evidence.push('spec.loadBalancerIP and metallb.io/loadBalancerIPs are both set, which MetalLB rejects');
      const what = wanted.length > 0 ? `${wanted.join(', ')}` : 'an address';
      out.push(
        finding(rule, {
          subjects: [serviceSubject({ namespace: ns, name: svc.metadata.name })],
          ...(ip ? { ip } : {}),
          message: failed
            ? `${ns}/${svc.metadata.name} has no external IP: MetalLB refused ${what} (AllocationFailed, ${plural(failed.count ?? 1, 'time')}, last at ${eventTimeText(failed)}).`
            : `${ns}/${svc.metadata.name} is a LoadBalancer with no external IP (asks for ${what}); no AllocationFailed event is left to say why.`,
          evidence,
          why: `Without an ingress IP nothing outside the cluster reaches ${ns}/${svc.metadata.name}: no node answers ARP for it${ip ? `, and clients of ${ip} reach only the other Services on that IP, or nothing` : ''}.`,
          ...fixSteps(fixFor(failed?.message ?? '', ns, svc.metadata.name, ip)),
        }),
      );
    }
    return out;
  },
};
