// AccumulatorState → the `edgelens logs` report (lib/model LogReport).
// Every list is sorted with a total order, so the same input gives the same
// report however it was split across chunks or worker threads.
import type { AddressClass, ForwardedVia, LogReport, NodeSource, RouterReport, EntryPointReport } from '../model/logs';
import { withSteps, type Finding } from '../model/finding';
import { CLASS_COUNT, CLASS_NODE, CLASS_POD, NET_ADDRESS_CLASSES, type NetAddressClass } from '../net/classify';
import { PROTO_H3, PROTOCOLS } from './fields';
import { noClientFinding, privateOnlyFinding, snatFinding, spoofableFinding, suspectFinding } from './findings';
import { N_CLASSES, N_PROTOCOLS, zeros, type AccumulatorState, type ClientCount, type RowState } from './state';
import { crowdsecLogVisibility, crowdsecVisibility, mergeTallyStates } from './crowdsec-visibility';
import { fmtInt, fmtPct, plural } from './text';
import { minuteIso } from './time';
import { judgeTraffic, type Judgement } from './verdict';

// lib/net declares the class names itself (it imports nothing); keep them identical to lib/model's.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const classesMatch: Same<NetAddressClass, AddressClass> = true;
void classesMatch;
// The counters in state.ts are sized without importing lib/net's list; keep the sizes equal.
if (CLASS_COUNT !== N_CLASSES || PROTOCOLS.length !== N_PROTOCOLS) throw new Error('lib/logs: counter sizes differ from the class/protocol lists');

export interface ReportOptions {
  /** Length of `topClients`. Default 20. */
  topClients?: number;
  /** Where node addresses came from. Without cluster or snapshot, node identity may be incomplete (suspect-snat). */
  nodeSource?: NodeSource;
  /** address → what it is ("pod cloudflared/cloudflared-7d9f"), to name forwarding peers. */
  names?: Readonly<Record<string, string>>;
}

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;

function byClass(counts: readonly number[]): Partial<Record<AddressClass, number>> {
  const out: Partial<Record<AddressClass, number>> = {};
  NET_ADDRESS_CLASSES.forEach((c, i) => {
    const n = counts[i] ?? 0;
    if (n > 0) out[c] = n;
  });
  return out;
}

function allClasses(counts: readonly number[]): Record<AddressClass, number> {
  const out = {} as Record<AddressClass, number>;
  NET_ADDRESS_CLASSES.forEach((c, i) => (out[c] = counts[i] ?? 0));
  return out;
}

function protocolCounts(counts: readonly number[]): Record<string, number> {
  const out: Record<string, number> = {};
  PROTOCOLS.forEach((p, i) => {
    const n = counts[i] ?? 0;
    if (n > 0) out[p] = n;
  });
  return out;
}

function protocolClasses(flat: readonly number[]): Record<string, Partial<Record<AddressClass, number>>> {
  const out: Record<string, Partial<Record<AddressClass, number>>> = {};
  PROTOCOLS.forEach((p, i) => {
    const c = byClass(flat.slice(i * N_CLASSES, (i + 1) * N_CLASSES));
    if (Object.keys(c).length > 0) out[p] = c;
  });
  return out;
}

type MinutePoint = NonNullable<LogReport['series']>[number];

/** { t: "2024-05-01T12:34:00.000Z", node: 12, pod: 0, … } — every class, so chart series line up. */
function minutePoint(minute: number, counts: readonly number[]): MinutePoint {
  // zod infers `{ t: string } & { [k: string]: number }`, which no literal satisfies; fill it key by key.
  const p = { t: minuteIso(minute) } as MinutePoint;
  NET_ADDRESS_CLASSES.forEach((c, i) => (p[c] = counts[i] ?? 0));
  return p;
}

const cmpStr = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function sortRows(rows: RowState[]): RowState[] {
  return [...rows].sort(
    (a, b) => b.requests - a.requests || cmpStr(a.router, b.router) || cmpStr(a.entryPoint ?? '', b.entryPoint ?? ''),
  );
}

function addInto(a: number[], b: readonly number[]): void {
  for (let i = 0; i < b.length; i++) a[i] = (a[i] ?? 0) + (b[i] ?? 0);
}

function mergeCounts(into: Map<string, ClientCount>, list: readonly ClientCount[]): void {
  for (const [ip, cls, n] of list) {
    const cur = into.get(ip);
    if (cur) cur[2] += n;
    else into.set(ip, [ip, cls, n]);
  }
}

function entryPointRows(rows: readonly RowState[]): RowState[] {
  const m = new Map<string, { row: RowState; sources: Map<string, ClientCount>; via: Map<string, ClientCount> }>();
  for (const r of rows) {
    if (r.entryPoint === null) continue;
    let e = m.get(r.entryPoint);
    if (!e) {
      e = {
        row: {
          router: '',
          entryPoint: r.entryPoint,
          requests: 0,
          forwarded: 0,
          forwardedTrusted: 0,
          spoofable: 0,
          unclassified: 0,
          noClient: 0,
          counts: zeros(N_CLASSES),
          peerCounts: zeros(N_CLASSES),
          clientCounts: zeros(N_CLASSES),
          protocols: zeros(N_PROTOCOLS),
          protocolClasses: zeros(N_PROTOCOLS * N_CLASSES),
          sources: [],
          via: [],
        },
        sources: new Map(),
        via: new Map(),
      };
      m.set(r.entryPoint, e);
    }
    const t = e.row;
    t.requests += r.requests;
    t.forwarded += r.forwarded;
    t.forwardedTrusted += r.forwardedTrusted;
    t.spoofable += r.spoofable;
    t.unclassified += r.unclassified;
    t.noClient += r.noClient;
    addInto(t.counts, r.counts);
    addInto(t.peerCounts, r.peerCounts);
    addInto(t.clientCounts, r.clientCounts);
    addInto(t.protocols, r.protocols);
    addInto(t.protocolClasses, r.protocolClasses);
    mergeCounts(e.sources, r.sources);
    mergeCounts(e.via, r.via);
    t.crowdsec = mergeTallyStates(t.crowdsec, r.crowdsec);
  }
  return [...m.values()]
    .map((e) => ({ ...e.row, sources: [...e.sources.values()], via: [...e.via.values()] }))
    .sort((a, b) => b.requests - a.requests || cmpStr(a.entryPoint ?? '', b.entryPoint ?? ''));
}

function forwardedVia(via: readonly ClientCount[], names: Readonly<Record<string, string>> | undefined): ForwardedVia[] {
  return [...via]
    .sort((a, b) => b[2] - a[2] || cmpStr(a[0], b[0]))
    .slice(0, 5)
    .map(([ip, cls, requests]) => ({
      ip,
      class: NET_ADDRESS_CLASSES[cls] ?? 'public',
      requests,
      ...(names?.[ip] ? { name: names[ip] } : {}),
    }));
}

const CLASS_PEER_WORDS: Partial<Record<AddressClass, string>> = {
  pod: 'a pod (an in-cluster proxy such as cloudflared or an ingress)',
  loopback: 'a sidecar on loopback',
  private: 'a proxy in front of Traefik on a private network',
  cgnat: 'a proxy on a CGNAT/VPN address',
  node: 'a node (SNAT happened before Traefik)',
  lb: 'a load-balancer IP',
  public: 'a public address',
  documentation: 'a documentation (RFC 5737/3849) address',
};

/** "through pod 10.42.1.7 (pod cloudflared/cloudflared-7d9f)": who forwarded most of the requests. */
function viaSentence(via: readonly ForwardedVia[]): string {
  const top = via[0];
  if (!top) return '';
  const what = CLASS_PEER_WORDS[top.class] ?? top.class;
  const more = via.length > 1 ? ` and ${plural(via.length - 1, 'other peer')}` : '';
  return ` Forwarded by ${what}: ${top.ip}${top.name ? ` (${top.name})` : ''}, ${plural(top.requests, 'request')}${more}.`;
}

/**
 * PROXY protocol cannot carry HTTP/3 (traefik/traefik#11747): behind HAProxy, QUIC reaches Traefik
 * through the Service while TCP carries the PROXY header. Say so when the split shows.
 */
function protocolSplitNote(r: RowState): string {
  const h3 = r.protocolClasses.slice(PROTO_H3 * N_CLASSES, (PROTO_H3 + 1) * N_CLASSES);
  const h3Total = h3.reduce((a, b) => a + b, 0);
  if (h3Total === 0) return '';
  const h3Snat = (h3[CLASS_NODE] ?? 0) + (h3[CLASS_POD] ?? 0);
  let tcpTotal = 0;
  let tcpSnat = 0;
  for (let p = 0; p < N_PROTOCOLS; p++) {
    if (p === PROTO_H3) continue;
    for (let c = 0; c < N_CLASSES; c++) tcpTotal += r.protocolClasses[p * N_CLASSES + c] ?? 0;
    tcpSnat += (r.protocolClasses[p * N_CLASSES + CLASS_NODE] ?? 0) + (r.protocolClasses[p * N_CLASSES + CLASS_POD] ?? 0);
  }
  if (tcpTotal === 0 || h3Snat / h3Total < 0.8 || tcpSnat / tcpTotal > 0.2) return '';
  return (
    ` The split follows the protocol: ${fmtInt(h3Snat)} of ${plural(h3Total, 'HTTP/3 request')} (${fmtPct(h3Snat / h3Total)}) came from node or pod addresses, ` +
    `but only ${fmtInt(tcpSnat)} of ${plural(tcpTotal, 'TCP request')} (${fmtPct(tcpSnat / tcpTotal)}) — the PROXY protocol cannot carry HTTP/3 ` +
    `(QUIC over UDP; traefik/traefik#11747), so behind HAProxy with PROXY protocol the HTTP/3 requests show node addresses while the TCP ones keep the client.`
  );
}

interface Judged {
  j: Judgement;
  report: Omit<EntryPointReport, 'entryPoint'>;
}

/** The figures and judgement a router row and an entry-point row report alike. */
function judgedRow(r: RowState, scope: string, nodesComplete: boolean, names: ReportOptions['names'], withPeer: boolean): Judged {
  const j = judgeTraffic(r, scope, { nodesComplete });
  const via = forwardedVia(r.via, names);
  const explanation =
    j.explanation + (j.verdict === 'forwarded' ? viaSentence(via) : '') + (j.verdict === 'mixed' ? protocolSplitNote(r) : '');
  const protocols = protocolCounts(r.protocols);
  return {
    j,
    report: {
      requests: r.requests,
      byClass: byClass(r.counts),
      snatRatio: round4(j.snatRatio),
      verdict: j.verdict,
      forwarded: r.forwarded,
      explanation,
      ...(withPeer ? { peerClasses: byClass(r.peerCounts) } : {}),
      clientClasses: byClass(r.clientCounts),
      ...(Object.keys(protocols).length > 0 ? { protocols, protocolClasses: protocolClasses(r.protocolClasses) } : {}),
      ...(r.noClient > 0 ? { noClient: r.noClient } : {}),
      ...(r.spoofable > 0 ? { spoofable: r.spoofable } : {}),
      ...(via.length > 0 ? { forwardedVia: via } : {}),
      ...(r.crowdsec ? { crowdsec: crowdsecVisibility(r.crowdsec, r.requests) } : {}),
    },
  };
}

export function buildLogReport(st: AccumulatorState, opts: ReportOptions = {}): LogReport {
  const nodeSource = opts.nodeSource ?? 'none';
  const nodesComplete = nodeSource === 'cluster' || nodeSource === 'snapshot';
  const withPeer = st.withPeer > 0;
  const rows = sortRows(st.rows);
  const routerCount = new Map<string, number>();
  for (const r of rows) routerCount.set(r.router, (routerCount.get(r.router) ?? 0) + 1);

  const judgedRows = rows.map((r) => {
    const scope = `on ${r.router}${r.entryPoint && (routerCount.get(r.router) ?? 0) > 1 ? ` (entrypoint ${r.entryPoint})` : ''}`;
    return { row: r, ...judgedRow(r, scope, nodesComplete, opts.names, withPeer) };
  });
  const routers: RouterReport[] = judgedRows.map(({ row: r, report }) => ({
    router: r.router,
    ...(r.entryPoint !== null ? { entryPoint: r.entryPoint } : {}),
    ...report,
    ...(r.services && r.services.length > 0 ? { services: [...r.services].sort() } : {}),
  }));

  const entryPoints: EntryPointReport[] = entryPointRows(rows).map((r) => ({
    entryPoint: r.entryPoint ?? '',
    ...judgedRow(r, `on entrypoint ${r.entryPoint ?? ''}`, nodesComplete, opts.names, withPeer).report,
  }));

  const topClients = [...st.clients]
    .sort((a, b) => b[2] - a[2] || cmpStr(a[0], b[0]))
    .slice(0, opts.topClients ?? 20)
    .map(([ip, cls, requests]) => ({ ip, class: NET_ADDRESS_CLASSES[cls] ?? 'public', requests }));

  const classified = st.parsed - st.unclassified;
  const namedRouters = new Set(rows.map((r) => r.router)).size;
  let verdict: LogReport['verdict'];
  let explanation: string;
  let overall: Judgement | null = null;
  if (classified <= 0) {
    verdict = 'unknown';
    const malformed = st.lines - st.parsed - st.blank;
    explanation =
      st.parsed === 0
        ? `unknown: none of the ${fmtInt(st.lines)} lines is a Traefik access-log entry (${fmtInt(malformed)} malformed, ${fmtInt(st.blank)} blank) — ` +
          'check that access logs are enabled and written as json, common or genericCLF.'
        : st.noClient === st.parsed
          ? `unknown: ${fmtInt(st.parsed)} access-log entries were parsed, but none carries a client field (ClientHost or ClientAddr): Traefik's accessLog.fields settings drop it.`
          : `unknown: ${fmtInt(st.parsed)} entries were parsed, but none has a client address that is an IP address.`;
  } else {
    const sources = new Map<string, ClientCount>();
    for (const r of rows) mergeCounts(sources, r.sources);
    overall = judgeTraffic(
      {
        requests: st.parsed,
        forwarded: st.forwarded,
        forwardedTrusted: st.forwardedTrusted,
        unclassified: st.unclassified,
        counts: st.classTotals,
        // The whole log's judged addresses (rows keep only a bounded sample of theirs).
        sources: st.judged.length > 0 ? st.judged : [...sources.values()],
      },
      `on ${namedRouters} router${namedRouters === 1 ? '' : 's'}`,
      { allowForwarded: false, nodesComplete },
    );
    verdict = overall.verdict === 'forwarded' ? 'mixed' : overall.verdict;
    explanation = overall.explanation;
    if (st.format === 'clf') {
      explanation += ' (CLF logs carry only ClientHost — the X-Forwarded-For value when there was one — not the TCP peer (ClientAddr): a forwarded single address cannot be told from a direct client; the JSON format can.)';
    }
    if (st.clientsCapped) {
      explanation += ' (More distinct clients than edgelens counts one by one: topClients covers the first ones seen.)';
    }
    if (st.seriesCapped) explanation += ' (The log spans more minutes than the series keeps: later minutes are left out of it.)';
  }

  const series = [...st.minutes]
    .sort((a, b) => a[0] - b[0])
    .map(([m, c]) => minutePoint(m, c));

  const findings: Finding[] = [];
  for (const { row: r, j } of judgedRows) {
    const f = snatFinding(r, j, (routerCount.get(r.router) ?? 0) > 1);
    if (f) findings.push(f);
  }
  for (const r of rows) {
    const f = spoofableFinding(r, opts.names);
    if (f) findings.push(f);
  }
  if (overall?.verdict === 'suspect-snat' && overall.suspects) findings.push(suspectFinding(st, overall, nodeSource));
  const po = privateOnlyFinding(st);
  if (po) findings.push(po);
  const nc = noClientFinding(st);
  if (nc) findings.push(nc);

  const protocols = protocolCounts(st.protocolTotals);
  const allVia = new Map<string, ClientCount>();
  for (const r of rows) mergeCounts(allVia, r.via);
  const via = forwardedVia([...allVia.values()], opts.names);
  return {
    lines: st.lines,
    parsed: st.parsed,
    malformed: st.lines - st.parsed - st.blank,
    blank: st.blank,
    format: st.format ?? 'json',
    classes: allClasses(st.classTotals),
    ...(st.unclassified > 0 ? { unclassified: st.unclassified } : {}),
    routers,
    ...(entryPoints.length > 0 ? { entryPoints } : {}),
    topClients,
    verdict,
    explanation,
    ...(withPeer ? { peerClasses: byClass(st.peerTotals) } : {}),
    clientClasses: byClass(st.clientTotals),
    ...(Object.keys(protocols).length > 0 ? { protocols, protocolClasses: protocolClasses(st.protocolClassTotals) } : {}),
    noClient: st.noClient,
    ...(via.length > 0 ? { forwardedVia: via } : {}),
    nodeSource,
    ...(overall?.verdict === 'suspect-snat' && overall.suspects
      ? { suspects: overall.suspects.map(([ip, cls, requests]) => ({ ip, class: NET_ADDRESS_CLASSES[cls] ?? 'private', requests })) }
      : {}),
    series,
    findings: findings.map(withSteps),
    ...(st.crowdsecAssumed ? { crowdsec: crowdsecLogVisibility(st.rows, st.crowdsecAssumed) } : {}),
  };
}
