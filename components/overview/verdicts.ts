// The three questions on the first screen. Each answer comes from the best
// evidence there is — Traefik's access logs for client IPs, the edge probes for
// HTTP/3 — with the cluster config as its supporting line; without that
// evidence it falls back to the cluster config and says why. Pure: no I/O, no
// clock. Each verdict links to its evidence.
import {
  SEVERITY_ORDER,
  type ClusterReport,
  type Finding,
  type LbService,
  type LogReport,
  type ProbeError,
  type ProbesResponse,
  type ProbeTargetStatus,
  type Severity,
} from '@/lib/model';
import { addressRuns, CLASS_ORDER, fmtInt, fmtPct, namedRouters } from '../clients/words';
import { endpointOf, formatMs } from '../edge/edge-view';
import { findingAnchors, plural, SECTION_IDS } from './anchors';
import { shorten, type Evidence } from './evidence';

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
interface ConfigAnswer {
  verdict: Verdict;
  fact: string;
  /** What the config implies for client addresses, when it implies anything. */
  clients?: 'lost' | 'kept';
}

/** The config fact as the supporting line of an answer from logs or probes; `but` when the evidence disagrees. */
function supportOf(config: ConfigAnswer, but?: string): VerdictSupport {
  return {
    text: `${config.fact}${but ? ` — ${but}` : ''}.`,
    href: config.verdict.href,
    linkLabel: config.verdict.href.startsWith('#finding') ? 'see the finding' : 'see load balancers',
  };
}

const CONFIG_BASIS = { basis: 'config', basisLabel: 'the cluster config' } as const;

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

/** "a, b and c" (at most `max` names, then "and N more"). */
function listNames(items: readonly string[], max = 3): string {
  if (items.length <= 1) return items[0] ?? '';
  if (items.length > max) return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

const stripDot = (s: string): string => s.replace(/\.$/, '');

/** Ends a phrase with a full stop unless it already ends with punctuation. */
const sentence = (s: string): string => (/[.?!…]$/.test(s) ? s : `${s}.`);

// ── 1. Do real client IPs reach my apps? ──────────────────────────────────────

const CLIENTS_Q = 'Do real client IPs reach my apps?';

/** The answer the cluster config alone gives: what the ETP of each HTTP(S) load balancer implies. */
function clientIpFromConfig(report: ClusterReport): ConfigAnswer {
  const question = CLIENTS_Q;
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
      ? `${name} uses externalTrafficPolicy Cluster${ip ? ` on ${ip}` : ''}`
      : 'An HTTP load balancer uses externalTrafficPolicy Cluster';
    const more = count > 1 ? ` (and ${plural(count - 1, 'more service')})` : '';
    return {
      fact: `${lead}${more}`,
      clients: 'lost',
      verdict: {
        id: 'clients',
        question,
        tone: worst(snat),
        word: 'Likely not',
        figure: String(count),
        figureLabel: `HTTP ${count === 1 ? 'service' : 'services'} on ETP=Cluster`,
        detail: `${lead}: kube-proxy replaces client IPs with node IPs${more}.`,
        href: `#${first?.anchor ?? SECTION_IDS.findings}`,
        linkLabel: 'See the evidence',
        ...CONFIG_BASIS,
      },
    };
  }

  const http = services.filter((x) => isHttp(x.svc));
  const refusedHttp = refusedServices(report).filter((x) => isHttp(x.svc));
  const refused = refusedHttp[0];
  if (http.length === 0 && refused) {
    const fact = `${nameOf(refused.svc)} asks for ${refused.ip} but MetalLB refused it`;
    return {
      fact,
      verdict: {
        id: 'clients',
        question,
        tone: 'error',
        word: 'Not served',
        figure: String(refusedHttp.length),
        figureLabel: `HTTP ${refusedHttp.length === 1 ? 'service' : 'services'} without an IP`,
        detail: `${fact}: clients do not reach it at all.`,
        href: refusalAnchor(all, refused.svc),
        linkLabel: 'See the evidence',
        ...CONFIG_BASIS,
      },
    };
  }
  if (services.length === 0) {
    return {
      fact: 'No allocated LoadBalancer service',
      verdict: {
        id: 'clients',
        question,
        tone: 'unknown',
        word: 'Nothing to judge',
        figure: '0',
        figureLabel: 'LoadBalancer services',
        detail: 'No allocated LoadBalancer service, so no client traffic arrives through MetalLB.',
        href: `#${SECTION_IDS.loadBalancers}`,
        linkLabel: 'See load balancers',
        ...CONFIG_BASIS,
      },
    };
  }
  if (http.length === 0) {
    return {
      fact: 'No LoadBalancer service exposes a web port',
      verdict: {
        id: 'clients',
        question,
        tone: 'unknown',
        word: 'No HTTP LB seen',
        figure: '0',
        figureLabel: 'HTTP(S) services',
        detail: 'No LoadBalancer service exposes a web port (80, 443, 8080, 8443); non-HTTP services on ETP=Cluster also lose client IPs.',
        href: `#${SECTION_IDS.loadBalancers}`,
        linkLabel: 'See load balancers',
        ...CONFIG_BASIS,
      },
    };
  }
  const local = http.filter((x) => x.svc.externalTrafficPolicy === 'Local');
  const allLocal = local.length === http.length;
  const ips = [...new Set(http.map((x) => x.ip))];
  const fact = allLocal
    ? `${listNames(http.map((x) => nameOf(x.svc)))} ${http.length === 1 ? 'uses' : 'use'} externalTrafficPolicy Local${ips.length === 1 ? ` on ${ips[0] ?? ''}` : ''}`
    : `${http.length - local.length} of ${plural(http.length, 'HTTP(S) service')} use externalTrafficPolicy Cluster, but no SNAT rule fired for them`;
  return {
    fact,
    clients: allLocal ? 'kept' : undefined,
    verdict: {
      id: 'clients',
      question,
      tone: allLocal ? 'ok' : 'unknown',
      word: allLocal ? 'Config preserves them' : 'Unclear',
      figure: `${local.length}/${http.length}`,
      figureLabel: 'HTTP(S) services on ETP=Local',
      detail: allLocal ? `${fact}, so kube-proxy keeps client source addresses.` : `${fact}.`,
      href: `#${SECTION_IDS.loadBalancers}`,
      linkLabel: 'See load balancers',
      ...CONFIG_BASIS,
    },
  };
}

/** Entries with an IP client, and how many of them came from node or pod addresses. */
function logCounts(logs: LogReport): { classified: number; snat: number; kinds: string; snatIps: string[] } {
  const classified = CLASS_ORDER.reduce((n, c) => n + (logs.classes[c] ?? 0), 0);
  const node = logs.classes.node ?? 0;
  const pod = logs.classes.pod ?? 0;
  const kinds = node > 0 && pod > 0 ? 'node and pod' : pod > 0 ? 'pod' : 'node';
  const snatIps = logs.topClients.filter((c) => c.class === 'node' || c.class === 'pod').map((c) => c.ip);
  return { classified, snat: node + pod, kinds, snatIps };
}

/** The access logs can answer: entries were parsed and some have an IP client. */
export function logsCanAnswer(logs: LogReport): boolean {
  return logs.sampling?.from !== 'none' && logs.parsed > 0 && logs.verdict !== 'unknown';
}

/** Why a log sample cannot answer, in a few words a user can act on. */
export function logsGap(logs: LogReport): string {
  if (logs.sampling?.from === 'none') return 'could not be sampled: a snapshot holds no pod logs';
  if (logs.parsed > 0) return `cannot tell: none of the ${fmtInt(logs.parsed)} access-log entries has an IP client address`;
  const problem = logs.sampling?.problems?.[0];
  if (problem) {
    const what = problem.kind === 'Pod' ? 'pods' : problem.kind === 'Service' ? 'services' : problem.kind;
    return `could not be sampled: ${problem.reason === 'forbidden' ? `listing ${what} is forbidden (RBAC)` : shorten(problem.detail, 90)}`;
  }
  const sources = logs.sources ?? [];
  const failed = sources.filter((s) => s.reason !== undefined || s.error !== undefined);
  const first = failed[0];
  if (first && failed.length === sources.length) {
    const pods = sources.length === 1 ? 'the Traefik pod' : `all ${sources.length} Traefik pods`;
    if (failed.every((s) => s.reason === 'forbidden')) return `could not be sampled: reading pods/log is forbidden (RBAC) for ${pods}`;
    return `could not be sampled: ${pods} could not be read (${shorten(first.error ?? first.reason ?? 'error', 70)})`;
  }
  if (logs.lines === 0) return 'could not be sampled: the Traefik pods have not logged a request yet';
  return `could not be sampled: none of the ${fmtInt(logs.lines)} log lines is an access-log entry — is Traefik's access log on?`;
}

function logsBasisLabel(logs: LogReport): string {
  const sources = logs.sources ?? [];
  const read = sources.filter((s) => s.reason === undefined && s.error === undefined).length;
  const from = sources.length === 0 ? '' : read === sources.length ? ` from ${plural(read, 'pod')}` : ` from ${read} of ${plural(sources.length, 'pod')}`;
  return `Traefik access logs (${fmtInt(logs.parsed)} ${logs.parsed === 1 ? 'entry' : 'entries'}${from})`;
}

const CLIENTS_LINK = { href: '/clients', linkLabel: 'See the access-log evidence' } as const;

/** The answer the access logs give, with the cluster config as its supporting line. */
function clientIpFromLogs(logs: LogReport, config: ConfigAnswer): Verdict {
  const { classified, snat, kinds, snatIps } = logCounts(logs);
  const routers = namedRouters(logs);
  const on = `${fmtInt(classified)} requests${routers > 0 ? ` on ${plural(routers, 'router')}` : ''}`;
  const from = `${kinds} addresses${snatIps.length > 0 ? ` ${addressRuns(snatIps)}` : ''}`;
  const base = { id: 'clients', question: CLIENTS_Q, ...CLIENTS_LINK, basis: 'logs', basisLabel: logsBasisLabel(logs) } as const;
  // The config and the logs can disagree (a proxy in front restores addresses; SNAT happens elsewhere): say so.
  switch (logs.verdict) {
    case 'snat':
      return {
        ...base,
        tone: 'error',
        word: 'No',
        figure: fmtPct(snat / classified),
        figureLabel: `of ${on} came from ${from}`,
        detail: 'Traefik sees the node, not the visitor.',
        support: supportOf(config, config.clients === 'kept' ? 'yet the logs show node addresses: something else rewrites them' : undefined),
      };
    case 'mixed':
      return {
        ...base,
        tone: 'warning',
        word: 'Partly',
        figure: fmtPct(snat / classified),
        figureLabel: `of ${on} came from ${from}; the rest from client addresses`,
        detail: 'Some paths keep the client IP, some are SNATed.',
        support: supportOf(config),
      };
    case 'unknown':
      // logsCanAnswer() keeps this out; the config is the answer then.
      return config.verdict;
    case 'preserved':
      return {
        ...base,
        tone: 'ok',
        word: 'Yes',
        figure: fmtPct((classified - snat) / classified),
        figureLabel: `of ${on} came from client addresses`,
        detail: snat > 0 ? `Only ${fmtInt(snat)} came from ${kinds} addresses.` : 'None came from node or pod addresses.',
        support: supportOf(config, config.clients === 'lost' ? 'yet the logs show client addresses (a proxy in front may restore them)' : undefined),
      };
  }
}

/**
 * "Do real client IPs reach my apps?" From the access logs when they can answer;
 * otherwise from the cluster config, with a note saying why the logs could not
 * (or that they are still being read). Without `logs`, the config alone, no note.
 */
export function clientIpVerdict(report: ClusterReport, logs?: Evidence<LogReport>): Verdict {
  const config = clientIpFromConfig(report);
  if (logs === undefined) return config.verdict;
  switch (logs.state) {
    case 'loading':
      return { ...config.verdict, note: { kind: 'pending', text: 'Checking access logs…' } };
    case 'failed':
      return {
        ...config.verdict,
        note: { kind: 'missing', text: sentence(`Access logs could not be sampled: ${shorten(stripDot(logs.message), 90)}`), ...CLIENTS_LINK, linkLabel: 'Client IPs' },
      };
    case 'ready':
      if (logsCanAnswer(logs.data)) return clientIpFromLogs(logs.data, config);
      return { ...config.verdict, note: { kind: 'missing', text: sentence(`Access logs ${logsGap(logs.data)}`), ...CLIENTS_LINK, linkLabel: 'Client IPs' } };
  }
}

// ── 2. Does HTTP/3 work through my load balancer? ─────────────────────────────

const H3_Q = 'Does HTTP/3 work through my load balancer?';

/** The answer the cluster config alone gives: is there a UDP port next to HTTPS, and can QUIC flows be split? */
function http3FromConfig(report: ClusterReport): ConfigAnswer {
  const question = H3_Q;
  const all = indexed(report);
  const quic = all.filter((x) => x.finding.rule.startsWith('quic-')).sort(bySeverity);
  const top = quic[0];
  if (top) {
    const more = quic.length > 1 ? ` (+${plural(quic.length - 1, 'more HTTP/3 finding')})` : '';
    const base = { id: 'h3' as const, question, tone: top.finding.severity, href: `#${top.anchor}`, linkLabel: 'See the evidence', ...CONFIG_BASIS };
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
        const fact = `${ports.join(', ')} on ${lb.ip}, an ETP=Cluster LB with ${plural(endpoints, 'endpoint')}: QUIC flows can land on different pods`;
        return {
          fact,
          verdict: { ...base, word: 'At risk', figure: String(endpoints), figureLabel: `ready endpoints behind ${ports.join(', ')}`, detail: `${fact}${more}.` },
        };
      }
    }
    const fact = stripDot(top.finding.message);
    if (top.finding.rule === 'quic-udp-port-missing') {
      return { fact, verdict: { ...base, word: 'Not exposed', figure: '0', figureLabel: 'UDP ports for the advertised HTTP/3', detail: `${top.finding.message}${more}` } };
    }
    return {
      fact,
      verdict: { ...base, word: 'At risk', figure: String(quic.length), figureLabel: quic.length === 1 ? 'HTTP/3 finding' : 'HTTP/3 findings', detail: `${top.finding.message}${more}` },
    };
  }

  const services = allocatedServices(report);
  const h3 = services.filter((x) => h3Ports(x.svc).length > 0);
  const first = h3[0];
  if (first) {
    const ports = h3.flatMap((x) => h3Ports(x.svc).map((p) => `${p} on ${x.ip}`));
    const fact = `${ports.join(', ')} next to HTTPS (${nameOf(first.svc)}, ETP=${first.svc.externalTrafficPolicy})`;
    return {
      fact,
      verdict: {
        id: 'h3',
        question,
        tone: 'ok',
        word: 'Config allows it',
        figure: String(ports.length),
        figureLabel: ports.length === 1 ? 'UDP port next to HTTPS' : 'UDP ports next to HTTPS',
        detail: `${ports.join(', ')} (${nameOf(first.svc)}, ETP=${first.svc.externalTrafficPolicy}): nothing in the cluster config splits QUIC flows.`,
        href: `#${SECTION_IDS.loadBalancers}`,
        linkLabel: 'See load balancers',
        ...CONFIG_BASIS,
      },
    };
  }
  const refused = refusedServices(report).find((x) => h3Ports(x.svc).length > 0);
  if (refused) {
    const fact = `${nameOf(refused.svc)} would serve ${h3Ports(refused.svc).join(', ')}, but MetalLB refused ${refused.ip}`;
    return {
      fact,
      verdict: {
        id: 'h3',
        question,
        tone: 'error',
        word: 'Not served',
        figure: '0',
        figureLabel: 'UDP ports next to HTTPS with an IP',
        detail: `${fact}.`,
        href: refusalAnchor(all, refused.svc),
        linkLabel: 'See the evidence',
        ...CONFIG_BASIS,
      },
    };
  }
  const fact = services.length === 0 ? 'No allocated LoadBalancer service' : 'No load balancer exposes UDP next to its HTTPS port';
  return {
    fact,
    verdict: {
      id: 'h3',
      question,
      tone: services.length === 0 ? 'unknown' : 'info',
      word: services.length === 0 ? 'Nothing to judge' : 'Not offered',
      figure: '0',
      figureLabel: 'UDP ports next to HTTPS',
      detail: services.length === 0 ? `${fact}.` : `${fact} (such as UDP/443): browsers stay on HTTP/2 over TCP.`,
      href: `#${SECTION_IDS.loadBalancers}`,
      linkLabel: 'See load balancers',
      ...CONFIG_BASIS,
    },
  };
}

/** A failed HTTP/3 probe in words ("QUIC times out"). */
const H3_FAILURE: Record<ProbeError, string> = {
  timeout: 'QUIC times out',
  refused: 'UDP is refused',
  unreachable: 'the address is unreachable',
  tls: 'the QUIC TLS handshake fails',
  alpn: 'the server does not offer h3',
  protocol: 'the QUIC handshake fails',
  http: 'h3 requests fail',
};

type ProbedH3 = ProbeTargetStatus & { h3: NonNullable<ProbeTargetStatus['h3']> };

/** Targets whose HTTP/3 probe has run. */
export function probedH3(doc: ProbesResponse): ProbedH3[] {
  return doc.targets.filter((t): t is ProbedH3 => t.probe && t.h3 !== undefined);
}

const where = (t: ProbeTargetStatus): string => `${t.name} (${endpointOf(t)})`;
const advertised = (t: ProbeTargetStatus): boolean => t.altSvc.advertised !== null;

function p50Text(targets: readonly ProbedH3[]): string {
  const v = targets.map((t) => t.h3.p50Ms).filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  if (v.length === 0) return '';
  const lo = Math.min(...v);
  const hi = Math.max(...v);
  return formatMs(lo) === formatMs(hi) ? `p50 ${formatMs(lo)}` : `p50 ${formatMs(lo)} to ${formatMs(hi)}`;
}

const EDGE_LINK = { href: '/edge', linkLabel: 'See the probe evidence' } as const;

/** The answer the HTTP/3 probes give, with the cluster config as its supporting line. */
function http3FromProbes(probed: readonly ProbedH3[], config: ConfigAnswer): Verdict {
  const base = {
    id: 'h3',
    question: H3_Q,
    ...EDGE_LINK,
    basis: 'probes',
    basisLabel: `HTTP/3 probes of ${plural(probed.length, 'target')}`,
    support: supportOf(config),
  } as const;
  const failing = probed.filter((t) => t.h3.verdict === 'failing');
  const flaky = probed.filter((t) => t.h3.verdict === 'intermittent');
  const ok = probed.filter((t) => t.h3.verdict === 'ok');
  const f = failing[0];
  if (f) {
    const failure = f.h3.lastError ? H3_FAILURE[f.h3.lastError.error] : 'HTTP/3 fails';
    const lead = advertised(f) ? `Advertised, but ${failure}` : capitalize(failure);
    const others = failing.length > 1 ? ` and ${plural(failing.length - 1, 'more target')}` : '';
    const works = ok.length > 0 ? ` h3 works on ${listNames(ok.map((t) => t.name))}.` : '';
    return {
      ...base,
      tone: 'error',
      word: failing.some(advertised) ? (ok.length > 0 ? 'Partly broken' : 'Broken') : 'Not working',
      figure: `${failing.length}/${probed.length}`,
      figureLabel: probed.length === 1 ? 'probed target fails HTTP/3' : 'probed targets fail HTTP/3',
      detail: `${lead} on ${where(f)}${others}.${works}`,
    };
  }
  const i = flaky[0];
  if (i) {
    const failure = i.h3.lastError ? `; the others: ${H3_FAILURE[i.h3.lastError.error]}` : '';
    return {
      ...base,
      tone: 'warning',
      word: 'Sometimes',
      figure: fmtPct(i.h3.successRatio),
      figureLabel: `of HTTP/3 requests succeed on ${i.name}`,
      detail: `${advertised(i) ? 'Advertised, but only' : 'Only'} ${i.h3.ok} of ${i.h3.samples} HTTP/3 requests succeed on ${where(i)}${failure}.`,
    };
  }
  const hidden = ok.filter((t) => t.altSvc.verdict === 'not-advertised');
  const p50 = p50Text(ok);
  const h = hidden[0];
  if (h) {
    return {
      ...base,
      tone: 'warning',
      word: 'Not advertised',
      figure: `${hidden.length}/${probed.length}`,
      figureLabel: `${probed.length === 1 ? 'target answers' : 'targets answer'} h3 without Alt-Svc`,
      detail: `h3 answers on ${where(h)}, but no Alt-Svc header advertises it: browsers stay on HTTP/2.`,
    };
  }
  return {
    ...base,
    tone: 'ok',
    word: 'Works',
    figure: String(ok.length),
    figureLabel: `${ok.length === 1 ? 'target answers' : 'targets answer'} h3${p50 ? `, ${p50}` : ''}`,
    detail: `${ok.every(advertised) ? 'Advertised and answering' : 'Answering'} on ${ok.length === 1 && ok[0] ? where(ok[0]) : listNames(ok.map((t) => t.name))}.`,
  };
}

/** Why no HTTP/3 probe has run yet. */
function notProbed(doc: ProbesResponse): VerdictNote {
  const link = { href: '/edge', linkLabel: 'Edge' };
  const targets = doc.targets.filter((t) => t.probe);
  if (doc.running && targets.length > 0) return { kind: 'pending', text: 'Probing now…' };
  if (targets.length === 0) {
    return { kind: 'missing', text: `Not probed yet — configure probe targets${doc.configError ? ' (the target list could not be read)' : ''}.`, ...link };
  }
  if (!targets.some((t) => t.kinds.includes('h3'))) return { kind: 'missing', text: 'Not probed yet — no probe target includes the h3 kind.', ...link };
  return { kind: 'missing', text: `Not probed yet — ${plural(targets.length, 'target')} configured, run the probes.`, ...link };
}

/**
 * "Does HTTP/3 work through my load balancer?" From the HTTP/3 probes once any
 * has run; otherwise from the cluster config, with a note on why nothing was
 * probed. Without `probes`, the config alone, no note.
 */
export function http3Verdict(report: ClusterReport, probes?: Evidence<ProbesResponse>): Verdict {
  const config = http3FromConfig(report);
  if (probes === undefined) return config.verdict;
  switch (probes.state) {
    case 'loading':
      return { ...config.verdict, note: { kind: 'pending', text: 'Checking probe results…' } };
    case 'failed':
      return {
        ...config.verdict,
        note: { kind: 'missing', text: sentence(`Probe results could not be read: ${shorten(stripDot(probes.message), 90)}`), href: '/edge', linkLabel: 'Edge' },
      };
    case 'ready': {
      const probed = probedH3(probes.data);
      if (probed.length > 0) return http3FromProbes(probed, config);
      return { ...config.verdict, note: notProbed(probes.data) };
    }
  }
}

// ── 3. Which load-balancer traps are set? ─────────────────────────────────────

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

/**
 * Traps are load-balancer configuration: this counts the cluster findings only,
 * the ones listed on this page under Findings. Edge and access-log findings are
 * the symptoms the first two cards already answer with (and live on their pages).
 */
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
    figureLabel: `${total === 1 ? 'finding' : 'findings'} in the cluster config`,
    detail: total > 0 ? `${describeCounts(counts)}.` : 'No load-balancer rule fired on this cluster.',
    href: `#${SECTION_IDS.findings}`,
    linkLabel: total > 0 ? 'See all findings' : 'See findings',
    ...CONFIG_BASIS,
  };
}

export interface VerdictEvidence {
  logs?: Evidence<LogReport>;
  probes?: Evidence<ProbesResponse>;
}

export function verdicts(report: ClusterReport, evidence: VerdictEvidence = {}): [Verdict, Verdict, Verdict] {
  return [clientIpVerdict(report, evidence.logs), http3Verdict(report, evidence.probes), trapsVerdict(report)];
}
