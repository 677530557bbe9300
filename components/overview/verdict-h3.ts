// 2. Does HTTP/3 work through my load balancer? From the edge probes once an H3 probe ran,
// with the cluster config (UDP port next to HTTPS, flows split across pods) as support or fallback. Pure.
import { type ClusterReport, type ProbeError, type ProbesResponse, type ProbeTargetStatus } from '@/lib/model';
import { fmtPct } from '../clients/words';
import { endpointOf, formatMs } from '../edge/edge-view';
import { plural, SECTION_IDS } from './anchors';
import { shorten, type Evidence } from './evidence';
import { allocatedServices, bySeverity, capitalize, CONFIG_BASIS, type ConfigAnswer, h3Ports, indexed, listNames, nameOf, names, refusalAnchor, refusedServices, sentence, stripDot, supportOf, udpPorts, type Verdict, type VerdictNote } from './verdict-kit';

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

/** " (2 of them lab targets on loopback)": lab mode's own servers are never mistaken for the user's edge. */
function labCount(probed: readonly ProbedH3[]): string {
  const n = probed.filter((t) => t.source === 'lab').length;
  if (n === 0) return '';
  return n === probed.length ? ` (lab targets on loopback)` : ` (${n} of them lab targets on loopback)`;
}

const EDGE_LINK = { href: '/edge', linkLabel: 'See the probe evidence' } as const;

/** The answer the HTTP/3 probes give, with the cluster config as its supporting line. */
function http3FromProbes(probed: readonly ProbedH3[], config: ConfigAnswer): Verdict {
  const base = {
    id: 'h3',
    question: H3_Q,
    ...EDGE_LINK,
    basis: 'probes',
    basisLabel: `HTTP/3 probes of ${plural(probed.length, 'target')}${labCount(probed)}`,
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
