// Two Services on one IP cannot both take the same port. What "the same port" is
// depends on the implementation: MetalLB, PureLB and k3s ServiceLB compare
// protocol/port (TCP/443 and UDP/443 do not clash); Cilium LB-IPAM and
// kube-vip-cloud-provider compare the port number alone. k3s ServiceLB publishes
// every Service on the node addresses, so all its Services form one group.
import type { Finding } from '../../model/finding';
import { adapterOf } from '../load-balancers';
import type { LbAdapter } from '../lb/index';
import { finding, fixSteps, listNames, membersOf, nameOf, serviceSubject, type ClusterRule, type LbMember, type RuleInput } from '../rule';

interface Group {
  where: string;
  ip: string;
  adapter: LbAdapter;
  members: LbMember[];
}

function groups(input: RuleInput): Group[] {
  const out: Group[] = [];
  const nodeShared = new Map<string, Group>();
  for (const lb of input.lb.loadBalancers) {
    const adapter = adapterOf(lb);
    if (adapter.sharing.nodePorts) {
      const g = nodeShared.get(adapter.id) ?? { where: 'the node addresses', ip: '', adapter, members: [] };
      g.members.push(...membersOf(input, lb));
      nodeShared.set(adapter.id, g);
      continue;
    }
    if (lb.services.length < 2) continue;
    out.push({ where: lb.ip, ip: lb.ip, adapter, members: membersOf(input, lb) });
  }
  // ServiceLB Services that no node publishes (the later one of a clash) have no entry: add them from the detection.
  for (const [key, d] of input.lb.implementations) {
    if (!d.adapter.sharing.nodePorts) continue;
    const g = nodeShared.get(d.adapter.id) ?? { where: 'the node addresses', ip: '', adapter: d.adapter, members: [] };
    if (g.members.some((m) => m.key === key)) continue;
    const entry = input.inventory.services.get(key);
    if (!entry) continue;
    const svc = entry.view;
    const eps = input.lb.endpoints.get(key);
    g.members.push({
      key,
      entry,
      lbs: {
        namespace: svc.metadata.namespace ?? 'default',
        name: svc.metadata.name,
        externalTrafficPolicy: svc.spec.externalTrafficPolicy ?? 'Cluster',
        sharingKey: null,
        ports: svc.spec.ports.map((p) => `${p.protocol}/${p.port}`),
        readyEndpoints: eps?.ready.length ?? 0,
        endpointNodes: eps?.nodes ?? [],
        state: 'requested',
      },
    });
    nodeShared.set(d.adapter.id, g);
  }
  return [...out, ...nodeShared.values()];
}

function portsOf(m: LbMember, by: 'protocol/port' | 'port'): string[] {
  return [...new Set(m.lbs.ports.map((p) => (by === 'port' ? `port ${p.slice(p.indexOf('/') + 1)}` : p)))];
}

function whyFor(g: Group, port: string): string {
  const w = g.adapter.words;
  if (g.adapter.sharing.nodePorts) {
    return `${w.allocator} runs one svclb pod per Service on each node with a hostPort for every port, so two Services cannot both take ${port}: the later Service's svclb pods stay Pending on every node where the port is taken, and that Service is published on fewer nodes, or none.`;
  }
  const numberOnly = g.adapter.sharing.portKey === 'port' ? ` ${w.allocator} compares the port number alone, so TCP and UDP on one port clash too.` : '';
  return `An IP can deliver ${port} to only one Service. ${w.allocator} refuses the later Service (${w.refusedAs}), so it gets no external IP; if both were admitted earlier, kube-proxy sends ${port} to whichever rule wins and the other Service silently loses that port.${numberOnly}`;
}

export const rule: ClusterRule = {
  id: 'shared-ip-port-conflict',
  severity: 'error',
  check(input) {
    const out: Finding[] = [];
    for (const g of groups(input)) {
      const users = new Map<string, LbMember[]>();
      for (const m of g.members) {
        for (const port of portsOf(m, g.adapter.sharing.portKey)) users.set(port, [...(users.get(port) ?? []), m]);
      }
      for (const [port, ms] of [...users].sort(([a], [b]) => (a < b ? -1 : 1))) {
        if (ms.length < 2) continue;
        const names = ms.map((m) => nameOf(m.lbs));
        const second = ms[1];
        out.push(
          finding(rule, {
            subjects: ms.map((m) => serviceSubject(m.lbs)),
            ...(g.ip ? { ip: g.ip } : {}),
            message: `${port} on ${g.where} is claimed by ${ms.length} Services: ${listNames(names)}.`,
            evidence: ms.map((m) => `Service ${nameOf(m.lbs)}: ports ${m.lbs.ports.join(', ')}${m.lbs.state === 'requested' ? (g.adapter.sharing.nodePorts ? ' (published on no node)' : ' (no IP assigned)') : ''}`),
            why: whyFor(g, port),
            ...fixSteps(
              g.adapter.sharing.nodePorts
                ? [
                    { text: `Keep ${port} on one Service and give the other${ms.length > 2 ? 's' : ''} (${listNames(names.slice(1))}) another port`, command: `kubectl -n ${second?.lbs.namespace ?? 'NS'} edit svc ${second?.lbs.name ?? 'NAME'}` },
                    { text: 'Or restrict them to different nodes (node label svccontroller.k3s.cattle.io/enablelb=true plus svccontroller.k3s.cattle.io/lbpool on nodes and Services).' },
                  ]
                : [
                    {
                      text: `Keep ${port} on one Service and move the other${ms.length > 2 ? 's' : ''} (${listNames(names.slice(1))}) to a different port or to an IP of ${ms.length > 2 ? 'their' : 'its'} own (${g.adapter.words.ipRequest}), e.g.`,
                      command: `kubectl -n ${second?.lbs.namespace ?? 'NS'} edit svc ${second?.lbs.name ?? 'NAME'}`,
                    },
                  ],
            ),
          }),
        );
      }
    }
    return out;
  },
};
