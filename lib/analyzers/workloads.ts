// Which workloads and pods stand behind a Service: Deployments/StatefulSets/
// DaemonSets whose pod template the selector matches, and the pods its
// EndpointSlices point at.
import type { Service } from '../model/kube';
import { objectKey, type Entry, type Inventory, type PodEntry, type Workload } from './inventory';
import { matchesServiceSelector } from './selectors';

export function backendWorkloads(inv: Inventory, svc: Service): Array<Entry<Workload>> {
  const ns = svc.metadata.namespace ?? 'default';
  const candidates = inv.workloadsByNamespace.get(ns);
  if (!candidates || !svc.spec.selector) return [];
  return candidates.filter((w) => matchesServiceSelector(w.view.spec.template.metadata?.labels, svc.spec.selector));
}

/** Pods named by the Service's EndpointSlices (ready or not), deduplicated. */
export function backendPods(inv: Inventory, svc: Service): PodEntry[] {
  const ns = svc.metadata.namespace ?? 'default';
  const seen = new Set<string>();
  const out: PodEntry[] = [];
  if (inv.pods.size === 0) return out;
  for (const { view } of inv.slicesByService.get(objectKey(ns, svc.metadata.name)) ?? []) {
    for (const ep of view.endpoints ?? []) {
      const ref = ep.targetRef;
      if (!ref?.name || (ref.kind && ref.kind !== 'Pod')) continue;
      const key = objectKey(ref.namespace ?? ns, ref.name);
      if (seen.has(key)) continue;
      seen.add(key);
      const pod = inv.pods.get(key);
      if (pod) out.push(pod);
    }
  }
  return out;
}
