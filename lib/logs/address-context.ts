// What the classifier needs to know about a cluster (node addresses, pod
// ranges, LoadBalancer VIPs), read from Kubernetes objects: a snapshot file or
// a live read. Pure, and free of zod on purpose: `edgelens logs` loads it on
// its fast path.
import type { KubeObject } from '../model/kube';
import type { AddressContext } from '../model/logs';

type Rec = Record<string, unknown>;

function rec(v: unknown): Rec | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : null;
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

function push(set: Set<string>, v: unknown): void {
  const s = str(v);
  if (s) set.add(s);
}

/**
 * Node InternalIP/ExternalIP addresses and spec.podCIDR(s); pod IPs of pods
 * that are not on the host network (those carry the node's address); the
 * ingress IPs and requested IPs of LoadBalancer Services.
 */
export function addressContextFromObjects(objects: readonly KubeObject[]): AddressContext {
  const nodeIPs = new Set<string>();
  const podCIDRs = new Set<string>();
  const lbIPs = new Set<string>();
  const podIPs = new Set<string>();
  // address → what it is, to name the peer that forwarded requests (a cloudflared pod, a node).
  const names: Record<string, string> = {};
  const name = (v: unknown, what: string): void => {
    const s = str(v);
    if (s && !(s in names)) names[s] = what;
  };
  for (const o of objects) {
    const ns = o.metadata.namespace;
    const id = `${ns ? `${ns}/` : ''}${o.metadata.name}`;
    const spec = rec(o.spec);
    const status = rec(o.status);
    if (o.kind === 'Node') {
      for (const a of list(status?.addresses)) {
        const addr = rec(a);
        if (addr && (addr.type === 'InternalIP' || addr.type === 'ExternalIP')) {
          push(nodeIPs, addr.address);
          name(addr.address, `node ${id}`);
        }
      }
      const cidrs = list(spec?.podCIDRs);
      if (cidrs.length > 0) cidrs.forEach((c) => push(podCIDRs, c));
      else push(podCIDRs, spec?.podCIDR);
    } else if (o.kind === 'Pod') {
      if (spec?.hostNetwork === true) continue;
      const ips = list(status?.podIPs);
      if (ips.length > 0) ips.forEach((p) => push(podIPs, rec(p)?.ip));
      else push(podIPs, status?.podIP);
      if (ips.length > 0) ips.forEach((p) => name(rec(p)?.ip, `pod ${id}`));
      else name(status?.podIP, `pod ${id}`);
    } else if (o.kind === 'Service') {
      if (spec?.type !== 'LoadBalancer') continue;
      for (const i of list(rec(status?.loadBalancer)?.ingress)) push(lbIPs, rec(i)?.ip);
      push(lbIPs, spec.loadBalancerIP);
    }
  }
  return { nodeIPs: [...nodeIPs], podCIDRs: [...podCIDRs], lbIPs: [...lbIPs], podIPs: [...podIPs], names };
}

/** Union of several contexts (flags on top of a snapshot), without duplicates, in first-seen order. */
export function mergeAddressContexts(...contexts: ReadonlyArray<Partial<AddressContext> | undefined>): AddressContext {
  const merge = (pick: (c: Partial<AddressContext>) => readonly string[] | undefined): string[] => [
    ...new Set(contexts.flatMap((c) => (c ? [...(pick(c) ?? [])] : []))),
  ];
  const names: Record<string, string> = {};
  for (const c of contexts) for (const [k, v] of Object.entries(c?.names ?? {})) if (!(k in names)) names[k] = v;
  return {
    nodeIPs: merge((c) => c.nodeIPs),
    podCIDRs: merge((c) => c.podCIDRs),
    lbIPs: merge((c) => c.lbIPs),
    podIPs: merge((c) => c.podIPs),
    ...(Object.keys(names).length > 0 ? { names } : {}),
  };
}
