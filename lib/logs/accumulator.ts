// The streaming core: bytes in, counts out.
//
// Counting rules (CONTRACT.md `logs`):
//  * `lines`     every line seen. Lines end at "\n" ("\r\n" is fine); a last
//                line without a newline counts, an empty rest after the final
//                newline does not.
//  * `blank`     lines holding only spaces, tabs or "\r". Not entries, not malformed.
//  * `parsed`    lines that are complete access-log entries in the stream's format.
//  * `malformed` = lines − parsed − blank: everything else — Traefik's own log
//                lines, truncated JSON, binary junk, invalid UTF-8, lines longer
//                than `maxLineBytes` (skipped without being buffered), lines of
//                the other format. Never fatal.
//
// Speed: chunks are scanned in place (Buffer.indexOf for newlines and keys),
// values are interned from their bytes (ByteTable), each distinct client is
// classified once, and counters live in typed arrays — no per-line strings or
// objects. UTF-8 validity is checked once per chunk with the native
// buffer.isUtf8 and per line only in the rare chunk that fails.
import { isUtf8 } from 'node:buffer';
import {
  createClassIndexer,
  CLASS_CGNAT,
  CLASS_DOCUMENTATION,
  CLASS_LB,
  CLASS_PRIVATE,
  CLASS_PUBLIC,
  type ClassifierContext,
} from '../net/classify';
import { parseIp, extractHost, formatIp } from '../net/ip';
import { ByteTable } from './byte-table';
import { scanClfLine, type ClfVariant } from './clf-line';
import { crowdsecAssumption, CrowdsecVisibilityCounter, newCrowdsecTally, tallyState, type CrowdsecTally, type CrowdsecVisibilityOptions } from './crowdsec-visibility';
import { newLineFields, peerHasHost, peerHostRange, peerIsHost, type LineFields } from './fields';
import { detectFormat, DETECT_BYTES, type FormatOption, type LogFormat } from './format';
import { JsonLineScanner, ENTRY } from './json-line';
import { buildLogReport, type ReportOptions } from './report';
import { emptyState, mergeStates, MAX_ROW_SERVICES, N_CLASSES, N_PROTOCOLS, OTHER_ROUTERS, zeros, type AccumulatorState, type ClientCount, type RowState } from './state';
import type { LogReport } from '../model/logs';

export interface LogAccumulatorOptions extends ReportOptions, CrowdsecVisibilityOptions {
  /** Default `auto`: detected from the first 64 KiB. */
  format?: FormatOption;
  /** CLF flavour when `format` is `clf` and the caller already knows it (otherwise detected). */
  clfVariant?: ClfVariant;
  /** Longer lines are malformed and skipped without buffering them. Default 1 MiB. */
  maxLineBytes?: number;
  /** Distinct clients counted individually (for topClients); memory stays bounded beyond it. Default 200,000. */
  maxClients?: number;
  /** (router, entrypoint) rows; further pairs are counted under "(other routers)". Default 10,000. */
  maxRows?: number;
  /** Distinct minutes kept for the series. Default 100,000. */
  maxMinutes?: number;
}

/** Long X-Forwarded-For chains and big kept headers make long lines; 1 MiB keeps them entries. */
export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;
export const DEFAULT_MAX_CLIENTS = 200_000;
/**
 * Memory bounds for input that is not a sane access log (garbage router names,
 * random timestamps): (router, entrypoint) rows beyond this count go to one
 * "(other routers)" row, minutes beyond this many distinct ones are left out of
 * the series. Real logs stay far below both (a year is 525,600 minutes; the
 * bound is about 70 days of traffic in one file).
 */
export const DEFAULT_MAX_ROWS = 10_000;
export const DEFAULT_MAX_MINUTES = 100_000;

/** Source addresses remembered per router row for the finding's evidence. */
const MAX_ROW_SOURCES = 512;

interface Row {
  router: string;
  entryPoint: string | null;
  requests: number;
  forwarded: number;
  forwardedTrusted: number;
  spoofable: number;
  unclassified: number;
  noClient: number;
  peerCounts: Float64Array;
  clientCounts: Float64Array;
  /**
   * Requests by (protocol, judged class): row (PROTO_* + 1, 0 = no protocol), column class
   * (N_CLASSES = no IP address). One increment per request; counts, protocols and every total
   * are summed from it when the state is taken.
   */
  matrix: Float64Array;
  /** address id → requests, for judged node/pod/LB/private/CGNAT sources only. */
  sources: Map<number, number>;
  /** address id → forwarded requests, by the peer that forwarded them. */
  via: Map<number, number>;
  /** What CrowdSec would do with these requests (crowdsec-visibility.ts). */
  crowdsec: CrowdsecTally;
  /** ServiceName values seen on this row, first seen first (at most MAX_ROW_SERVICES). */
  services: string[];
  /** The bytes of the last ServiceName seen, so a repeat costs one byte comparison and no string. */
  lastService: Buffer | null;
}

function newRow(router: string, entryPoint: string | null): Row {
  return {
    router,
    entryPoint,
    requests: 0,
    forwarded: 0,
    forwardedTrusted: 0,
    spoofable: 0,
    unclassified: 0,
    noClient: 0,
    peerCounts: new Float64Array(N_CLASSES),
    clientCounts: new Float64Array(N_CLASSES),
    matrix: new Float64Array(MATRIX_SIZE),
    sources: new Map(),
    via: new Map(),
    crowdsec: newCrowdsecTally(),
    services: [],
    lastService: null,
  };
}

const MATRIX_W = N_CLASSES + 1;
const MATRIX_SIZE = (N_PROTOCOLS + 1) * MATRIX_W;

/** Classes whose addresses a row remembers: SNAT sources, and the private ones that may be unlisted nodes. */
const SOURCE_CLASS = new Uint8Array(N_CLASSES);
for (let c = 0; c <= CLASS_LB; c++) SOURCE_CLASS[c] = 1;
SOURCE_CLASS[CLASS_PRIVATE] = 1;
SOURCE_CLASS[CLASS_CGNAT] = 1;

/**
 * The peer classes whose X-Forwarded-For decides the judged address: a proxy hop inside the
 * cluster (pod, loopback) or in front of it on a private network reports the client. A node or
 * LB peer means SNAT happened before Traefik (the header is judged as no better than the
 * packet); a public peer means anyone could have written the header (client-ip-spoofable).
 */
const TRUSTED_HOP = new Uint8Array(N_CLASSES);
for (const c of [1, 3, CLASS_PRIVATE, CLASS_CGNAT, 6]) TRUSTED_HOP[c] = 1;

export class LogAccumulator {
  private readonly classIndex: (ip: string) => number;
  private readonly crowdsec: CrowdsecVisibilityCounter;
  private readonly crowdsecOptions: CrowdsecVisibilityOptions;
  private readonly reportOptions: ReportOptions;
  private readonly maxLineBytes: number;
  private readonly maxClients: number;
  private readonly maxRows: number;
  private readonly maxMinutes: number;
  /** The format lines are parsed with; null until detected. */
  private format: LogFormat | null;
  /** The format the caller asked for (json/clf), or null for auto. */
  private readonly forcedFormat: LogFormat | null;
  private clfVariant: ClfVariant;
  private readonly clfFixed: boolean;

  // Auto-detection: the head is held back until 64 KiB (or the end) has arrived.
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  // A line split across chunks.
  private carry = Buffer.alloc(4096);
  private carryLen = 0;
  private skipping = false;
  private ended = false;

  private lines = 0;
  private parsed = 0;
  private blank = 0;
  private unclassified = 0;
  private forwarded = 0;
  private forwardedTrusted = 0;
  private spoofable = 0;
  private noClient = 0;
  private withPeer = 0;

  /** Every address seen (claimed clients and peers alike), interned once and classified once. */
  private readonly clients = new ByteTable(1024);
  private clientClass: Int8Array = new Int8Array(1024);
  /** Requests per address as the claimed client (ClientHost's first entry): topClients. */
  private clientCount: Float64Array = new Float64Array(1024);
  /** Requests per address as the judged source. */
  private judgedCount: Float64Array = new Float64Array(1024);
  private readonly clientIp: string[] = [];
  private clientsCapped = false;
  // Set by recordPeer() (the uncommon peer: X-Forwarded-For, or a spelling that differs).
  private peerId = -1;
  private peerCls = -1;
  private peerKnown = false;
  private peerViaXff = false;
  /** Class of the last address looked up (set by lookup()). */
  private lastCls = -1;

  /** (RouterName, entryPointName) → row index; an empty part means absent. */
  private readonly rowKeys = new ByteTable(64);
  private readonly rows: Row[] = [];
  private overflowRow: Row | null = null;

  private readonly minutes = new Map<number, Float64Array>();
  private lastMinute = NaN;
  private lastMinuteCounts: Float64Array | null = null;
  private seriesCapped = false;

  private readonly json = new JsonLineScanner();
  private readonly fields: LineFields = newLineFields();
  private others: AccumulatorState[] = [];

  constructor(ctx: ClassifierContext, opts: LogAccumulatorOptions = {}) {
    this.classIndex = createClassIndexer(ctx);
    // Without a stated source, node addresses in the context are taken as possibly incomplete (flags).
    const nodeSource = opts.nodeSource ?? (ctx.nodeIPs.length > 0 ? 'flags' : 'none');
    this.crowdsec = new CrowdsecVisibilityCounter(this.classIndex, opts);
    this.crowdsecOptions = { crowdsecHub: opts.crowdsecHub, ...(opts.crowdsecWhitelist ? { crowdsecWhitelist: opts.crowdsecWhitelist } : {}) };
    this.reportOptions = { topClients: opts.topClients, nodeSource, ...(opts.names ? { names: opts.names } : {}) };
    this.maxLineBytes = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    this.maxClients = opts.maxClients ?? DEFAULT_MAX_CLIENTS;
    this.maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS;
    this.maxMinutes = opts.maxMinutes ?? DEFAULT_MAX_MINUTES;
    this.format = opts.format === 'json' || opts.format === 'clf' ? opts.format : null;
    this.clfFixed = opts.clfVariant !== undefined;
    this.clfVariant = opts.clfVariant ?? 'common';
    // A clf stream of unknown flavour still needs detection, but only of the flavour.
    if (this.format === 'clf' && !this.clfFixed) this.format = null;
    this.forcedFormat = opts.format === 'json' || opts.format === 'clf' ? opts.format : null;
  }

  /** One line of text (a "\n" inside starts another line). */
  add(line: string): void {
    this.addBuffer(Buffer.from(line, 'utf8'));
    this.addBuffer(NEWLINE);
  }

  /** A chunk of the log, cut anywhere. The chunk may be reused by the caller afterwards. */
  addBuffer(chunk: Uint8Array): void {
    if (this.ended) throw new Error('log accumulator: input after end()');
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (buf.length === 0) return;
    if (this.format === null) {
      this.pending.push(Buffer.from(buf)); // a copy: the caller may reuse its buffer
      this.pendingBytes += buf.length;
      if (this.pendingBytes >= DETECT_BYTES) this.flushPending(false);
      return;
    }
    this.feed(buf);
  }

  /** No more input: counts a last line without a newline. Idempotent. */
  end(): void {
    if (this.ended) return;
    if (this.format === null) this.flushPending(true);
    if (this.skipping) {
      this.lines++;
    } else if (this.carryLen > 0) {
      this.processRegion(this.carry.subarray(0, this.carryLen), 0, this.carryLen);
    }
    this.carryLen = 0;
    this.skipping = false;
    this.ended = true;
  }

  /** Adds another accumulator's (ended) or a worker's counts. */
  merge(other: LogAccumulator | AccumulatorState): void {
    this.others.push(other instanceof LogAccumulator ? other.toState() : other);
  }

  /** Ends the input and builds the report (lib/model LogReport). */
  finish(): LogReport {
    return buildLogReport(this.toState(), this.reportOptions);
  }

  /** Everything counted so far (ends the input first), merged with what was merge()d in. */
  toState(): AccumulatorState {
    this.end();
    let st = this.ownState();
    for (const o of this.others) st = mergeStates(st, o);
    return st;
  }

  private flushPending(complete: boolean): void {
    const head = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    const d = detectFormat(head, complete);
    this.format = this.forcedFormat ?? d.format;
    if (!this.clfFixed) this.clfVariant = d.clfVariant;
    if (head.length > 0) this.feed(head);
  }

  private feed(buf: Buffer): void {
    let start = 0;
    const n = buf.length;
    if (this.carryLen > 0 || this.skipping) {
      const nl = buf.indexOf(10);
      if (nl < 0) {
        this.appendCarry(buf, 0, n);
        return;
      }
      this.appendCarry(buf, 0, nl);
      if (this.skipping) {
        this.lines++; // the over-long line ends here: malformed
      } else {
        this.processRegion(this.carry.subarray(0, this.carryLen), 0, this.carryLen);
      }
      this.carryLen = 0;
      this.skipping = false;
      start = nl + 1;
    }
    const last = buf.lastIndexOf(10);
    if (last >= start) {
      this.processRegion(buf, start, last + 1);
      start = last + 1;
    }
    if (start < n) this.appendCarry(buf, start, n);
  }

  private appendCarry(buf: Buffer, s: number, e: number): void {
    if (this.skipping) return;
    const len = e - s;
    if (this.carryLen + len > this.maxLineBytes) {
      this.skipping = true;
      this.carryLen = 0;
      return;
    }
    if (this.carryLen + len > this.carry.length) {
      const next = Buffer.alloc(Math.max(this.carry.length * 2, this.carryLen + len));
      this.carry.copy(next, 0, 0, this.carryLen);
      this.carry = next;
    }
    buf.copy(this.carry, this.carryLen, s, e);
    this.carryLen += len;
  }

  /** buf[start, end) holds whole lines (the last one may lack its newline only at end of input). */
  private processRegion(buf: Buffer, start: number, end: number): void {
    const utf8ok = isUtf8(buf.subarray(start, end));
    const isJson = this.format === 'json';
    if (isJson) this.json.reset(buf);
    const f = this.fields;
    const max = this.maxLineBytes;
    let p = start;
    while (p < end) {
      let nl = buf.indexOf(10, p);
      if (nl < 0 || nl > end) nl = end;
      this.lines++;
      let s = p;
      let e = nl;
      p = nl + 1;
      if (e - s > max) continue; // over-long: malformed
      while (e > s) {
        const c = buf[e - 1];
        if (c !== 13 && c !== 32 && c !== 9) break;
        e--;
      }
      while (s < e) {
        const c = buf[s];
        if (c !== 32 && c !== 9) break;
        s++;
      }
      if (s === e) {
        this.blank++;
        continue;
      }
      if (!utf8ok && !isUtf8(buf.subarray(s, e))) continue; // invalid UTF-8: malformed
      const r = isJson ? this.json.scan(buf, s, e, f) : scanClfLine(buf, s, e, this.clfVariant, f);
      if (r !== 0) this.record(f);
    }
  }

  /**
   * The id of the address in src[s, e) (interned and classified on first sight), or -1 past
   * the distinct-address cap (then classified without being remembered). Sets lastCls.
   */
  private lookup(src: Buffer, s: number, e: number): number {
    let id: number;
    if (this.clients.size < this.maxClients) {
      id = this.clients.intern(src, s, e);
      if (id === this.clientIp.length) this.describeClient(id, src.toString('latin1', s, e));
    } else {
      id = this.clients.find(src, s, e);
      if (id < 0) {
        // Past the cap: classify without remembering the address (bounded memory, topClients approximate).
        this.clientsCapped = true;
        const raw = src.toString('latin1', s, e);
        const cls = this.classIndex(raw);
        this.lastCls = cls;
        return -1;
      }
    }
    this.lastCls = this.clientClass[id]!;
    return id;
  }

  private record(f: LineFields): void {
    this.parsed++;
    const src = f.src;
    const row = this.rowFor(f);
    row.requests++;
    if (f.svcEnd > f.svcStart) this.noteService(row, f);
    const protoRow = (f.proto + 1) * MATRIX_W;

    // The claimed client: ClientHost, or the first entry of its X-Forwarded-For list.
    let cid = -1;
    let cls = -1;
    const listed = f.hostComma >= 0;
    if (!f.noClient) {
      let hs = f.hostStart;
      let he = f.hostEnd;
      if (listed) {
        he = f.hostComma;
        while (hs < he && src[hs] === 32) hs++;
        while (he > hs && src[he - 1] === 32) he--;
      }
      cid = this.lookup(src, hs, he);
      cls = this.lastCls;
      if (cid >= 0) this.clientCount[cid]! += 1;
      if (cls >= 0) row.clientCounts[cls]! += 1;
    }

    // What CrowdSec's traefik-logs parser takes from this entry, and whether its whitelist drops it.
    if (f.noClient) row.crowdsec.unusable++;
    else this.crowdsec.count(row.crowdsec, f, listed ? -1 : cid, this.format === 'json');

    // The peer: ClientAddr's host. Traefik logs ClientHost = the X-Forwarded-For value it accepted,
    // else the peer's host (pkg/middlewares/accesslog/logger.go): a difference means XFF.
    let pid = -1;
    let pcls = -1;
    let peerKnown = false;
    let viaXff = false;
    if (f.peerStart >= 0) {
      // The common case first, in one pass: ClientAddr is ClientHost + ":port" (or "[" ClientHost "]:port").
      if (!f.noClient && !listed && peerHasHost(f)) {
        peerKnown = true;
        this.withPeer++;
        pid = cid;
        pcls = cls;
        if (pcls >= 0) row.peerCounts[pcls]! += 1;
      } else {
        this.recordPeer(f, row, cid, cls);
        pid = this.peerId;
        pcls = this.peerCls;
        peerKnown = this.peerKnown;
        viaXff = this.peerViaXff;
      }
    }

    // The judged address: the peer, unless a trusted proxy hop forwarded the request (then the client it reported).
    const forwarded = viaXff || listed || f.xff;
    let jid = cid;
    let jcls = cls;
    if (forwarded) {
      row.forwarded++;
      this.forwarded++;
      if (peerKnown) {
        if (pid >= 0 && (row.via.size < MAX_ROW_SOURCES || row.via.has(pid))) row.via.set(pid, (row.via.get(pid) ?? 0) + 1);
        if (pcls === CLASS_PUBLIC || pcls === CLASS_DOCUMENTATION) {
          row.spoofable++;
          this.spoofable++;
        }
      }
      if (!peerKnown || pcls < 0 || TRUSTED_HOP[pcls] === 1) {
        row.forwardedTrusted++;
        this.forwardedTrusted++;
      } else {
        jid = pid;
        jcls = pcls;
      }
    } else if (peerKnown) {
      jid = pid;
      jcls = pcls;
    }

    if (jcls < 0) {
      row.matrix[protoRow + N_CLASSES]! += 1;
      row.unclassified++;
      this.unclassified++;
      if (f.noClient && !peerKnown) {
        row.noClient++;
        this.noClient++;
      }
      return;
    }
    row.matrix[protoRow + jcls]! += 1;
    if (jid >= 0) {
      this.judgedCount[jid]! += 1;
      if (SOURCE_CLASS[jcls] === 1 && (row.sources.size < MAX_ROW_SOURCES || row.sources.has(jid))) {
        row.sources.set(jid, (row.sources.get(jid) ?? 0) + 1);
      }
    }
    const m = f.minute;
    if (m === m) {
      let counts = this.lastMinuteCounts;
      if (m !== this.lastMinute || counts === null) {
        counts = this.minutes.get(m) ?? null;
        if (counts === null) {
          if (this.minutes.size >= this.maxMinutes) {
            this.seriesCapped = true;
            return;
          }
          counts = new Float64Array(N_CLASSES);
          this.minutes.set(m, counts);
        }
        this.lastMinute = m;
        this.lastMinuteCounts = counts;
      }
      counts[jcls]! += 1;
    }
  }

  /** ClientAddr when it is not simply ClientHost + port: parsed, looked up, counted. */
  private recordPeer(f: LineFields, row: Row, cid: number, cls: number): void {
    this.peerId = -1;
    this.peerCls = -1;
    this.peerKnown = false;
    this.peerViaXff = false;
    const [ps, pe] = peerHostRange(f);
    if (ps < 0) return;
    this.peerKnown = true;
    this.withPeer++;
    if (!f.noClient && peerIsHost(f, ps, pe)) {
      this.peerId = cid;
      this.peerCls = cls;
    } else {
      this.peerViaXff = !f.noClient;
      this.peerId = this.lookup(f.src, ps, pe);
      this.peerCls = this.lastCls;
    }
    if (this.peerCls >= 0) row.peerCounts[this.peerCls]! += 1;
  }

  private describeClient(cid: number, raw: string): void {
    if (cid >= this.clientClass.length) {
      const n = this.clientClass.length * 2;
      const cc = new Int8Array(n);
      cc.set(this.clientClass);
      this.clientClass = cc;
      const c = new Float64Array(n);
      c.set(this.clientCount);
      this.clientCount = c;
      const j = new Float64Array(n);
      j.set(this.judgedCount);
      this.judgedCount = j;
    }
    const cls = this.classIndex(raw);
    const ip = cls >= 0 ? parseIp(extractHost(raw)) : null;
    this.clientClass[cid] = cls;
    this.clientIp.push(ip ? formatIp(ip) : raw);
  }

  /** The row of (router, entrypoint), found with one probe of a pair-keyed table. */
  private rowFor(f: LineFields): Row {
    const src = f.src;
    const hasRouter = f.routerStart >= 0 && f.routerEnd > f.routerStart;
    const rs = hasRouter ? f.routerStart : 0;
    const re = hasRouter ? f.routerEnd : 0;
    const hasEp = f.epStart >= 0 && f.epEnd > f.epStart;
    const es = hasEp ? f.epStart : 0;
    const ee = hasEp ? f.epEnd : 0;
    const id = this.rowKeys.size < this.maxRows ? this.rowKeys.intern2(src, rs, re, es, ee) : this.rowKeys.find2(src, rs, re, es, ee);
    if (id < 0) return this.otherRow();
    let row = this.rows[id];
    if (row === undefined) {
      row = newRow(re > rs ? src.toString('utf8', rs, re) : '-', ee > es ? src.toString('utf8', es, ee) : null);
      this.rows[id] = row;
    }
    return row;
  }

  /** Remembers the row's Traefik service name(s); one byte comparison when it is the same as last time. */
  private noteService(row: Row, f: LineFields): void {
    const last = row.lastService;
    const len = f.svcEnd - f.svcStart;
    if (last !== null && last.length === len && sameBytes(f.src, f.svcStart, last, len)) return;
    const name = f.src.toString('utf8', f.svcStart, f.svcEnd);
    row.lastService = Buffer.from(f.src.subarray(f.svcStart, f.svcEnd));
    if (!row.services.includes(name) && row.services.length < MAX_ROW_SERVICES) row.services.push(name);
  }

  private otherRow(): Row {
    if (this.overflowRow === null) this.overflowRow = newRow(OTHER_ROUTERS, null);
    return this.overflowRow;
  }

  private ownState(): AccumulatorState {
    const st = emptyState();
    st.format = this.format ?? this.forcedFormat;
    st.clfVariant = st.format === 'clf' ? this.clfVariant : null;
    st.lines = this.lines;
    st.parsed = this.parsed;
    st.blank = this.blank;
    st.unclassified = this.unclassified;
    st.forwarded = this.forwarded;
    st.forwardedTrusted = this.forwardedTrusted;
    st.spoofable = this.spoofable;
    st.noClient = this.noClient;
    st.withPeer = this.withPeer;
    st.clientsCapped = this.clientsCapped;
    st.seriesCapped = this.seriesCapped;
    st.crowdsecAssumed = crowdsecAssumption(this.crowdsecOptions);
    st.clients = this.countsByIp(this.clientCount);
    st.judged = this.countsByIp(this.judgedCount);
    const rows = this.overflowRow ? [...this.rows, this.overflowRow] : this.rows;
    st.rows = rows.map((r): RowState => {
      // Unfold the (protocol, class) matrix: judged classes, protocol counts, classes per protocol.
      const counts = zeros(N_CLASSES);
      const protocols = zeros(N_PROTOCOLS);
      const protocolClasses = zeros(N_PROTOCOLS * N_CLASSES);
      for (let p = 0; p <= N_PROTOCOLS; p++) {
        for (let c = 0; c <= N_CLASSES; c++) {
          const n = r.matrix[p * MATRIX_W + c]!;
          if (n === 0) continue;
          if (c < N_CLASSES) counts[c]! += n;
          if (p > 0) {
            protocols[p - 1]! += n;
            if (c < N_CLASSES) protocolClasses[(p - 1) * N_CLASSES + c]! += n;
          }
        }
      }
      return {
        router: r.router,
        entryPoint: r.entryPoint,
        requests: r.requests,
        forwarded: r.forwarded,
        forwardedTrusted: r.forwardedTrusted,
        spoofable: r.spoofable,
        unclassified: r.unclassified,
        noClient: r.noClient,
        counts,
        peerCounts: [...r.peerCounts],
        clientCounts: [...r.clientCounts],
        protocols,
        protocolClasses,
        sources: this.byIp(r.sources),
        via: this.byIp(r.via),
        crowdsec: tallyState(r.crowdsec),
        ...(r.services.length > 0 ? { services: [...r.services].sort() } : {}),
      };
    });
    // The totals are the rows' sums (every request lands in exactly one row).
    for (const r of st.rows) {
      addTo(st.classTotals, r.counts);
      addTo(st.peerTotals, r.peerCounts);
      addTo(st.clientTotals, r.clientCounts);
      addTo(st.protocolTotals, r.protocols);
      addTo(st.protocolClassTotals, r.protocolClasses);
    }
    st.minutes = [...this.minutes.entries()].map(([m, c]) => [m, [...c]]);
    return st;
  }

  /** Per-address counts, merged by canonical address (different raw spellings of one address: "::ffff:10.0.0.1", "10.0.0.1"). */
  private countsByIp(count: Float64Array): ClientCount[] {
    const byIp = new Map<string, ClientCount>();
    for (let id = 0; id < this.clientIp.length; id++) {
      const cls = this.clientClass[id]!;
      const n = count[id]!;
      if (cls < 0 || n === 0) continue;
      const ip = this.clientIp[id]!;
      const cur = byIp.get(ip);
      if (cur) cur[2] += n;
      else byIp.set(ip, [ip, cls, n]);
    }
    return [...byIp.values()];
  }

  private byIp(m: Map<number, number>): ClientCount[] {
    const out = new Map<string, ClientCount>();
    for (const [id, n] of m) {
      const ip = this.clientIp[id]!;
      const cur = out.get(ip);
      if (cur) cur[2] += n;
      else out.set(ip, [ip, this.clientClass[id]!, n]);
    }
    return [...out.values()];
  }
}

const NEWLINE = Buffer.from('\n');

function addTo(into: number[], add: readonly number[]): void {
  for (let i = 0; i < add.length; i++) into[i] = (into[i] ?? 0) + (add[i] ?? 0);
}

export function createLogAccumulator(ctx: ClassifierContext, opts: LogAccumulatorOptions = {}): LogAccumulator {
  return new LogAccumulator(ctx, opts);
}

/** buf[at, at + len) equals other[0, len)? A JS loop: for a service name (tens of bytes) it beats a native Buffer.compare call per line. */
function sameBytes(buf: Uint8Array, at: number, other: Uint8Array, len: number): boolean {
  for (let i = 0; i < len; i++) if (buf[at + i] !== other[i]) return false;
  return true;
}
