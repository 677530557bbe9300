// The mergeable summary of a piece of log: what an accumulator (or a worker
// thread) hands back. Plain data, so it crosses worker_threads by structured
// clone, and merging is plain addition — the order of merging never changes
// the report.
import type { ClfVariant } from './clf-line';
import { mergeTallyStates, type CrowdsecTallyState } from './crowdsec-visibility';
import type { CrowdsecAssumption } from '../model/crowdsec-visibility';

/** Per-class counters: NET_ADDRESS_CLASSES.length (lib/net/classify CLASS_COUNT). */
export const N_CLASSES = 9;
/** Per-protocol counters: fields.ts PROTOCOLS.length. */
export const N_PROTOCOLS = 5;

export const zeros = (n: number): number[] => new Array<number>(n).fill(0);

/** Traefik service names kept per router row (a router has one; weighted services or a config change show a few). */
export const MAX_ROW_SERVICES = 4;

/** Union of two rows' service names, sorted and capped, so the order of merging never changes it. */
export function mergeServices(a: readonly string[] | undefined, b: readonly string[] | undefined): string[] | undefined {
  if (!a && !b) return undefined;
  return [...new Set([...(a ?? []), ...(b ?? [])])].sort().slice(0, MAX_ROW_SERVICES);
}

/** The row that collects (router, entrypoint) pairs beyond the accumulator's row cap. */
export const OTHER_ROUTERS = '(other routers)';

/** [canonical address, class index (NET_ADDRESS_CLASSES), requests] */
export type ClientCount = [ip: string, cls: number, requests: number];

export interface RowState {
  router: string;
  entryPoint: string | null;
  requests: number;
  forwarded: number;
  /** Forwarded requests whose peer is a proxy hop that may be trusted (pod, loopback, private, CGNAT, link-local) or unknown (CLF). */
  forwardedTrusted: number;
  /** Forwarded requests whose peer is public (or a documentation address): the client address is whatever that peer claimed. */
  spoofable: number;
  unclassified: number;
  /** Entries without a client field (accessLog.fields dropped ClientHost); also counted in `unclassified`. */
  noClient: number;
  /** Requests per class of the judged address (the peer, or the client a trusted proxy reported), NET_ADDRESS_CLASSES order. */
  counts: number[];
  /** Requests per class of ClientAddr (the TCP peer); all zero when the entries carry no ClientAddr. */
  peerCounts: number[];
  /** Requests per class of ClientHost (its first X-Forwarded-For entry: the claimed client). */
  clientCounts: number[];
  /** Requests per protocol index (fields.ts PROTOCOLS). */
  protocols: number[];
  /** Judged class per protocol: index protocol * N_CLASSES + class. */
  protocolClasses: number[];
  /** Judged source addresses of node, pod, LB, private and CGNAT class seen on this row (bounded). */
  sources: ClientCount[];
  /** Peers of forwarded requests (bounded). */
  via: ClientCount[];
  /** What CrowdSec would do with these requests. */
  crowdsec?: CrowdsecTallyState;
  /** Traefik ServiceName values of this row, first seen first (bounded); absent when the log has none (CLF). */
  services?: string[];
}

export interface AccumulatorState {
  format: 'json' | 'clf' | null;
  clfVariant: ClfVariant | null;
  /** Every line seen, including blank and malformed ones. */
  lines: number;
  /** Complete access-log entries. */
  parsed: number;
  /** Lines with nothing but whitespace. */
  blank: number;
  /** Entries whose client is not an IP address ("-", "unknown", …). */
  unclassified: number;
  /** Entries whose client address came from X-Forwarded-For. */
  forwarded: number;
  forwardedTrusted: number;
  spoofable: number;
  /** Entries without a client field. */
  noClient: number;
  /** Entries that carry ClientAddr (the peer). */
  withPeer: number;
  peerTotals: number[];
  clientTotals: number[];
  protocolTotals: number[];
  protocolClassTotals: number[];
  /** Judged addresses (peer, or the client a trusted proxy reported) with their request counts. */
  judged: ClientCount[];
  classTotals: number[];
  /** Classified clients with their request counts. */
  clients: ClientCount[];
  /** True when the distinct-client cap was reached: later new clients were classified but not counted individually. */
  clientsCapped: boolean;
  /** True when the series left out minutes beyond the distinct-minute cap. */
  seriesCapped: boolean;
  rows: RowState[];
  /** [epoch minute, requests per class index] */
  minutes: Array<[number, number[]]>;
  /** The CrowdSec hub behaviour and whitelist the row tallies assume. */
  crowdsecAssumed?: CrowdsecAssumption;
}

export function emptyState(): AccumulatorState {
  return {
    format: null,
    clfVariant: null,
    lines: 0,
    parsed: 0,
    blank: 0,
    unclassified: 0,
    forwarded: 0,
    forwardedTrusted: 0,
    spoofable: 0,
    noClient: 0,
    withPeer: 0,
    peerTotals: zeros(N_CLASSES),
    clientTotals: zeros(N_CLASSES),
    protocolTotals: zeros(N_PROTOCOLS),
    protocolClassTotals: zeros(N_PROTOCOLS * N_CLASSES),
    judged: [],
    classTotals: zeros(N_CLASSES),
    clients: [],
    clientsCapped: false,
    seriesCapped: false,
    rows: [],
    minutes: [],
  };
}

function addInto(a: number[], b: readonly number[]): number[] {
  const out = a.slice();
  for (let i = 0; i < b.length; i++) out[i] = (out[i] ?? 0) + (b[i] ?? 0);
  return out;
}

function mergeCounts(a: readonly ClientCount[], b: readonly ClientCount[]): ClientCount[] {
  const m = new Map<string, ClientCount>();
  for (const list of [a, b]) {
    for (const [ip, cls, n] of list) {
      const cur = m.get(ip);
      if (cur) cur[2] += n;
      else m.set(ip, [ip, cls, n]);
    }
  }
  return [...m.values()];
}

const rowKey = (r: RowState): string => `${r.router}\u0000${r.entryPoint ?? ''}\u0000${r.entryPoint === null ? 0 : 1}`;

/** a + b. Neither input is modified. */
export function mergeStates(a: AccumulatorState, b: AccumulatorState): AccumulatorState {
  const rows = new Map<string, RowState>();
  for (const r of [...a.rows, ...b.rows]) {
    const k = rowKey(r);
    const cur = rows.get(k);
    if (!cur) {
      rows.set(k, {
        ...r,
        counts: r.counts.slice(),
        peerCounts: r.peerCounts.slice(),
        clientCounts: r.clientCounts.slice(),
        protocols: r.protocols.slice(),
        protocolClasses: r.protocolClasses.slice(),
        sources: r.sources.map((s) => [...s] as ClientCount),
        via: r.via.map((s) => [...s] as ClientCount),
        ...(r.services ? { services: [...r.services] } : {}),
      });
      continue;
    }
    cur.requests += r.requests;
    cur.forwarded += r.forwarded;
    cur.forwardedTrusted += r.forwardedTrusted;
    cur.spoofable += r.spoofable;
    cur.unclassified += r.unclassified;
    cur.noClient += r.noClient;
    cur.counts = addInto(cur.counts, r.counts);
    cur.peerCounts = addInto(cur.peerCounts, r.peerCounts);
    cur.clientCounts = addInto(cur.clientCounts, r.clientCounts);
    cur.protocols = addInto(cur.protocols, r.protocols);
    cur.protocolClasses = addInto(cur.protocolClasses, r.protocolClasses);
    cur.sources = mergeCounts(cur.sources, r.sources);
    cur.via = mergeCounts(cur.via, r.via);
    cur.crowdsec = mergeTallyStates(cur.crowdsec, r.crowdsec);
    const services = mergeServices(cur.services, r.services);
    if (services) cur.services = services;
  }
  const minutes = new Map<number, number[]>();
  for (const [m, c] of [...a.minutes, ...b.minutes]) {
    const cur = minutes.get(m);
    minutes.set(m, cur ? addInto(cur, c) : c.slice());
  }
  return {
    format: a.format ?? b.format,
    clfVariant: a.clfVariant ?? b.clfVariant,
    lines: a.lines + b.lines,
    parsed: a.parsed + b.parsed,
    blank: a.blank + b.blank,
    unclassified: a.unclassified + b.unclassified,
    forwarded: a.forwarded + b.forwarded,
    forwardedTrusted: a.forwardedTrusted + b.forwardedTrusted,
    spoofable: a.spoofable + b.spoofable,
    noClient: a.noClient + b.noClient,
    withPeer: a.withPeer + b.withPeer,
    peerTotals: addInto(a.peerTotals, b.peerTotals),
    clientTotals: addInto(a.clientTotals, b.clientTotals),
    protocolTotals: addInto(a.protocolTotals, b.protocolTotals),
    protocolClassTotals: addInto(a.protocolClassTotals, b.protocolClassTotals),
    judged: mergeCounts(a.judged, b.judged),
    classTotals: addInto(a.classTotals, b.classTotals),
    clients: mergeCounts(a.clients, b.clients),
    clientsCapped: a.clientsCapped || b.clientsCapped,
    seriesCapped: a.seriesCapped || b.seriesCapped,
    ...(a.crowdsecAssumed ?? b.crowdsecAssumed ? { crowdsecAssumed: a.crowdsecAssumed ?? b.crowdsecAssumed } : {}),
    rows: [...rows.values()],
    minutes: [...minutes.entries()],
  };
}
