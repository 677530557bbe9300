// Every finding the dashboard knows, from every source (cluster config, access
// logs, CrowdSec, edge probes), in one list with stable anchors — the status
// strip, the combined Findings page and the badges all read this, so they agree.
// Pure: no I/O.
import { SEVERITY_ORDER, type Finding } from '@/lib/model';
import { findingAnchors } from '../overview/anchors';

export const FINDING_SOURCES = ['cluster', 'logs', 'crowdsec', 'edge'] as const;
export type FindingSource = (typeof FINDING_SOURCES)[number];

export const SOURCE_LABEL: Record<FindingSource, string> = {
  cluster: 'Cluster config',
  logs: 'Access logs',
  crowdsec: 'CrowdSec',
  edge: 'Edge probes',
};

export interface SourcedFinding {
  source: FindingSource;
  finding: Finding;
  /** `finding-<rule>-<n>`: for cluster findings the same id the Overview gives them. */
  anchor: string;
}

export type FindingsBySource = Partial<Record<FindingSource, readonly Finding[] | undefined>>;

/** Cluster findings first (so their anchors match the Overview's), then logs, CrowdSec, edge. */
export function allFindings(by: FindingsBySource): SourcedFinding[] {
  const list = FINDING_SOURCES.flatMap((source) => (by[source] ?? []).map((finding) => ({ source, finding })));
  const anchors = findingAnchors(list.map((x) => x.finding));
  return list.map((x, i) => ({ ...x, anchor: anchors[i] ?? `finding-${i}` }));
}

/** The Service (or other object) a finding is about, as "ns/name": the first Service subject, else the first subject. */
export function subjectOf(f: Finding): string | null {
  const s = f.subjects.find((x) => x.kind === 'Service') ?? f.subjects[0];
  if (!s) return null;
  // A CrowdSec decision is named by its id; the address it bans is what the user knows.
  if (s.kind === 'CrowdSecDecision' && f.ip) return f.ip;
  return `${s.namespace ? `${s.namespace}/` : ''}${s.name}`;
}

/** Namespaces a finding touches (its subjects'). */
export function namespacesOf(f: Finding): string[] {
  return [...new Set(f.subjects.flatMap((s) => (s.namespace ? [s.namespace] : [])))];
}

/** Rules whose error means clients reach nothing: they lead the status strip. */
const OUTAGE_RULES = new Set(['allocation-failed', 'etp-local-announcer-without-endpoint', 'l2-advertisement-excludes-endpoints']);

/** An error whose consequence is that clients reach nothing (no IP, dropped traffic). */
export function isOutage(f: Finding): boolean {
  return f.severity === 'error' && OUTAGE_RULES.has(f.rule);
}

function firstSentence(text: string, max = 90): string {
  const s = /^(.*?[.!?])(\s|$)/.exec(text)?.[1] ?? text;
  return s.length > max ? `${s.slice(0, max - 1).trimEnd()}…` : s.replace(/\.$/, '');
}

/**
 * The one-line consequence of a finding, naming its object first:
 * "mail/mailserver: traffic dropped on 10.0.20.201", "traefik/traefik has no external IP".
 */
export function statusLine(f: Finding): string {
  const who = subjectOf(f) ?? (f.ip ? f.ip : f.rule);
  const on = f.ip ? ` on ${f.ip}` : '';
  switch (f.rule) {
    case 'allocation-failed':
      return `${who} has no external IP`;
    case 'etp-local-announcer-without-endpoint':
      return `${who}: traffic dropped${on}`;
    case 'l2-advertisement-excludes-endpoints':
      return `${who}: no node may announce${f.ip ? ` ${f.ip}` : ' its IP'}`;
    case 'shared-ip-mixed-etp':
      return `${who}: mixes traffic policies on shared${f.ip ? ` ${f.ip}` : ' IP'}, so MetalLB refuses it`;
    case 'shared-ip-key-mismatch':
      return `${who}: sharing key differs${on}, so MetalLB refuses it`;
    case 'shared-ip-local-selector-mismatch':
      return `${who}: selects other pods than its neighbours${on}, so MetalLB refuses it`;
    case 'shared-ip-port-conflict':
      return `${who}: port already used${on}, so MetalLB refuses it`;
    case 'client-ip-snat':
      return `${who}: apps see node IPs, not clients`;
    case 'crowdsec-decision-on-internal-ip':
      return `${who}: CrowdSec bans this internal address`;
    case 'client-ip-spoofable':
      return `${who}: client IPs can be forged`;
    default:
      return `${who}: ${firstSentence(f.message)}`;
  }
}

/** Errors, worst first: outages, then refusals, then the rest; ties keep the sources' own order. */
export function errorsWorstFirst(list: readonly SourcedFinding[]): SourcedFinding[] {
  const rank = (x: SourcedFinding): number => (OUTAGE_RULES.has(x.finding.rule) ? 0 : x.finding.rule.startsWith('shared-ip-') ? 1 : 2);
  return list
    .map((x, i) => ({ x, i }))
    .filter(({ x }) => x.finding.severity === 'error')
    .sort((a, b) => rank(a.x) - rank(b.x) || a.i - b.i)
    .map(({ x }) => x);
}

/** One strip line: a finding, or several of one rule and source (3+) named together. */
export interface StatusGroup {
  items: SourcedFinding[];
  text: string;
}

/** Same-rule errors of one source (3 or more, e.g. client-ip-snat per router) share one line that names each object. */
export function groupStatus(errors: readonly SourcedFinding[]): StatusGroup[] {
  const out: StatusGroup[] = [];
  const byKey = new Map<string, SourcedFinding[]>();
  for (const x of errors) {
    const k = `${x.source}|${x.finding.rule}`;
    byKey.set(k, [...(byKey.get(k) ?? []), x]);
  }
  const done = new Set<string>();
  for (const x of errors) {
    const k = `${x.source}|${x.finding.rule}`;
    const same = byKey.get(k) ?? [x];
    if (same.length < 3) {
      out.push({ items: [x], text: statusLine(x.finding) });
      continue;
    }
    if (done.has(k)) continue;
    done.add(k);
    const consequence = statusLine(x.finding).replace(/^[^:]*:\s*/, '');
    const names = same.map((y) => subjectOf(y.finding) ?? y.finding.rule);
    out.push({ items: same, text: `${names.join(', ')} (${same.length}): ${consequence}` });
  }
  return out;
}

export function countBySeverity(list: readonly SourcedFinding[]): Record<Finding['severity'], number> {
  const c = { error: 0, warning: 0, info: 0 };
  for (const x of list) c[x.finding.severity] += 1;
  return c;
}

export function bySeverity(a: SourcedFinding, b: SourcedFinding): number {
  return SEVERITY_ORDER[a.finding.severity] - SEVERITY_ORDER[b.finding.severity];
}
