// The three questions on the first screen, answered from the cluster report
// alone (pure: no I/O, no clock). Each verdict names its evidence anchor.
import { SEVERITY_ORDER, type ClusterReport, type Finding, type LbService, type Severity } from '@/lib/model';
import { findingAnchors, plural, SECTION_IDS } from './anchors';

export type Tone = Severity | 'ok' | 'unknown';

export interface Verdict {
  id: 'clients' | 'h3' | 'traps';
  question: string;
  tone: Tone;
  /** The short answer: "Likely not", "At risk", … */
  word: string;
  /** The number that backs it, shown big, with its label. */
  figure: string;
  figureLabel: string;
  detail: string;
  href: string;
  linkLabel: string;
}

interface Indexed {
  finding: Finding;
  anchor: string;
}

function indexed(report: ClusterReport): Indexed[] {
  const anchors = findingAnchors(report.findings);
  return report.findings.map((finding, i) => ({ finding, anchor: anchors[i] ?? '' }));
}

function bySeverity(a: Indexed, b: Indexed): number {
  return SEVERITY_ORDER[a.finding.severity] - SEVERITY_ORDER[b.finding.severity];
}

function worst(items: readonly Indexed[]): Severity {
  return [...items].sort(bySeverity)[0]?.finding.severity ?? 'info';
}

function allocatedServices(report: ClusterReport): Array<{ ip: string; svc: LbService }> {
  return report.loadBalancers.flatMap((lb) => lb.services.filter((s) => s.state !== 'requested').map((svc) => ({ ip: lb.ip, svc })));
}

function refusedServices(report: ClusterReport): Array<{ ip: string; svc: LbService }> {
  return report.loadBalancers.flatMap((lb) => lb.services.filter((s) => s.state === 'requested').map((svc) => ({ ip: lb.ip, svc })));
}

function serviceName(f: Finding): string | undefined {
  const s = f.subjects.find((x) => x.kind === 'Service') ?? f.subjects[0];
  if (!s) return undefined;
  return s.namespace ? `${s.namespace}/${s.name}` : s.name;
}

const names = (f: Finding): string[] => f.subjects.filter((s) => s.kind === 'Service').map((s) => `${s.namespace ?? ''}/${s.name}`);
const nameOf = (svc: LbService): string => `${svc.namespace}/${svc.name}`;

const HTTP_TCP_PORTS = new Set(['TCP/80', 'TCP/443', 'TCP/8080', 'TCP/8443']);
/** The usual web ports; the etp-cluster-snat rule decides precisely, this only frames the all-clear. */
const isHttp = (svc: LbService): boolean => svc.ports.some((p) => HTTP_TCP_PORTS.has(p.toUpperCase()));

const udpPorts = (svc: LbService): string[] => svc.ports.filter((p) => p.toUpperCase().startsWith('UDP/'));
/**
 * Where HTTP/3 would run: on a web service, a UDP port paired with a TCP port
 * of the same number (UDP/443 next to TCP/443). TURN (3478) or WireGuard are not HTTP/3.
 */
const h3Ports = (svc: LbService): string[] =>
  isHttp(svc) ? udpPorts(svc).filter((p) => svc.ports.some((q) => q.toUpperCase() === `TCP/${p.slice(4)}`)) : [];

/** The allocation-failed finding for a refused service, when the report has one. */
function refusalAnchor(items: readonly Indexed[], svc: LbService): string {
  const hit = items.find((x) => x.finding.rule === 'allocation-failed' && names(x.finding).includes(nameOf(svc)));
  return `#${hit?.anchor ?? SECTION_IDS.findings}`;
}

export function clientIpVerdict(report: ClusterReport): Verdict {
  const question = 'Do real client IPs reach my apps?';
  const all = indexed(report);
  const services = allocatedServices(report);
  const snat = all.filter((x) => x.finding.rule === 'etp-cluster-snat');
  if (snat.length > 0) {
    const first = [...snat].sort(bySeverity)[0] ?? snat[0];
    const affected = new Set(snat.flatMap((x) => names(x.finding)));
    const count = Math.max(affected.size, snat.length);
    const name = first ? serviceName(first.finding) : undefined;
    const ip = first?.finding.ip;
    const lead = name
      ? `${name} uses externalTrafficPolicy Cluster${ip ? ` on ${ip}` : ''}: kube-proxy replaces client IPs with node IPs`
      : 'An HTTP load balancer uses externalTrafficPolicy Cluster: kube-proxy replaces client IPs with node IPs';
    return {
      id: 'clients',
      question,
      tone: worst(snat),
      word: 'Likely not',
      figure: String(count),
      figureLabel: `HTTP ${count === 1 ? 'service' : 'services'} on ETP=Cluster`,
      detail: count > 1 ? `${lead} (and ${plural(count - 1, 'more service')}).` : `${lead}.`,
      href: `#${first?.anchor ?? SECTION_IDS.findings}`,
      linkLabel: 'See the evidence',
    };
  }

  const http = services.filter((x) => isHttp(x.svc));
  const refusedHttp = refusedServices(report).filter((x) => isHttp(x.svc));
  const refused = refusedHttp[0];
  if (http.length === 0 && refused) {
    return {
      id: 'clients',
      question,
      tone: 'error',
      word: 'Not served',
      figure: String(refusedHttp.length),
      figureLabel: `HTTP ${refusedHttp.length === 1 ? 'service' : 'services'} without an IP`,
      detail: `${nameOf(refused.svc)} asks for ${refused.ip} but MetalLB refused it: clients do not reach it at all.`,
      href: refusalAnchor(all, refused.svc),
      linkLabel: 'See the evidence',
    };
  }
  if (services.length === 0) {
    return {
      id: 'clients',
      question,
      tone: 'unknown',
      word: 'Nothing to judge',
      figure: '0',
      figureLabel: 'LoadBalancer services',
      detail: 'No allocated LoadBalancer service, so no client traffic arrives through MetalLB.',
      href: `#${SECTION_IDS.loadBalancers}`,
      linkLabel: 'See load balancers',
    };
  }
  if (http.length === 0) {
    return {
      id: 'clients',
      question,
      tone: 'unknown',
      word: 'No HTTP LB seen',
      figure: '0',
      figureLabel: 'HTTP(S) services',
      detail: 'No LoadBalancer service exposes a web port (80, 443, 8080, 8443); non-HTTP services on ETP=Cluster also lose client IPs.',
      href: `#${SECTION_IDS.loadBalancers}`,
      linkLabel: 'See load balancers',
    };
  }
  const local = http.filter((x) => x.svc.externalTrafficPolicy === 'Local');
  const allLocal = local.length === http.length;
  return {
    id: 'clients',
    question,
    tone: allLocal ? 'ok' : 'unknown',
    word: allLocal ? 'Config preserves them' : 'Unclear',
    figure: `${local.length}/${http.length}`,
    figureLabel: 'HTTP(S) services on ETP=Local',
    detail: allLocal
      ? `${http.map((x) => nameOf(x.svc)).join(', ')} ${http.length === 1 ? 'uses' : 'use'} externalTrafficPolicy Local, so kube-proxy keeps client source addresses. Confirm with access logs.`
      : 'Some HTTP(S) services use ETP=Cluster but no SNAT rule fired for them. Confirm with access logs.',
    href: `#${SECTION_IDS.loadBalancers}`,
    linkLabel: 'See load balancers',
  };
}

export function http3Verdict(report: ClusterReport): Verdict {
  const question = 'Does HTTP/3 work through my load balancer?';
  const all = indexed(report);
  const quic = all.filter((x) => x.finding.rule.startsWith('quic-')).sort(bySeverity);
  const top = quic[0];
  if (top) {
    const more = quic.length > 1 ? ` (+${plural(quic.length - 1, 'more HTTP/3 finding')})` : '';
    const base = { id: 'h3' as const, question, tone: top.finding.severity, href: `#${top.anchor}`, linkLabel: 'See the evidence' };
    if (top.finding.rule === 'quic-etp-cluster-spread') {
      const lb = report.loadBalancers.find((l) => l.ip === top.finding.ip);
      const named = new Set(names(top.finding));
      // The services the finding names; all UDP services on that IP only if it names none.
      const spread = (lb?.services ?? []).filter(
        (s) => s.externalTrafficPolicy === 'Cluster' && udpPorts(s).length > 0 && (named.size === 0 || named.has(nameOf(s))),
      );
      const ports = [...new Set(spread.flatMap((s) => (h3Ports(s).length > 0 ? h3Ports(s) : udpPorts(s))))];
      const endpoints = Math.max(0, ...spread.map((s) => s.readyEndpoints));
      if (lb && ports.length > 0) {
        return {
          ...base,
          word: 'At risk',
          figure: String(endpoints),
          figureLabel: `ready endpoints behind ${ports.join(', ')}`,
          detail: `${ports.join(', ')} on ${lb.ip}, an ETP=Cluster LB with ${plural(endpoints, 'endpoint')}: QUIC flows can land on different pods${more}.`,
        };
      }
    }
    if (top.finding.rule === 'quic-udp-port-missing') {
      return { ...base, word: 'Not exposed', figure: '0', figureLabel: 'UDP ports for the advertised HTTP/3', detail: `${top.finding.message}${more}` };
    }
    return { ...base, word: 'At risk', figure: String(quic.length), figureLabel: quic.length === 1 ? 'HTTP/3 finding' : 'HTTP/3 findings', detail: `${top.finding.message}${more}` };
  }

  const services = allocatedServices(report);
  const h3 = services.filter((x) => h3Ports(x.svc).length > 0);
  const first = h3[0];
  if (first) {
    const ports = h3.flatMap((x) => h3Ports(x.svc).map((p) => `${p} on ${x.ip}`));
    return {
      id: 'h3',
      question,
      tone: 'ok',
      word: 'Config allows it',
      figure: String(ports.length),
      figureLabel: ports.length === 1 ? 'UDP port next to HTTPS' : 'UDP ports next to HTTPS',
      detail: `${ports.join(', ')} (${nameOf(first.svc)}, ETP=${first.svc.externalTrafficPolicy}): nothing in the cluster config splits QUIC flows. Run an HTTP/3 probe to confirm it answers.`,
      href: `#${SECTION_IDS.loadBalancers}`,
      linkLabel: 'See load balancers',
    };
  }
  const refused = refusedServices(report).find((x) => h3Ports(x.svc).length > 0);
  if (refused) {
    return {
      id: 'h3',
      question,
      tone: 'error',
      word: 'Not served',
      figure: '0',
      figureLabel: 'UDP ports next to HTTPS with an IP',
      detail: `${nameOf(refused.svc)} would serve ${h3Ports(refused.svc).join(', ')}, but MetalLB refused ${refused.ip}.`,
      href: refusalAnchor(all, refused.svc),
      linkLabel: 'See the evidence',
    };
  }
  return {
    id: 'h3',
    question,
    tone: services.length === 0 ? 'unknown' : 'info',
    word: services.length === 0 ? 'Nothing to judge' : 'Not offered',
    figure: '0',
    figureLabel: 'UDP ports next to HTTPS',
    detail:
      services.length === 0
        ? 'No allocated LoadBalancer service.'
        : 'No load balancer exposes UDP next to its HTTPS port (such as UDP/443): browsers stay on HTTP/2 over TCP.',
    href: `#${SECTION_IDS.loadBalancers}`,
    linkLabel: 'See load balancers',
  };
}

export function severityCounts(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

/** "1 error, 3 warnings, 1 info" — only the non-zero parts. */
export function describeCounts(c: Record<Severity, number>): string {
  const parts = [
    c.error > 0 ? plural(c.error, 'error') : '',
    c.warning > 0 ? plural(c.warning, 'warning') : '',
    c.info > 0 ? `${c.info} info` : '',
  ].filter((s) => s !== '');
  return parts.length > 0 ? parts.join(', ') : 'no findings';
}

export function trapsVerdict(report: ClusterReport): Verdict {
  const counts = severityCounts(report.findings);
  const total = report.findings.length;
  const tone: Tone = counts.error > 0 ? 'error' : counts.warning > 0 ? 'warning' : counts.info > 0 ? 'info' : 'ok';
  return {
    id: 'traps',
    question: 'Which load-balancer traps are set?',
    tone,
    word: counts.error > 0 ? 'Traps set' : counts.warning > 0 ? 'Warnings' : total > 0 ? 'Notes only' : 'None found',
    figure: String(total),
    figureLabel: total === 1 ? 'finding' : 'findings',
    detail: total > 0 ? `${describeCounts(counts)}.` : 'No load-balancer rule fired on this cluster.',
    href: `#${SECTION_IDS.findings}`,
    linkLabel: total > 0 ? 'See all findings' : 'See findings',
  };
}

export function verdicts(report: ClusterReport): [Verdict, Verdict, Verdict] {
  return [clientIpVerdict(report), http3Verdict(report), trapsVerdict(report)];
}
