// Shared vocabulary of the first-screen verdicts: the Verdict shape, and small helpers
// over the cluster report and words. Pure.
import { SEVERITY_ORDER, type ClusterReport, type Finding, type LbService, type Severity } from '@/lib/model';
import { findingAnchors, SECTION_IDS } from './anchors';

export type Tone = Severity | 'ok' | 'unknown';

/** Where an answer comes from. */
export type Basis = 'logs' | 'probes' | 'config';

/** The cluster-config fact behind an answer taken from logs or probes, with a link to it. */
export interface VerdictSupport {
  text: string;
  href: string;
  linkLabel: string;
}

/** Why the better evidence is missing (`missing`), or that it is still being read (`pending`). */
export interface VerdictNote {
  kind: 'pending' | 'missing';
  text: string;
  href?: string;
  linkLabel?: string;
}

export interface Verdict {
  id: 'clients' | 'h3' | 'traps';
  question: string;
  tone: Tone;
  /** The short answer: "No", "Broken", "Likely not", … */
  word: string;
  /** The number that backs it, shown big, with its label. */
  figure: string;
  figureLabel: string;
  detail: string;
  href: string;
  linkLabel: string;
  basis: Basis;
  /** The evidence in a few words, read after "Based on": "Traefik access logs (1,765 entries from 1 pod)". */
  basisLabel: string;
  support?: VerdictSupport;
  note?: VerdictNote;
}

/** A config-based verdict and the one-line fact it rests on (the supporting line of a better answer). */
export interface ConfigAnswer {
  verdict: Verdict;
  fact: string;
  /** What the config implies for client addresses, when it implies anything. */
  clients?: 'lost' | 'kept';
}

/** The config fact as the supporting line of an answer from logs or probes; `but` when the evidence disagrees. */
export function supportOf(config: ConfigAnswer, but?: string): VerdictSupport {
  return {
    text: `${config.fact}${but ? ` — ${but}` : ''}.`,
    href: config.verdict.href,
    linkLabel: config.verdict.href.startsWith('#finding') ? 'see the finding' : 'see load balancers',
  };
}

export const CONFIG_BASIS = { basis: 'config', basisLabel: 'the cluster config' } as const;

export interface Indexed {
  finding: Finding;
  anchor: string;
}

export function indexed(report: ClusterReport): Indexed[] {
  const anchors = findingAnchors(report.findings);
  return report.findings.map((finding, i) => ({ finding, anchor: anchors[i] ?? '' }));
}

export function bySeverity(a: Indexed, b: Indexed): number {
  return SEVERITY_ORDER[a.finding.severity] - SEVERITY_ORDER[b.finding.severity];
}

export function worst(items: readonly Indexed[]): Severity {
  return [...items].sort(bySeverity)[0]?.finding.severity ?? 'info';
}

export function allocatedServices(report: ClusterReport): Array<{ ip: string; svc: LbService }> {
  return report.loadBalancers.flatMap((lb) => lb.services.filter((s) => s.state !== 'requested').map((svc) => ({ ip: lb.ip, svc })));
}

export function refusedServices(report: ClusterReport): Array<{ ip: string; svc: LbService }> {
  return report.loadBalancers.flatMap((lb) => lb.services.filter((s) => s.state === 'requested').map((svc) => ({ ip: lb.ip, svc })));
}

export function serviceName(f: Finding): string | undefined {
  const s = f.subjects.find((x) => x.kind === 'Service') ?? f.subjects[0];
  if (!s) return undefined;
  return s.namespace ? `${s.namespace}/${s.name}` : s.name;
}

export const names = (f: Finding): string[] => f.subjects.filter((s) => s.kind === 'Service').map((s) => `${s.namespace ?? ''}/${s.name}`);
export const nameOf = (svc: LbService): string => `${svc.namespace}/${svc.name}`;

export const HTTP_TCP_PORTS = new Set(['TCP/80', 'TCP/443', 'TCP/8080', 'TCP/8443']);
/** The usual web ports; the etp-cluster-snat rule decides precisely, this only frames the all-clear. */
export const isHttp = (svc: LbService): boolean => svc.ports.some((p) => HTTP_TCP_PORTS.has(p.toUpperCase()));

export const udpPorts = (svc: LbService): string[] => svc.ports.filter((p) => p.toUpperCase().startsWith('UDP/'));
/**
 * Where HTTP/3 would run: on a web service, a UDP port paired with a TCP port
 * of the same number (UDP/443 next to TCP/443). TURN (3478) or WireGuard are not HTTP/3.
 */
export const h3Ports = (svc: LbService): string[] =>
  isHttp(svc) ? udpPorts(svc).filter((p) => svc.ports.some((q) => q.toUpperCase() === `TCP/${p.slice(4)}`)) : [];

/** The allocation-failed finding for a refused service, when the report has one. */
export function refusalAnchor(items: readonly Indexed[], svc: LbService): string {
  const hit = items.find((x) => x.finding.rule === 'allocation-failed' && names(x.finding).includes(nameOf(svc)));
  return `#${hit?.anchor ?? SECTION_IDS.findings}`;
}

/** "a, b and c" (at most `max` names, then "and N more"). */
export function listNames(items: readonly string[], max = 3): string {
  if (items.length <= 1) return items[0] ?? '';
  if (items.length > max) return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

export const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export const stripDot = (s: string): string => s.replace(/\.$/, '');

/** Ends a phrase with a full stop unless it already ends with punctuation. */
export const sentence = (s: string): string => (/[.?!…]$/.test(s) ? s : `${s}.`);
