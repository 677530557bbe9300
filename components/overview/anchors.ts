// Stable in-page anchors, so a verdict, a chat message or a bookmark can point
// at one finding: `#finding-<rule>-<n>`, n counting that rule's findings in
// report order (display grouping never changes an id).
import type { Finding } from '@/lib/model';

export const SECTION_IDS = {
  verdicts: 'verdicts',
  loadBalancers: 'load-balancers',
  whatIf: 'what-if',
  findings: 'findings',
  gaps: 'gaps',
} as const;

export function lbAnchor(ip: string): string {
  return `lb-${ip.replace(/[^0-9a-zA-Z]+/g, '-')}`;
}

/** The id of an LB card: its IP, or (ServiceLB, one card per Service) its first Service. */
export function lbCardAnchor(lb: { ip: string; holders?: readonly string[]; services: ReadonlyArray<{ namespace: string; name: string }> }): string {
  const first = lb.services[0];
  return lb.holders && first ? lbAnchor(`svc-${first.namespace}-${first.name}`) : lbAnchor(lb.ip);
}

/** Anchor id for every finding, index-aligned with `findings`. */
export function findingAnchors(findings: readonly Finding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const rule = f.rule.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
    const n = seen.get(rule) ?? 0;
    seen.set(rule, n + 1);
    return `finding-${rule}-${n}`;
  });
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
