// Small helpers the adapters share: annotation IP lists, Lease holders, newest events.
import type { KubeEvent, Lease, Service } from '../../model/kube';
import { eventTimeText, newestEvent, serviceEvents, type Entry, type Inventory } from '../inventory';
import type { AnnouncerDetail, Refusal } from './types';

/** Comma list of IPs in an annotation, plus spec.loadBalancerIP, de-duplicated. */
export function ipsFromAnnotation(svc: Service, annotation: string): string[] {
  const out: string[] = [];
  for (const part of (svc.metadata.annotations?.[annotation] ?? '').split(',')) {
    const ip = part.trim();
    if (ip && !out.includes(ip)) out.push(ip);
  }
  const field = svc.spec.loadBalancerIP?.trim();
  if (field && !out.includes(field)) out.push(field);
  return out;
}

export function annotationValue(svc: Service, key: string): string | null {
  const v = svc.metadata.annotations?.[key]?.trim();
  return v ? v : null;
}

/** The holder a Lease names, as an announcer; null when the lease is free (holderIdentity empty). */
export function leaseAnnouncer(entry: Entry<Lease>, what: string): AnnouncerDetail | null {
  const lease = entry.view;
  const node = lease.spec?.holderIdentity?.trim();
  if (!node) return null;
  const ns = lease.metadata.namespace ?? 'default';
  const renewed = lease.spec?.renewTime ? `, renewed ${lease.spec.renewTime}` : '';
  return {
    node,
    source: 'lease',
    object: `Lease ${ns}/${lease.metadata.name}`,
    subject: { kind: 'Lease', namespace: ns, name: lease.metadata.name },
    evidence: `Lease ${ns}/${lease.metadata.name}: holderIdentity ${node}${renewed} (${what})`,
  };
}

/** Leases with this exact name, in any namespace (the implementation's namespace is a deployment choice). */
export function leasesNamed(inv: Inventory, name: string): Array<Entry<Lease>> {
  const out = [...(inv.leasesByName.get(name) ?? [])];
  return out.sort((a, b) => ((a.view.metadata.namespace ?? '') < (b.view.metadata.namespace ?? '') ? -1 : 1));
}

/** The newest event of `reason` on the Service as a refusal. */
export function eventRefusal(inv: Inventory, svc: Service, reason: string, fallbackComponent: string): Refusal | null {
  const e: KubeEvent | null = newestEvent(serviceEvents(inv, svc), reason);
  if (!e) return null;
  const count = e.count ?? 1;
  return {
    summary: `${reason}, ${count} ${count === 1 ? 'time' : 'times'}, last at ${eventTimeText(e)}`,
    text: e.message ?? '',
    evidence: [`Event ${reason} (${e.source?.component ?? e.reportingComponent ?? fallbackComponent}) ×${count}, last ${eventTimeText(e)}: ${e.message ?? ''}`],
  };
}
