// Cilium's counterpart of l2-advertisement-excludes-endpoints: CiliumL2AnnouncementPolicy
// decides which Services are announced (serviceSelector, loadBalancerIPs) and which
// nodes may hold the Lease (nodeSelector). Judged only when policies were read.
import type { LoadBalancer } from '../../model/cluster';
import type { Finding, Subject } from '../../model/finding';
import { ciliumAllowedNodes, ciliumPoliciesFor } from '../lb/cilium';
import { describeLabelSelector } from '../selectors';
import { membersOf, nameOf, serviceSubject, type LbMember, type RuleInput } from '../rule';

export interface PolicyProblem {
  lb: LoadBalancer;
  member: LbMember;
  subjects: Subject[];
  message: string;
  evidence: string[];
  why: string;
  fix: string;
}

export function ciliumPolicyProblems(input: RuleInput): PolicyProblem[] {
  const inv = input.inventory;
  const out: PolicyProblem[] = [];
  if (inv.ciliumPolicies.length === 0 || inv.nodes.size === 0) return out; // "none" cannot be told from "not read"
  const describe = inv.ciliumPolicies.map((p) => {
    const s = p.view.spec;
    return `CiliumL2AnnouncementPolicy ${p.view.metadata.name}: serviceSelector ${s?.serviceSelector ? describeLabelSelector(s.serviceSelector) : '(all)'}, nodeSelector ${s?.nodeSelector ? describeLabelSelector(s.nodeSelector) : '(all)'}, loadBalancerIPs ${String(s?.loadBalancerIPs ?? false)}`;
  });
  for (const lb of input.lb.loadBalancers) {
    if (lb.implementation !== 'cilium') continue;
    for (const m of membersOf(input, lb)) {
      if (m.lbs.state !== 'assigned') continue;
      const svc = m.entry.view;
      if (svc.spec.loadBalancerClass === 'io.cilium/bgp-control-plane') continue; // announced by BGP, not L2
      const policies = ciliumPoliciesFor(inv, svc);
      if (policies.length === 0) {
        out.push({
          lb,
          member: m,
          subjects: [serviceSubject(m.lbs)],
          message: `No CiliumL2AnnouncementPolicy selects ${nameOf(m.lbs)} with loadBalancerIPs: true, so no node answers ARP for ${lb.ip}.`,
          evidence: describe,
          why: `Cilium announces a LoadBalancer IP over L2 only for Services a policy selects (serviceSelector matched against the Service's labels and io.kubernetes.service.namespace/name) with loadBalancerIPs: true. ${lb.ip} is allocated but unreachable from the LAN.`,
          fix: `Widen a policy's serviceSelector to match ${nameOf(m.lbs)} (e.g. add its label to the Service: kubectl -n ${m.lbs.namespace} label svc ${m.lbs.name} <key>=<value>) and set loadBalancerIPs: true (kubectl edit ciliuml2announcementpolicy ${policies[0]?.view.metadata.name ?? inv.ciliumPolicies[0]?.view.metadata.name ?? 'NAME'}).`,
        });
        continue;
      }
      if (m.lbs.externalTrafficPolicy !== 'Local' || m.lbs.endpointNodes.length === 0) continue;
      const allowed = ciliumAllowedNodes(inv, policies);
      if (allowed === null) continue;
      if (m.lbs.endpointNodes.some((n) => allowed.has(n) || !inv.nodes.has(n))) continue;
      out.push({
        lb,
        member: m,
        subjects: [serviceSubject(m.lbs), ...policies.map((p): Subject => ({ kind: 'CiliumL2AnnouncementPolicy', name: p.view.metadata.name }))],
        message: `${nameOf(m.lbs)} (ETP=Local) on ${lb.ip} has endpoints only on ${m.lbs.endpointNodes.join(', ')}, but its CiliumL2AnnouncementPolicy lets ${allowed.size === 0 ? 'no node' : [...allowed].sort().join(', ')} hold the Lease.`,
        evidence: describe.filter((_, i) => policies.some((p) => p === inv.ciliumPolicies[i])),
        why: `With ETP=Local only nodes running a ready pod deliver traffic, and every node the policy allows lacks one: whichever of them holds the Lease drops all traffic to ${lb.ip}.`,
        fix: `Make the policy's nodeSelector include ${m.lbs.endpointNodes.join(', ')} (kubectl edit ciliuml2announcementpolicy ${policies[0]?.view.metadata.name ?? ''}), or schedule ${nameOf(m.lbs)}'s pods onto ${allowed.size === 0 ? 'the selected nodes' : [...allowed].sort().join(', ')}.`,
      });
    }
  }
  return out;
}
