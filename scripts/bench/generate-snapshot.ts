// A large, plausible cluster for the analyzer benchmark: nodes, Services (one in
// five a MetalLB LoadBalancer, several sharing an IP), EndpointSlices, pods and
// Deployments behind the LoadBalancers, ServiceL2Statuses, events, and
// ConfigMaps that mention LB IPs. Pure and deterministic for a given seed.
import { dump } from 'js-yaml';
import type { ClusterSnapshot } from '../../lib/model/cluster';
import type { KubeObject } from '../../lib/model/kube';
import { mulberry32 } from '../../lab/prng';

export interface LargeSnapshotOptions {
  nodes: number;
  services: number;
  slicesPerService: number;
  seed: number;
  /** Endpoints in each EndpointSlice (default 2). */
  endpointsPerSlice?: number;
}

const ALNUM = 'bcdfghjklmnpqrstvwxz2456789';

function ipv4(n: number): string {
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
}

/** Builds the objects as `kubectl get ... -o json` would list them (plain JSON values, no shared references). */
export function generateLargeSnapshot(opts: LargeSnapshotOptions): ClusterSnapshot {
  const rand = mulberry32(opts.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const suffix = (n: number): string => Array.from({ length: n }, () => pick([...ALNUM])).join('');
  let serial = 0;
  const uid = (): string => {
    serial++;
    const h = serial.toString(16).padStart(12, '0');
    return `00000000-0000-4000-8000-${h}`;
  };
  const perSlice = opts.endpointsPerSlice ?? 2;
  const objects: KubeObject[] = [];
  const created = '2025-06-01T10:00:00Z';

  const nodeNames: string[] = [];
  for (let i = 0; i < opts.nodes; i++) {
    const name = `node-${String(i + 1).padStart(4, '0')}`;
    nodeNames.push(name);
    objects.push({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        uid: uid(),
        resourceVersion: String(1000 + i),
        creationTimestamp: created,
        labels: {
          'kubernetes.io/hostname': name,
          'kubernetes.io/os': 'linux',
          'topology.kubernetes.io/zone': `zone-${i % 3}`,
          ...(i % 10 === 0 ? { 'node-role.kubernetes.io/edge': '' } : {}),
        },
      },
      spec: { podCIDR: `10.${128 + (i >> 8)}.${i & 255}.0/24`, podCIDRs: [`10.${128 + (i >> 8)}.${i & 255}.0/24`] },
      status: { addresses: [{ type: 'InternalIP', address: ipv4(0x0a010000 + i + 1) }, { type: 'Hostname', address: name }] },
    });
  }

  // Every node renews a Lease in kube-node-lease; kube-proxy and MetalLB's speaker are DaemonSets.
  for (const name of nodeNames) {
    objects.push({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name, namespace: 'kube-node-lease', uid: uid(), resourceVersion: '1', creationTimestamp: created },
      spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: '2025-11-20T09:59:50.000000Z' },
    });
  }
  for (const [ns, name, image] of [
    ['kube-system', 'kube-proxy', 'registry.k8s.io/kube-proxy:v1.32.0'],
    ['metallb-system', 'speaker', 'quay.io/metallb/speaker:v0.14.9'],
    ['kube-system', 'kube-vip', 'ghcr.io/kube-vip/kube-vip:v0.8.9'],
  ] as const) {
    objects.push({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name, namespace: ns, uid: uid(), resourceVersion: '1', creationTimestamp: created, labels: { 'app.kubernetes.io/name': name } },
      spec: { selector: { matchLabels: { 'app.kubernetes.io/name': name } }, template: { metadata: { labels: { 'app.kubernetes.io/name': name } }, spec: { hostNetwork: true, containers: [{ name, image }] } } },
    });
  }

  objects.push({
    apiVersion: 'metallb.io/v1beta1',
    kind: 'IPAddressPool',
    metadata: { name: 'bench', namespace: 'metallb-system', uid: uid(), resourceVersion: '1', creationTimestamp: created },
    spec: { addresses: ['10.200.0.0/16'], autoAssign: true },
  });
  objects.push({
    apiVersion: 'metallb.io/v1beta1',
    kind: 'L2Advertisement',
    metadata: { name: 'bench-l2', namespace: 'metallb-system', uid: uid(), resourceVersion: '2', creationTimestamp: created },
    spec: { ipAddressPools: ['bench'], nodeSelectors: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['zone-0', 'zone-1'] }] }] },
  });

  const lbIps: string[] = [];
  let ipCursor = 0x0ac80000 + 10; // 10.200.0.10
  let groupLeft = 0;
  let groupKey = '';
  let groupIp = '';
  const namespaces = Math.max(1, Math.ceil(opts.services / 50));

  for (let s = 0; s < opts.services; s++) {
    const ns = `ns-${String(s % namespaces).padStart(3, '0')}`;
    const name = `svc-${String(s).padStart(5, '0')}`;
    const app = { 'app.kubernetes.io/name': name };
    const isLb = s % 5 === 0;
    const web = s % 3 === 0;
    const quic = isLb && s % 15 === 0;
    const local = isLb && s % 4 === 0;
    const ports = [
      web ? { name: 'https', port: 443, protocol: 'TCP', targetPort: 8443 } : { name: 'tcp', port: 7000 + (s % 1000), protocol: 'TCP', targetPort: 7000 },
      ...(quic ? [{ name: 'https-http3', port: 443, protocol: 'UDP', targetPort: 8443 }] : []),
    ];
    const annotations: Record<string, string> = {};
    let ingress: Array<{ ip: string; ipMode: string }> = [];
    // One LoadBalancer in five goes to kube-vip (class, per-Service Lease): the adapters and Lease lookups run at scale.
    const kubeVip = isLb && s % 25 === 5;
    if (kubeVip) {
      const ip = ipv4(0x0ac90000 + s); // 10.201.x.y, kube-vip-cloud-provider's range
      annotations['kube-vip.io/loadbalancerIPs'] = ip;
      ingress = [{ ip, ipMode: 'VIP' }];
      objects.push({
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: `kubevip-${name}`, namespace: ns, uid: uid(), resourceVersion: '1', creationTimestamp: created },
        spec: { holderIdentity: pick(nodeNames), leaseDurationSeconds: 5, renewTime: '2025-11-20T09:59:58.000000Z' },
      });
    } else if (isLb) {
      if (groupLeft === 0) {
        groupIp = ipv4(ipCursor++);
        groupKey = `key-${groupIp}`;
        groupLeft = 1 + Math.floor(rand() * 4);
        lbIps.push(groupIp);
      }
      groupLeft--;
      annotations['metallb.io/loadBalancerIPs'] = groupIp;
      annotations['metallb.io/allow-shared-ip'] = groupKey;
      const refused = s % 97 === 0;
      if (!refused) {
        annotations['metallb.io/ip-allocated-from-pool'] = 'bench';
        ingress = [{ ip: groupIp, ipMode: 'VIP' }];
      } else {
        objects.push(event(ns, name, 'Warning', 'AllocationFailed', `Failed to allocate IP for "${ns}/${name}": can't change sharing key for "${ns}/${name}", address also in use by ${ns}/other`, 'metallb-controller', uid()));
      }
    }
    objects.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: ns, uid: uid(), resourceVersion: String(5000 + s), creationTimestamp: created, labels: kubeVip ? { ...app, implementation: 'kube-vip' } : app, ...(isLb ? { annotations } : {}) },
      spec: {
        type: isLb ? 'LoadBalancer' : 'ClusterIP',
        clusterIP: ipv4(0x0a600000 + s + 2),
        ...(isLb ? { externalTrafficPolicy: local ? 'Local' : 'Cluster' } : {}),
        ...(kubeVip ? { loadBalancerClass: 'kube-vip.io/kube-vip-class' } : {}),
        ports,
        selector: app,
        sessionAffinity: 'None',
      },
      status: { loadBalancer: ingress.length > 0 ? { ingress } : {} },
    });

    const endpointNodes: string[] = [];
    for (let k = 0; k < opts.slicesPerService; k++) {
      const endpoints = Array.from({ length: perSlice }, (_, e) => {
        const node = pick(nodeNames);
        endpointNodes.push(node);
        return {
          addresses: [ipv4(0x0a800000 + ((s * opts.slicesPerService + k) * perSlice + e) + 1)],
          conditions: { ready: rand() > 0.05, serving: true, terminating: false },
          nodeName: node,
          targetRef: { kind: 'Pod', name: `${name}-${suffix(5)}`, namespace: ns, uid: uid() },
        };
      });
      // (metadata fields the model does not name, such as ownerReferences, ride along as in real output)
      const metadata = {
        name: `${name}-${suffix(5)}`,
        namespace: ns,
        uid: uid(),
        resourceVersion: String(9000 + s),
        creationTimestamp: created,
        generateName: `${name}-`,
        labels: { 'kubernetes.io/service-name': name, 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' },
        ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name, uid: 'owner', controller: true }],
      };
      objects.push({
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        addressType: 'IPv4',
        metadata,
        endpoints,
        ports: ports.map((p) => ({ name: p.name, port: p.targetPort, protocol: p.protocol })),
      });
    }

    if (isLb) {
      const containerPorts = [
        { name: 'https', containerPort: web ? 8443 : 7000, protocol: 'TCP' },
        ...(web && s % 10 === 0 ? [{ name: 'https-http3', containerPort: 8443, protocol: 'UDP' }] : []),
      ];
      objects.push({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace: ns, uid: uid(), resourceVersion: String(20000 + s), creationTimestamp: created, labels: app },
        spec: {
          replicas: opts.slicesPerService * perSlice,
          selector: { matchLabels: app },
          template: {
            metadata: { labels: app },
            spec: { containers: [{ name: 'app', image: 'registry.example/app:1.0', args: ['--listen=:8443'], env: [{ name: 'PEER', value: lbIps[Math.floor(rand() * lbIps.length)] ?? '' }], ports: containerPorts }] },
          },
        },
      });
      if (ingress.length > 0 && !kubeVip) {
        const announcer = pick(endpointNodes.length > 0 && rand() > 0.1 ? endpointNodes : nodeNames);
        objects.push({
          apiVersion: 'metallb.io/v1beta1',
          kind: 'ServiceL2Status',
          metadata: {
            name: `l2-${suffix(5)}`,
            namespace: 'metallb-system',
            uid: uid(),
            resourceVersion: String(30000 + s),
            creationTimestamp: created,
            labels: { 'metallb.io/node': announcer, 'metallb.io/service-name': name, 'metallb.io/service-namespace': ns },
          },
          spec: {},
          status: { node: announcer, serviceName: name, serviceNamespace: ns },
        });
        objects.push(event(ns, name, 'Normal', 'nodeAssigned', `announcing from node "${announcer}" with protocol "layer2"`, 'metallb-speaker', uid()));
      }
    }
  }

  // ConfigMaps: ~1 KB of text each, one in four naming an LB IP.
  const filler = 'upstream backend { server example.internal:8080 max_fails=3 fail_timeout=30s; }\n'.repeat(12);
  for (let c = 0; c < Math.ceil(opts.services / 10); c++) {
    const mention = c % 4 === 0 && lbIps.length > 0 ? `proxy_pass https://${pick(lbIps)}:443;\n` : '';
    objects.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `cm-${String(c).padStart(4, '0')}`, namespace: `ns-${String(c % namespaces).padStart(3, '0')}`, uid: uid(), resourceVersion: String(40000 + c), creationTimestamp: created },
      data: { 'nginx.conf': `${filler}${mention}# generated for ${opts.seed}\n` },
    });
  }
  return { source: 'snapshot', objects, gaps: [] };

  function event(ns: string, svc: string, type: string, reason: string, message: string, component: string, id: string): KubeObject {
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${svc}.${id.slice(-12)}`, namespace: ns, uid: id, resourceVersion: '1', creationTimestamp: '2025-11-20T09:00:00Z' },
      involvedObject: { apiVersion: 'v1', kind: 'Service', name: svc, namespace: ns },
      type,
      reason,
      message,
      source: { component },
      count: 1,
      firstTimestamp: '2025-11-20T09:00:00Z',
      lastTimestamp: '2025-11-20T09:30:00Z',
    };
  }
}

function asList(snapshot: ClusterSnapshot): { apiVersion: string; kind: string; metadata: { resourceVersion: string }; items: KubeObject[] } {
  return { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: snapshot.objects };
}

/** The snapshot as `kubectl get ... -o json` prints it. */
export function toListJson(snapshot: ClusterSnapshot): string {
  return `${JSON.stringify(asList(snapshot), null, 4)}\n`;
}

/** The snapshot as `kubectl get ... -o yaml` prints it (lists not indented under their key, like kubectl). */
export function toListYaml(snapshot: ClusterSnapshot): string {
  return dump(asList(snapshot), { seqNoIndent: true, sortKeys: true, noRefs: true, lineWidth: -1 });
}
