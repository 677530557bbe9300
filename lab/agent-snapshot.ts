// A small cluster snapshot (a Kubernetes List, the shape `kubectl get … -o yaml` prints) for the
// agent tests: N nodes, one ETP=Local LoadBalancer Service on `vip` with a healthCheckNodePort,
// its EndpointSlice (endpoint on `endpointNode`), and MetalLB's ServiceL2Status naming the
// announcing node. Field shapes as in lab/scenarios/*.yaml (from real clusters).
import { dump } from 'js-yaml';

export interface AgentSnapshotOptions {
  nodes: ReadonlyArray<{ name: string; ip: string }>;
  vip: string;
  announcer: string;
  endpointNode: string;
  healthCheckNodePort: number;
  namespace?: string;
  name?: string;
}

export function agentSnapshotYaml(o: AgentSnapshotOptions): string {
  const ns = o.namespace ?? 'web';
  const name = o.name ?? 'app';
  const items: unknown[] = [
    ...o.nodes.map((n) => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: n.name, labels: { 'kubernetes.io/hostname': n.name } },
      spec: {},
      status: { addresses: [{ type: 'InternalIP', address: n.ip }, { type: 'Hostname', address: n.name }], conditions: [{ type: 'Ready', status: 'True' }] },
    })),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: ns, annotations: { 'metallb.io/ip-allocated-from-pool': 'lab', 'metallb.io/loadBalancerIPs': o.vip } },
      spec: {
        type: 'LoadBalancer',
        clusterIP: '10.43.20.20',
        externalTrafficPolicy: 'Local',
        healthCheckNodePort: o.healthCheckNodePort,
        ports: [
          { name: 'websecure', port: 443, protocol: 'TCP', targetPort: 8443, nodePort: 30443 },
          { name: 'websecure-http3', port: 443, protocol: 'UDP', targetPort: 8443, nodePort: 30443 },
        ],
        selector: { app: name },
      },
      status: { loadBalancer: { ingress: [{ ip: o.vip, ipMode: 'VIP' }] } },
    },
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: `${name}-abcde`, namespace: ns, labels: { 'kubernetes.io/service-name': name } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['10.42.1.15'], conditions: { ready: true, serving: true, terminating: false }, nodeName: o.endpointNode, targetRef: { kind: 'Pod', name: `${name}-7d9f-x1`, namespace: ns } }],
      ports: [{ name: 'websecure', port: 8443, protocol: 'TCP' }],
    },
    {
      apiVersion: 'metallb.io/v1beta1',
      kind: 'ServiceL2Status',
      metadata: {
        name: 'l2-x7k2p',
        namespace: 'metallb-system',
        labels: { 'metallb.io/node': o.announcer, 'metallb.io/service-name': name, 'metallb.io/service-namespace': ns },
      },
      spec: {},
      status: { node: o.announcer, serviceName: name, serviceNamespace: ns, interfaces: [{ name: 'eth0' }] },
    },
  ];
  return dump({ apiVersion: 'v1', kind: 'List', items, metadata: { resourceVersion: '' } }, { noRefs: true });
}
