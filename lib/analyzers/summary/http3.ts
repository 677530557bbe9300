// 2. Does HTTP/3 work through my load balancer? The HTTP/3 probes when one ran; the access
// logs' RequestProtocol counts as passive evidence (real browsers that use HTTP/3 leave
// "HTTP/3.0" entries; none while h3 is advertised or UDP is served means they fall back to
// TCP: h3-advertised-never-used); the cluster config otherwise. Pure.
import type { ClusterReport } from '../../model/cluster';
import type { Finding } from '../../model/finding';
import type { LogReport } from '../../model/logs';
import type { ProbeError, ProbesResponse, ProbeTargetStatus } from '../../model/probe';
import { describeProbeTotals, ofProbed, probeTotals } from '../../model/probe-totals';
import type { Answer, Basis } from '../../model/summary';
import { dataOf, logsAnswer, nameOf, quicPortsOf, services, webPortsOf, type SummaryInput } from './input';
import { fmtInt, fmtPct, listNames, plural, stripDot } from './words';

/** Below this many TCP requests, no HTTP/3 entry proves nothing: browsers first learn Alt-Svc over TCP. */
export const H3_NEVER_USED_MIN_REQUESTS = 50;

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

/** The targets with an HTTP/3 result, as probeTotals counts them (the Edge page counts the same). */
function probedH3(doc: ProbesResponse): ProbedH3[] {
  const counted = new Set(probeTotals(doc.targets).h3.probed);
  return doc.targets.filter((t): t is ProbedH3 => counted.has(t.name) && t.h3 !== undefined);
}

const where = (t: ProbeTargetStatus): string => `${t.name} (${t.host}:${t.port})`;

interface Passive {
  h3: number;
  total: number;
  /** Where h3 is offered: Alt-Svc seen by a probe, or a UDP port the cluster serves next to HTTPS. */
  offered: string[];
}

function passive(logs: LogReport | null, probes: ProbesResponse | null, cluster: ClusterReport | null): Passive | null {
  if (!logsAnswer(logs) || !logs.protocols) return null;
  const total = Object.values(logs.protocols).reduce((a, b) => a + b, 0);
  const h3 = logs.protocols['HTTP/3.0'] ?? 0;
  const offered = [
    ...(probes?.targets ?? []).filter((t) => t.altSvc.advertised !== null).map((t) => `Alt-Svc "${t.altSvc.advertised ?? ''}" on ${where(t)} (TCP probe)`),
    ...(cluster ? services(cluster, 'assigned') : [])
      .filter((x) => quicPortsOf(x.svc).length > 0 && webPortsOf(x.svc).length > 0)
      .map((x) => `Service ${nameOf(x.svc)} serves ${quicPortsOf(x.svc).join(', ')} on ${x.ip}`),
  ];
  return { h3, total, offered };
}

/** h3-advertised-never-used: h3 is offered, plenty of requests arrived, none over HTTP/3. */
export function h3NeverUsedFinding(p: Passive | null, logs: LogReport | null): Finding | null {
  if (!p || p.h3 > 0 || p.offered.length === 0 || p.total < H3_NEVER_USED_MIN_REQUESTS) return null;
  const byProto = Object.entries(logs?.protocols ?? {}).map(([k, n]) => `${k} ${fmtInt(n)}`).join(', ');
  return {
    rule: 'h3-advertised-never-used',
    severity: 'warning',
    subjects: [],
    message: `HTTP/3 is offered, but none of the ${fmtInt(p.total)} requests in the access log arrived over HTTP/3`,
    evidence: [...p.offered, `RequestProtocol in the access log: ${byProto}`],
    why:
      'Browsers that learn h3 from Alt-Svc try QUIC on the next connection; when every request still arrives over TCP, their QUIC attempts fail ' +
      'somewhere between them and Traefik (UDP blocked or spread across pods, a port that does not reach Traefik) and they fall back — slower, and silently.',
    fix:
      'Probe HTTP/3 from outside (`edgelens probe h3 HOST:443`); check that the LoadBalancer Service exposes UDP 443 to Traefik\u2019s http3 entrypoint, ' +
      'that the router forwards UDP 443, and that one QUIC flow stays on one pod (externalTrafficPolicy: Local or a single endpoint). ' +
      'If HTTP/3 is not wanted, stop advertising it (remove http3 from the entrypoint).',
  };
}

function fromProbes(doc: ProbesResponse, probed: readonly ProbedH3[], evidenceTail: string[], basis: Basis[]): Answer {
  // Counted the one way the Edge page counts too (lib/model/probe-totals.ts).
  const totals = probeTotals(doc.targets);
  const failing = probed.filter((t) => t.h3.verdict === 'failing');
  const flaky = probed.filter((t) => t.h3.verdict === 'intermittent');
  const ok = probed.filter((t) => t.h3.verdict === 'ok');
  const lines = probed.map(
    (t) => `HTTP/3 probe of ${where(t)}: ${t.h3.ok} of ${t.h3.samples} succeeded${t.h3.lastError ? ` (last error: ${t.h3.lastError.error})` : ''}; Alt-Svc: ${t.altSvc.advertised ?? 'none seen'}`,
  );
  // Lab mode's own loopback servers are never mistaken for the user's edge.
  const lab = totals.bySource.lab;
  const all = totals.targets.length;
  const labLine = lab === 0 ? [] : [`${lab === all ? 'All' : `${lab} of`} ${plural(all, 'probed target')} ${lab === 1 && lab !== all ? 'is a lab target' : 'are lab targets'} on loopback (the demo's own HTTP/3 servers, not your edge)`];
  const evidence = [...labLine, `Probe totals: ${describeProbeTotals(totals)}`, ...lines, ...evidenceTail];
  const base = { evidence, basis, link: '/edge' };
  const f = failing[0];
  if (f) {
    const failure = f.h3.lastError ? H3_FAILURE[f.h3.lastError.error] : 'HTTP/3 fails';
    return {
      ...base,
      answer: ok.length > 0 ? 'partly' : 'no',
      headline: `${ok.length > 0 ? 'Partly' : 'No'} — ${f.altSvc.advertised ? 'advertised, but ' : ''}${failure} on ${where(f)}${failing.length > 1 ? ` and ${plural(failing.length - 1, 'more target')}` : ''} (HTTP/3 fails on ${failing.length} ${ofProbed(totals, 'h3')}).`,
    };
  }
  const i = flaky[0];
  if (i) {
    return { ...base, answer: 'partly', headline: `Sometimes — only ${i.h3.ok} of ${i.h3.samples} HTTP/3 requests (${fmtPct(i.h3.successRatio)}) succeed on ${where(i)}.` };
  }
  const hidden = ok.filter((t) => t.altSvc.verdict === 'not-advertised');
  const h = hidden[0];
  if (h) return { ...base, answer: 'partly', headline: `Partly — h3 answers on ${where(h)}, but no Alt-Svc header advertises it: browsers stay on HTTP/2.` };
  return { ...base, answer: 'yes', headline: `Yes — ${plural(ok.length, 'probed target')} ${ok.length === 1 ? 'answers' : 'answer'} HTTP/3 (${listNames(ok.map((t) => t.name))}).` };
}

export function http3Answer(input: SummaryInput): { answer: Answer; findings: Finding[] } {
  const cluster = dataOf(input.cluster);
  const logs = dataOf(input.logs);
  const probes = dataOf(input.probes);
  const p = passive(logs, probes, cluster);
  const neverUsed = h3NeverUsedFinding(p, logs);
  const findings = neverUsed ? [neverUsed] : [];
  const passiveLine = p
    ? [`Access log: ${fmtInt(p.h3)} of ${plural(p.total, 'request')} arrived over HTTP/3${logs?.protocols ? ` (${Object.entries(logs.protocols).map(([k, n]) => `${k} ${fmtInt(n)}`).join(', ')})` : ''}`]
    : [];
  const basisTail: Basis[] = [...(p ? (['logs'] as const) : []), ...(cluster ? (['cluster'] as const) : [])];

  const probed = probes ? probedH3(probes) : [];
  if (probes && probed.length > 0) {
    const a = fromProbes(probes, probed, [...passiveLine, ...(neverUsed ? [neverUsed.message] : [])], ['probes', ...basisTail]);
    // Probes say it works, yet no real client ever used it: say so.
    if (a.answer === 'yes' && neverUsed) return { answer: { ...a, answer: 'partly', headline: `Partly — the probes reach HTTP/3, but ${stripDot(neverUsed.message).replace(/^HTTP\/3 is offered, but /, '')}: real browsers fall back to TCP.` }, findings };
    return { answer: a, findings };
  }
  if (neverUsed) {
    return {
      answer: { answer: 'no', headline: `Likely not — ${neverUsed.message}: browsers that try it fall back to TCP.`, evidence: [...neverUsed.evidence], basis: basisTail, link: '/clients' },
      findings,
    };
  }
  if (p && p.h3 > 0) {
    return {
      answer: {
        answer: 'yes',
        headline: `Yes — ${fmtInt(p.h3)} of ${plural(p.total, 'request')} (${fmtPct(p.h3 / p.total)}) in the access log arrived over HTTP/3.`,
        evidence: [...passiveLine, ...p.offered],
        basis: basisTail,
        link: '/clients',
      },
      findings,
    };
  }
  const probeNote = probeGap(input);
  if (!cluster) return { answer: { answer: 'unknown', headline: `Unknown — ${probeNote}, and no cluster was read.`, evidence: passiveLine, basis: basisTail }, findings };
  return { answer: fromConfig(cluster, probeNote, passiveLine, basisTail), findings };
}

function probeGap(input: SummaryInput): string {
  const r = input.probes;
  if (r === null) return 'not probed';
  if (!r.ok) return `the probe results could not be read (${r.reason})`;
  // The same targets probeTotals counts (the Edge page's totals): those edgelens probes.
  const probed = new Set(probeTotals(r.data.targets).targets);
  const targets = r.data.targets.filter((t) => probed.has(t.name));
  if (r.data.running && targets.length > 0) return 'probing now';
  if (targets.length === 0) return `not probed — no probe target is configured${r.data.configError ? ' (the target list could not be read)' : ''}`;
  if (!targets.some((t) => t.kinds.includes('h3'))) return 'not probed — no probe target includes the h3 kind';
  return `not probed yet — ${plural(targets.length, 'target')} configured`;
}

function fromConfig(report: ClusterReport, probeNote: string, passiveLine: string[], basis: Basis[]): Answer {
  const quic = report.findings.filter((f) => f.rule.startsWith('quic-'));
  const evidence = [...passiveLine, `HTTP/3 probes: ${probeNote}.`];
  const top = quic.find((f) => f.severity === 'error') ?? quic.find((f) => f.severity === 'warning') ?? quic[0];
  if (top) {
    return {
      answer: top.rule === 'quic-udp-port-missing' ? 'no' : 'partly',
      headline: `${top.rule === 'quic-udp-port-missing' ? 'No' : 'At risk'} — ${stripDot(top.message)}${quic.length > 1 ? ` (+${plural(quic.length - 1, 'more HTTP/3 finding')})` : ''}.`,
      evidence: [...quic.map((f) => f.message), ...evidence],
      basis,
      link: '#findings',
    };
  }
  const h3 = services(report, 'assigned').filter((x) => quicPortsOf(x.svc).length > 0 && webPortsOf(x.svc).length > 0);
  if (h3.length > 0) {
    const ports = h3.flatMap((x) => quicPortsOf(x.svc).map((p) => `${p} on ${x.ip} (${nameOf(x.svc)}, externalTrafficPolicy: ${x.svc.externalTrafficPolicy})`));
    return {
      answer: 'unknown',
      headline: `The config would allow it — ${listNames(ports, 2)} next to HTTPS — but nothing confirms it: ${probeNote}.`,
      evidence: [...ports.map((p) => `Service port ${p}`), ...evidence],
      basis,
      link: '/edge',
    };
  }
  const refused = services(report, 'requested').filter((x) => quicPortsOf(x.svc).length > 0);
  if (refused[0]) {
    return {
      answer: 'no',
      headline: `No — ${nameOf(refused[0].svc)} would serve ${quicPortsOf(refused[0].svc).join(', ')}, but has no external IP (${refused[0].ip} was not assigned).`,
      evidence,
      basis,
      link: '#findings',
    };
  }
  const any = services(report, 'assigned').length > 0;
  return {
    answer: any ? 'no' : 'unknown',
    headline: any
      ? 'No — no LoadBalancer Service exposes a QUIC (UDP) port next to HTTPS: browsers stay on HTTP/2 over TCP.'
      : 'Unknown — no LoadBalancer Service has an IP.',
    evidence,
    basis,
    link: '#load-balancers',
  };
}
