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
import { createClassIndexer, CLASS_LB, type ClassifierContext } from '../net/classify';
import { parseIp, extractHost, formatIp } from '../net/ip';
import { ByteTable } from './byte-table';
import { scanClfLine, type ClfVariant } from './clf-line';
import { crowdsecWhitelisted } from './crowdsec-whitelist';
import { crowdsecAssumption, CrowdsecVisibilityCounter, newCrowdsecTally, tallyState, type CrowdsecTally, type CrowdsecVisibilityOptions } from './crowdsec-visibility';
import { newLineFields, type LineFields } from './fields';
import { detectFormat, DETECT_BYTES, type FormatOption, type LogFormat } from './format';
import { JsonLineScanner, ENTRY } from './json-line';
import { buildLogReport, type ReportOptions } from './report';
import { emptyState, mergeStates, OTHER_ROUTERS, type AccumulatorState, type ClientCount, type RowState } from './state';
import type { LogReport } from '../model/logs';

export interface LogAccumulatorOptions extends ReportOptions, CrowdsecVisibilityOptions {
  /** Default `auto`: detected from the first 64 KiB. */
  format?: FormatOption;
  /** CLF flavour when `format` is `clf` and the caller already knows it (otherwise detected). */
  clfVariant?: ClfVariant;
  /** Longer lines are malformed and skipped without buffering them. Default 64 KiB. */
  maxLineBytes?: number;
  /** Distinct clients counted individually (for topClients); memory stays bounded beyond it. Default 200,000. */
  maxClients?: number;
  /** (router, entrypoint) rows; further pairs are counted under "(other routers)". Default 10,000. */
  maxRows?: number;
  /** Distinct minutes kept for the series. Default 100,000. */
  maxMinutes?: number;
}

export const DEFAULT_MAX_LINE_BYTES = 64 * 1024;
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
  unclassified: number;
  counts: Float64Array;
  /** client id → requests, for node/pod/LB sources only. */
  sources: Map<number, number>;
  /** What CrowdSec would do with these requests (crowdsec-visibility.ts). */
  crowdsec: CrowdsecTally;
}

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
  private whitelisted = 0;
  private readonly classTotals = new Float64Array(8);

  private readonly clients = new ByteTable(1024);
  private clientClass: Int8Array = new Int8Array(1024);
  private clientWl: Uint8Array = new Uint8Array(1024);
  private clientCount: Float64Array = new Float64Array(1024);
  private readonly clientIp: string[] = [];
  private clientsCapped = false;

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
    this.crowdsec = new CrowdsecVisibilityCounter(this.classIndex, opts);
    this.crowdsecOptions = { crowdsecHub: opts.crowdsecHub, ...(opts.crowdsecWhitelist ? { crowdsecWhitelist: opts.crowdsecWhitelist } : {}) };
    this.reportOptions = { topClients: opts.topClients };
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

  private record(f: LineFields): void {
    this.parsed++;
    const src = f.src;
    let hs = f.hostStart;
    let he = f.hostEnd;
    const listed = f.hostComma >= 0;
    if (listed) {
      // X-Forwarded-For list: the first entry is the originating client.
      he = f.hostComma;
      while (hs < he && src[hs] === 32) hs++;
      while (he > hs && src[he - 1] === 32) he--;
    }
    const forwarded = listed || f.xff;

    let cid: number;
    let cls: number;
    let wl: number;
    if (this.clients.size < this.maxClients) {
      cid = this.clients.intern(src, hs, he);
      if (cid === this.clientIp.length) this.describeClient(cid, src.toString('latin1', hs, he));
      this.clientCount[cid]! += 1;
      cls = this.clientClass[cid]!;
      wl = this.clientWl[cid]!;
    } else {
      cid = this.clients.find(src, hs, he);
      if (cid >= 0) {
        this.clientCount[cid]! += 1;
        cls = this.clientClass[cid]!;
        wl = this.clientWl[cid]!;
      } else {
        // Past the cap: classify without remembering the client (bounded memory, topClients approximate).
        this.clientsCapped = true;
        const raw = src.toString('latin1', hs, he);
        cls = this.classIndex(raw);
        const ip = cls >= 0 ? parseIp(extractHost(raw)) : null;
        wl = ip && crowdsecWhitelisted(ip) ? 1 : 0;
      }
    }

    const row = this.rowFor(f);
    row.requests++;
    this.crowdsec.count(row.crowdsec, f, listed ? -1 : cid, this.format === 'json');
    if (forwarded) {
      row.forwarded++;
      this.forwarded++;
    }
    if (cls < 0) {
      row.unclassified++;
      this.unclassified++;
      return;
    }
    row.counts[cls]! += 1;
    this.classTotals[cls]! += 1;
    this.whitelisted += wl;
    if (cls <= CLASS_LB && cid >= 0 && (row.sources.size < MAX_ROW_SOURCES || row.sources.has(cid))) {
      row.sources.set(cid, (row.sources.get(cid) ?? 0) + 1);
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
          counts = new Float64Array(8);
          this.minutes.set(m, counts);
        }
        this.lastMinute = m;
        this.lastMinuteCounts = counts;
      }
      counts[cls]! += 1;
    }
  }

  private describeClient(cid: number, raw: string): void {
    if (cid >= this.clientClass.length) {
      const n = this.clientClass.length * 2;
      const cc = new Int8Array(n);
      cc.set(this.clientClass);
      this.clientClass = cc;
      const w = new Uint8Array(n);
      w.set(this.clientWl);
      this.clientWl = w;
      const c = new Float64Array(n);
      c.set(this.clientCount);
      this.clientCount = c;
    }
    const cls = this.classIndex(raw);
    const ip = cls >= 0 ? parseIp(extractHost(raw)) : null;
    this.clientClass[cid] = cls;
    this.clientWl[cid] = ip && crowdsecWhitelisted(ip) ? 1 : 0;
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
      row = {
        router: re > rs ? src.toString('utf8', rs, re) : '-',
        entryPoint: ee > es ? src.toString('utf8', es, ee) : null,
        requests: 0,
        forwarded: 0,
        unclassified: 0,
        counts: new Float64Array(8),
        sources: new Map(),
        crowdsec: newCrowdsecTally(),
      };
      this.rows[id] = row;
    }
    return row;
  }

  private otherRow(): Row {
    if (this.overflowRow === null) {
      this.overflowRow = {
        router: OTHER_ROUTERS,
        entryPoint: null,
        requests: 0,
        forwarded: 0,
        unclassified: 0,
        counts: new Float64Array(8),
        sources: new Map(),
        crowdsec: newCrowdsecTally(),
      };
    }
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
    st.whitelisted = this.whitelisted;
    st.classTotals = [...this.classTotals];
    st.clientsCapped = this.clientsCapped;
    st.seriesCapped = this.seriesCapped;
    st.crowdsecAssumed = crowdsecAssumption(this.crowdsecOptions);
    // Different raw spellings of one address ("::ffff:10.0.0.1", "10.0.0.1") merge here.
    const byIp = new Map<string, ClientCount>();
    for (let id = 0; id < this.clientIp.length; id++) {
      const cls = this.clientClass[id]!;
      const n = this.clientCount[id]!;
      if (cls < 0 || n === 0) continue;
      const ip = this.clientIp[id]!;
      const cur = byIp.get(ip);
      if (cur) cur[2] += n;
      else byIp.set(ip, [ip, cls, n]);
    }
    st.clients = [...byIp.values()];
    const rows = this.overflowRow ? [...this.rows, this.overflowRow] : this.rows;
    st.rows = rows.map((r): RowState => {
      const src = new Map<string, ClientCount>();
      for (const [id, n] of r.sources) {
        const ip = this.clientIp[id]!;
        const cur = src.get(ip);
        if (cur) cur[2] += n;
        else src.set(ip, [ip, this.clientClass[id]!, n]);
      }
      return {
        router: r.router,
        entryPoint: r.entryPoint,
        requests: r.requests,
        forwarded: r.forwarded,
        unclassified: r.unclassified,
        counts: [...r.counts],
        sources: [...src.values()],
        crowdsec: tallyState(r.crowdsec),
      };
    });
    st.minutes = [...this.minutes.entries()].map(([m, c]) => [m, [...c]]);
    return st;
  }
}

const NEWLINE = Buffer.from('\n');

export function createLogAccumulator(ctx: ClassifierContext, opts: LogAccumulatorOptions = {}): LogAccumulator {
  return new LogAccumulator(ctx, opts);
}
