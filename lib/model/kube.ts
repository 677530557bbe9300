// Raw Kubernetes objects as kubectl prints them, and the narrow typed views the
// analyzers read. Schemas keep only what edgelens uses; the raw object is kept
// beside the view so rules such as lb-ip-referenced can search all of it.
import { z } from 'zod';

export const metadataSchema = z.looseObject({
  name: z.string(),
  namespace: z.string().optional(),
  uid: z.string().optional(),
  resourceVersion: z.string().optional(),
  creationTimestamp: z.string().nullish(),
  labels: z.record(z.string(), z.string()).nullish(),
  annotations: z.record(z.string(), z.string()).nullish(),
});
export type ObjectMeta = z.infer<typeof metadataSchema>;

/** Any object from a `kubectl get -o yaml` List: only apiVersion/kind/metadata are required. */
export const kubeObjectSchema = z.looseObject({
  apiVersion: z.string(),
  kind: z.string(),
  metadata: metadataSchema,
});
export type KubeObject = z.infer<typeof kubeObjectSchema>;

/** metav1.Condition, as controllers write it in status.conditions. */
export const conditionSchema = z.object({
  type: z.string(),
  status: z.string(),
  reason: z.string().nullish(),
  message: z.string().nullish(),
  lastTransitionTime: z.string().nullish(),
});
export type Condition = z.infer<typeof conditionSchema>;

export const servicePortSchema = z.object({
  name: z.string().optional(),
  protocol: z.enum(['TCP', 'UDP', 'SCTP']).default('TCP'),
  port: z.number().int(),
  targetPort: z.union([z.number(), z.string()]).optional(),
  nodePort: z.number().int().optional(),
  appProtocol: z.string().optional(),
});
export type ServicePort = z.infer<typeof servicePortSchema>;

export const serviceSchema = z.object({
  kind: z.literal('Service'),
  metadata: metadataSchema,
  spec: z.object({
    type: z.string().default('ClusterIP'),
    externalTrafficPolicy: z.enum(['Cluster', 'Local']).optional(),
    loadBalancerIP: z.string().optional(),
    loadBalancerClass: z.string().optional(),
    healthCheckNodePort: z.number().optional(),
    selector: z.record(z.string(), z.string()).nullish(),
    ports: z.array(servicePortSchema).default([]),
    clusterIP: z.string().optional(),
  }),
  status: z
    .object({
      loadBalancer: z
        .object({
          ingress: z.array(z.object({ ip: z.string().optional(), hostname: z.string().optional(), ipMode: z.string().optional() })).nullish(),
        })
        .nullish(),
      /** Cilium LB-IPAM reports a refused request here (condition cilium.io/IPAMRequestSatisfied). */
      conditions: z.array(conditionSchema).nullish(),
    })
    .nullish(),
});
export type Service = z.infer<typeof serviceSchema>;

export const endpointSliceSchema = z.object({
  kind: z.literal('EndpointSlice'),
  metadata: metadataSchema,
  addressType: z.string().default('IPv4'),
  endpoints: z
    .array(
      z.object({
        addresses: z.array(z.string()).default([]),
        conditions: z.object({ ready: z.boolean().nullish(), serving: z.boolean().nullish(), terminating: z.boolean().nullish() }).nullish(),
        nodeName: z.string().nullish(),
        targetRef: z.object({ kind: z.string().optional(), name: z.string().optional(), namespace: z.string().optional() }).nullish(),
      }),
    )
    .nullish(),
  ports: z.array(z.object({ name: z.string().nullish(), port: z.number().nullish(), protocol: z.string().nullish() })).nullish(),
});
export type EndpointSlice = z.infer<typeof endpointSliceSchema>;

export const nodeSchema = z.object({
  kind: z.literal('Node'),
  metadata: metadataSchema,
  spec: z.object({ podCIDR: z.string().optional(), podCIDRs: z.array(z.string()).optional() }).nullish(),
  status: z.object({ addresses: z.array(z.object({ type: z.string(), address: z.string() })).nullish() }).nullish(),
});
export type Node = z.infer<typeof nodeSchema>;

export const podSchema = z.object({
  kind: z.literal('Pod'),
  metadata: metadataSchema,
  spec: z.object({ nodeName: z.string().optional(), containers: z.array(z.looseObject({ name: z.string() })).optional() }).nullish(),
  status: z
    .object({
      phase: z.string().optional(),
      podIP: z.string().optional(),
      podIPs: z.array(z.object({ ip: z.string() })).nullish(),
      hostIP: z.string().optional(),
    })
    .nullish(),
});
export type Pod = z.infer<typeof podSchema>;

export const eventSchema = z.object({
  kind: z.literal('Event'),
  metadata: metadataSchema,
  type: z.string().optional(),
  reason: z.string().optional(),
  message: z.string().optional(),
  involvedObject: z.object({ kind: z.string().optional(), namespace: z.string().optional(), name: z.string().optional() }),
  source: z.object({ component: z.string().optional(), host: z.string().optional() }).nullish(),
  reportingComponent: z.string().optional(),
  firstTimestamp: z.string().nullish(),
  lastTimestamp: z.string().nullish(),
  eventTime: z.string().nullish(),
  count: z.number().optional(),
});
export type KubeEvent = z.infer<typeof eventSchema>;

export const serviceL2StatusSchema = z.object({
  kind: z.literal('ServiceL2Status'),
  metadata: metadataSchema,
  status: z
    .object({
      node: z.string().optional(),
      serviceName: z.string().optional(),
      serviceNamespace: z.string().optional(),
      interfaces: z.array(z.object({ name: z.string() })).nullish(),
    })
    .nullish(),
});
export type ServiceL2Status = z.infer<typeof serviceL2StatusSchema>;

const labelSelectorSchema = z.object({
  matchLabels: z.record(z.string(), z.string()).nullish(),
  matchExpressions: z.array(z.object({ key: z.string(), operator: z.string(), values: z.array(z.string()).nullish() })).nullish(),
});
export type LabelSelector = z.infer<typeof labelSelectorSchema>;

export const l2AdvertisementSchema = z.object({
  kind: z.literal('L2Advertisement'),
  metadata: metadataSchema,
  spec: z
    .object({
      ipAddressPools: z.array(z.string()).nullish(),
      ipAddressPoolSelectors: z.array(labelSelectorSchema).nullish(),
      nodeSelectors: z.array(labelSelectorSchema).nullish(),
      interfaces: z.array(z.string()).nullish(),
      serviceSelectors: z.array(labelSelectorSchema).nullish(),
    })
    .nullish(),
});
export type L2Advertisement = z.infer<typeof l2AdvertisementSchema>;

export const ipAddressPoolSchema = z.object({
  kind: z.literal('IPAddressPool'),
  metadata: metadataSchema,
  spec: z.object({ addresses: z.array(z.string()).default([]), autoAssign: z.boolean().nullish() }).nullish(),
});
export type IPAddressPool = z.infer<typeof ipAddressPoolSchema>;

/** coordination.k8s.io/v1 Lease: Cilium's and kube-vip's election locks name the announcing node. */
export const leaseSchema = z.object({
  kind: z.literal('Lease'),
  metadata: metadataSchema,
  spec: z
    .object({
      holderIdentity: z.string().nullish(),
      leaseDurationSeconds: z.number().nullish(),
      acquireTime: z.string().nullish(),
      renewTime: z.string().nullish(),
    })
    .nullish(),
});
export type Lease = z.infer<typeof leaseSchema>;

/** cilium.io/v2alpha1 CiliumL2AnnouncementPolicy (pkg/k8s/apis/cilium.io/v2alpha1/l2announcement_types.go). */
export const ciliumL2PolicySchema = z.object({
  kind: z.literal('CiliumL2AnnouncementPolicy'),
  metadata: metadataSchema,
  spec: z
    .object({
      nodeSelector: labelSelectorSchema.nullish(),
      serviceSelector: labelSelectorSchema.nullish(),
      loadBalancerIPs: z.boolean().nullish(),
      externalIPs: z.boolean().nullish(),
      interfaces: z.array(z.string()).nullish(),
    })
    .nullish(),
});
export type CiliumL2Policy = z.infer<typeof ciliumL2PolicySchema>;

/** CiliumLoadBalancerIPPool: `blocks` (cidr or start/stop); Cilium ≤ 1.14 spelled it `cidrs`. */
const ciliumBlockSchema = z.object({ cidr: z.string().nullish(), start: z.string().nullish(), stop: z.string().nullish() });
export const ciliumPoolSchema = z.object({
  kind: z.literal('CiliumLoadBalancerIPPool'),
  metadata: metadataSchema,
  spec: z
    .object({
      blocks: z.array(ciliumBlockSchema).nullish(),
      cidrs: z.array(ciliumBlockSchema).nullish(),
      serviceSelector: labelSelectorSchema.nullish(),
      disabled: z.boolean().nullish(),
    })
    .nullish(),
});
export type CiliumPool = z.infer<typeof ciliumPoolSchema>;

/** The kinds edgelens reads, with how to find them in the API. */
export const KINDS = [
  { kind: 'Service', group: '', version: 'v1', plural: 'services', namespaced: true },
  { kind: 'EndpointSlice', group: 'discovery.k8s.io', version: 'v1', plural: 'endpointslices', namespaced: true },
  { kind: 'Node', group: '', version: 'v1', plural: 'nodes', namespaced: false },
  { kind: 'Pod', group: '', version: 'v1', plural: 'pods', namespaced: true },
  { kind: 'Event', group: '', version: 'v1', plural: 'events', namespaced: true },
  { kind: 'ConfigMap', group: '', version: 'v1', plural: 'configmaps', namespaced: true },
  { kind: 'Deployment', group: 'apps', version: 'v1', plural: 'deployments', namespaced: true },
  { kind: 'ServiceL2Status', group: 'metallb.io', version: 'v1beta1', plural: 'servicel2statuses', namespaced: true },
  { kind: 'L2Advertisement', group: 'metallb.io', version: 'v1beta1', plural: 'l2advertisements', namespaced: true },
  { kind: 'IPAddressPool', group: 'metallb.io', version: 'v1beta1', plural: 'ipaddresspools', namespaced: true },
  // Traefik Middlewares, for the CrowdSec bouncer plugin's trust settings (traefik.containo.us: Traefik v2 before 2.10).
  { kind: 'Middleware', group: 'traefik.io', version: 'v1alpha1', plural: 'middlewares', namespaced: true },
  { kind: 'Middleware', group: 'traefik.containo.us', version: 'v1alpha1', plural: 'middlewares', namespaced: true },
  // Holders of other load balancers: Cilium and kube-vip elect through Leases, k3s ServiceLB runs a DaemonSet per Service.
  { kind: 'Lease', group: 'coordination.k8s.io', version: 'v1', plural: 'leases', namespaced: true },
  { kind: 'DaemonSet', group: 'apps', version: 'v1', plural: 'daemonsets', namespaced: true },
  { kind: 'CiliumL2AnnouncementPolicy', group: 'cilium.io', version: 'v2alpha1', plural: 'ciliuml2announcementpolicies', namespaced: false },
  { kind: 'CiliumLoadBalancerIPPool', group: 'cilium.io', version: 'v2alpha1', plural: 'ciliumloadbalancerippools', namespaced: false },
] as const;
export type KindName = (typeof KINDS)[number]['kind'];
export type KindInfo = (typeof KINDS)[number];
