// The what-if planner: apply the changes the way MetalLB would, analyze the
// cluster before and after, and say what that resolves, what it breaks, what
// still points at the old IP (blast radius), and how to cut over safely.
// Pure: `now` comes from the caller. The result is the changed cluster's
// report plus `whatIf` (CONTRACT.md).
import type { BlastRadiusEntry, ClusterReport, ClusterSnapshot, LbService, WhatIfChange, WhatIfVerdict } from '../../model/cluster';
import type { Finding } from '../../model/finding';
import { analyzeCluster } from '../analyze-cluster';
import { buildInventory, objectKey } from '../inventory';
import { compareIps } from '../ip';
import { findIpReferences, type IpReference } from '../ip-references';
import { applyWhatIf } from './apply';
import { buildChecklist, type Move } from './checklist';
import { formatWhatIfChange } from './parse-change';

export interface PlanContext {
  now: Date;
}

/** Findings are "the same" across the change when rule, IP and the objects involved match. */
export function findingKey(f: Finding): string {
  const subjects = f.subjects.map((s) => `${s.kind}/${s.namespace ?? ''}/${s.name}`).sort();
  return `${f.rule}|${f.ip ?? ''}|${subjects.join(',')}`;
}

/** Services that hold an assigned IP in the report ("ns/name"). */
function servicesWithIp(report: ClusterReport): Set<string> {
  const out = new Set<string>();
  for (const lb of report.loadBalancers) for (const s of lb.services) if (s.state === 'assigned') out.add(objectKey(s.namespace, s.name));
  return out;
}

/** Each Service's LoadBalancer entries (IP, policy, key, ports, state), to tell whether a change changes anything. */
function lbEntries(report: ClusterReport, key: string): string {
  return JSON.stringify(report.loadBalancers.flatMap((lb) => lb.services.filter((s) => objectKey(s.namespace, s.name) === key).map((s) => [lb.ip, s])));
}

/** IPs each Service is listed under (assigned or only requested). */
function ipsByService(report: ClusterReport): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const lb of report.loadBalancers) {
    for (const s of lb.services) {
      const key = objectKey(s.namespace, s.name);
      out.set(key, [...(out.get(key) ?? []), lb.ip]);
    }
  }
  return out;
}

export function planWhatIf(snapshot: ClusterSnapshot, changes: readonly WhatIfChange[], ctx: PlanContext): ClusterReport {
  const applied = applyWhatIf(snapshot, changes, ctx);
  const before = analyzeCluster(snapshot, ctx);
  const after = analyzeCluster(applied.snapshot, ctx);

  const beforeKeys = new Set(before.findings.map(findingKey));
  const afterKeys = new Set(after.findings.map(findingKey));
  const gone = before.findings.filter((f) => !afterKeys.has(findingKey(f)));
  const added = after.findings.filter((f) => !beforeKeys.has(findingKey(f)));

  // A Service that holds an IP now and none afterwards goes offline. Findings about it vanish
  // because nothing is served any more, not because the trap is gone: "hidden", never "resolved".
  const withIpAfter = servicesWithIp(after);
  const losing = [...servicesWithIp(before)].filter((k) => !withIpAfter.has(k)).sort();
  const losesIp = (f: Finding): boolean => f.subjects.some((s) => s.kind === 'Service' && losing.includes(objectKey(s.namespace ?? 'default', s.name)));
  const hidden = gone.filter(losesIp);
  const resolved = gone.filter((f) => !losesIp(f));
  const newErrors = added.filter((f) => f.severity === 'error');
  const unchanged = gone.length === 0 && added.length === 0 && changes.every((c) => lbEntries(before, objectKey(c.namespace, c.name)) === lbEntries(after, objectKey(c.namespace, c.name)));
  // A changed Service MetalLB refuses (and did not hold an IP before either) stays offline: not safe either.
  const refused = applied.allocations.filter((a) => a.changed && !a.granted && !losing.includes(objectKey(a.namespace, a.name))).map((a) => objectKey(a.namespace, a.name));
  const verdict: WhatIfVerdict = losing.length > 0 || newErrors.length > 0 || refused.length > 0 ? 'unsafe' : unchanged ? 'no-change' : 'safe';
  const verdictReason =
    verdict === 'unsafe'
      ? losing.length === 0 && newErrors.length === 0
        ? `MetalLB would still refuse ${refused.join(', ')}: no IP`
        : losing.length > 0
        ? `${losing.join(', ')} ${losing.length === 1 ? 'loses its' : 'lose their'} IP${newErrors.length > 0 ? ` (${[...new Set(newErrors.map((f) => f.rule))].join(', ')})` : ''}`
        : `adds ${newErrors.length === 1 ? '1 error' : `${newErrors.length} errors`} (${[...new Set(newErrors.map((f) => f.rule))].join(', ')})`
      : verdict === 'no-change'
        ? `${changes.map(formatWhatIfChange).join('; ')} is what the cluster already has: nothing would change`
        : `${resolved.length === 0 ? 'resolves nothing' : `resolves ${resolved.length === 1 ? '1 finding' : `${resolved.length} findings`}`} and adds no error`;

  // Moves: a changed Service that no longer uses an IP it used before.
  const ipsBefore = ipsByService(before);
  const ipsAfter = ipsByService(after);
  const moves: Move[] = [];
  for (const c of changes) {
    const key = objectKey(c.namespace, c.name);
    const was = ipsBefore.get(key) ?? [];
    const now = ipsAfter.get(key) ?? [];
    const from = was.filter((ip) => !now.includes(ip));
    if (from.length > 0) moves.push({ namespace: c.namespace, name: c.name, from, to: now });
  }

  // Blast radius: who still writes each old IP (searched in the changed cluster, so a moved
  // Service's own leftover annotations count), and which Services stay on it.
  const oldIps = [...new Set(moves.flatMap((m) => m.from))].sort(compareIps);
  const staying = new Map<string, LbService[]>();
  for (const ip of oldIps) staying.set(ip, after.loadBalancers.find((lb) => lb.ip === ip)?.services ?? []);
  const afterInventory = buildInventory(applied.snapshot);
  const references: Map<string, IpReference[]> =
    oldIps.length === 0 ? new Map() : findIpReferences(afterInventory, new Map(oldIps.map((ip) => [ip, new Set((staying.get(ip) ?? []).map((s) => objectKey(s.namespace, s.name)))])));
  const blastRadius: BlastRadiusEntry[] = [];
  for (const ip of oldIps) {
    for (const ref of references.get(ip) ?? []) {
      blastRadius.push({ kind: ref.subject.kind, ...(ref.subject.namespace ? { namespace: ref.subject.namespace } : {}), name: ref.subject.name, ip, where: ref.places.map((p) => p.where).join('; ') });
    }
    for (const s of staying.get(ip) ?? []) {
      blastRadius.push({ kind: 'Service', namespace: s.namespace, name: s.name, ip, where: `stays on ${ip} (${s.ports.join(', ')})` });
    }
  }

  // No checklist for a no-op; an unsafe plan gets only its pre-flight (which says stop), never the command.
  const checklist = verdict === 'no-change' ? [] : buildChecklist({
    changes,
    allocations: applied.allocations,
    after,
    newFindings: added,
    resolved,
    moves,
    references,
    staying,
    inventory: buildInventory(snapshot),
    unsafe: verdict === 'unsafe' ? verdictReason : null,
  });

  return { ...after, whatIf: { changes: [...changes], verdict, verdictReason, resolved, hidden, new: added, blastRadius, checklist } };
}
