// Which kube-proxy health checks would confirm a finding: for every ETP=Local LoadBalancer
// Service with a healthCheckNodePort and a known announcer, the announcer node's address and
// that port. Pure: the server decides whether to ask (opt-in, live clusters only).
import type { ClusterReport, ClusterSnapshot } from '../model/cluster';
import { serviceSchema } from '../model/kube';

export interface HealthCheckTargetPlan {
  service: { namespace: string; name: string };
  node: string;
  address: string;
  port: number;
}

export function healthCheckTargets(snapshot: ClusterSnapshot, report: ClusterReport): HealthCheckTargetPlan[] {
  const hcPort = new Map<string, number>();
  for (const o of snapshot.objects) {
    if (o.kind !== 'Service') continue;
    const r = serviceSchema.safeParse(o);
    if (r.success && r.data.spec.healthCheckNodePort !== undefined) hcPort.set(`${r.data.metadata.namespace ?? 'default'}/${r.data.metadata.name}`, r.data.spec.healthCheckNodePort);
  }
  const addressOf = new Map(report.nodes.map((n) => [n.name, n.addresses[0]]));
  const out: HealthCheckTargetPlan[] = [];
  const seen = new Set<string>();
  for (const lb of report.loadBalancers) {
    const node = lb.announcer?.node;
    if (!node) continue;
    const address = addressOf.get(node);
    if (!address) continue;
    for (const s of lb.services) {
      const port = hcPort.get(`${s.namespace}/${s.name}`);
      const key = `${s.namespace}/${s.name}@${node}`;
      if (s.externalTrafficPolicy !== 'Local' || port === undefined || seen.has(key)) continue;
      seen.add(key);
      out.push({ service: { namespace: s.namespace, name: s.name }, node, address, port });
    }
  }
  return out;
}
