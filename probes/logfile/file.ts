// Log files: split into newline-aligned byte ranges, one per core, parsed in
// worker_threads and merged.
//
// The calling thread parses the first range itself while the workers start,
// so with N cores there are N−1 workers. Worker threads run the separately
// bundled probes/logfile/worker-entry.ts (`workerUrl`); without a usable worker URL,
// or for small files, everything runs in the calling thread, with the same
// result — accumulator states merge by addition and the report sorts
// everything, so the split never changes the report.
import { createReadStream, fstatSync, openSync, closeSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AddressContext, LogReport } from '../../lib/model/logs';
import { LogAccumulator } from '../../lib/logs/accumulator';
import { detectFormat, DETECT_BYTES } from '../../lib/logs/format';
import { processFileRange, DEFAULT_CHUNK_BYTES, type RangeJob } from './range-job';
import { buildLogReport } from '../../lib/logs/report';
import { mergeStates, type AccumulatorState } from '../../lib/logs/state';
import { analyzeLogStream, type LogAnalysisOptions } from '../../lib/logs/stream';
import type { WorkerReply } from './worker-entry';

export interface AnalyzeFileOptions extends LogAnalysisOptions {
  /**
   * The bundled worker entry (probes/logfile/worker-entry.ts built to e.g.
   * dist/logs-worker.mjs): a file: URL or a path. Without it the file is
   * parsed in the calling thread.
   */
  workerUrl?: URL | string;
  /** Threads in total, the calling one included. Default min(os.availableParallelism(), 8). */
  threads?: number;
  /**
   * Parse one range in the calling thread while the workers start (default
   * true: fastest for a CLI). A server that must keep its event loop free
   * passes false, so every range goes to a worker.
   */
  parseInCaller?: boolean;
  /** Files smaller than this per thread are not split further. Default 32 MiB. */
  minBytesPerThread?: number;
  /** Read size. Default 1 MiB. */
  chunkBytes?: number;
  /** Told how the work was split, and why any worker fell back to the calling thread. */
  onSplit?: (info: SplitInfo) => void;
}

export interface SplitInfo {
  /** Byte ranges parsed (1 = no split). */
  ranges: number;
  /** Ranges parsed in worker threads. */
  workers: number;
  /** Worker failures; their ranges were parsed in the calling thread instead. */
  workerErrors: string[];
}

const DEFAULT_MIN_BYTES_PER_THREAD = 32 * 1024 * 1024;
/**
 * Each worker costs ~15–20 MB (an isolate and a read buffer); eight keep peak
 * RSS well under 256 MB on big machines, and the memory bus is saturated by then.
 */
const DEFAULT_MAX_THREADS = 8;
/**
 * Share of the file the calling thread parses, relative to one worker's: it
 * starts at once, while each worker first spends a few tens of milliseconds
 * starting a thread and loading its bundle.
 */
const CALLER_WEIGHT = 1.08;

function readAt(fd: number, pos: number, len: number): Buffer {
  const buf = Buffer.allocUnsafe(len);
  let got = 0;
  while (got < len) {
    const n = readSync(fd, buf, got, len - got, pos + got);
    if (n <= 0) break;
    got += n;
  }
  return buf.subarray(0, got);
}

/** The offset just after the first newline at or after `pos` (or the file size). */
function nextLineStart(fd: number, pos: number, size: number): number {
  const window = 64 * 1024;
  for (let at = pos; at < size; at += window) {
    const buf = readAt(fd, at, Math.min(window, size - at));
    const nl = buf.indexOf(10);
    if (nl >= 0) return at + nl + 1;
    if (buf.length === 0) break;
  }
  return size;
}

/** Newline-aligned [start, end) ranges with the given relative weights. */
export function splitRanges(fd: number, size: number, weights: readonly number[]): Array<[number, number]> {
  const total = weights.reduce((a, b) => a + b, 0);
  const ranges: Array<[number, number]> = [];
  let start = 0;
  let acc = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += weights[i] ?? 0;
    const end = i === weights.length - 1 ? size : Math.max(start, nextLineStart(fd, Math.floor((size * acc) / total), size));
    if (end > start) ranges.push([start, end]);
    start = end;
  }
  return ranges;
}

function toUrl(u: URL | string): URL {
  if (u instanceof URL) return u;
  return /^[a-z]+:\/\//i.test(u) ? new URL(u) : pathToFileURL(u);
}

function runWorker(url: URL, job: RangeJob): Promise<AccumulatorState> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const worker = new Worker(url, { workerData: job });
    worker.once('message', (reply: WorkerReply) => {
      settled = true;
      if (reply.ok) resolve(reply.state);
      else reject(new Error(`log worker failed: ${reply.error}`));
    });
    worker.once('error', (err) => {
      if (!settled) {
        settled = true;
        reject(new Error('log worker could not run', { cause: err }));
      }
    });
    worker.once('exit', (code) => {
      if (!settled) {
        settled = true;
        reject(new Error(`log worker exited with code ${code} before replying`));
      }
    });
  });
}

/** Parses a range in the calling thread. */
function runHere(fd: number, [start, end]: [number, number], job: Omit<RangeJob, 'start' | 'end' | 'path'>): AccumulatorState {
  const acc = new LogAccumulator(job.ctx, job.options);
  processFileRange(fd, start, end, acc, job.chunkBytes);
  return acc.toState();
}

/**
 * Analyzes a log file. Regular files are split across threads; anything else
 * (a FIFO, /dev/stdin) is streamed. Peak memory is bounded by the read
 * buffers and the distinct clients/routers, not by the file size.
 */
export async function analyzeLogFile(path: string, ctx: AddressContext, opts: AnalyzeFileOptions = {}): Promise<LogReport> {
  const fd = openSync(path, 'r');
  let closed = false;
  const close = (): void => {
    if (!closed) closeSync(fd);
    closed = true;
  };
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) {
      close();
      const { workerUrl: _w, onSplit, ...streamOpts } = opts;
      const report = await analyzeLogStream(createReadStream(path), ctx, { names: ctx.names, ...streamOpts });
      onSplit?.({ ranges: 1, workers: 0, workerErrors: [] });
      return report;
    }
    const size = stat.size;
    const {
      workerUrl,
      threads: wantThreads,
      minBytesPerThread,
      parseInCaller = true,
      chunkBytes = DEFAULT_CHUNK_BYTES,
      onSplit: _onSplit,
      ...accOpts
    } = opts;

    // Resolve the format once, from the head, so every range parses alike.
    const head = readAt(fd, 0, Math.min(DETECT_BYTES, size));
    const detected = detectFormat(head, size <= DETECT_BYTES);
    const format = accOpts.format === 'json' || accOpts.format === 'clf' ? accOpts.format : detected.format;
    const options = { ...accOpts, format, clfVariant: accOpts.clfVariant ?? detected.clfVariant };
    const job = { ctx: { nodeIPs: [...ctx.nodeIPs], podCIDRs: [...ctx.podCIDRs], lbIPs: [...ctx.lbIPs], podIPs: [...(ctx.podIPs ?? [])] }, options, chunkBytes };

    const maxThreads = Math.max(1, Math.floor(size / (minBytesPerThread ?? DEFAULT_MIN_BYTES_PER_THREAD)));
    const threads = workerUrl ? Math.max(1, Math.min(wantThreads ?? Math.min(availableParallelism(), DEFAULT_MAX_THREADS), maxThreads)) : 1;
    const callerParses = parseInCaller || !workerUrl;
    const weights = Array.from({ length: threads }, (_, i) => (i === 0 && callerParses ? CALLER_WEIGHT : 1));
    const ranges = threads > 1 ? splitRanges(fd, size, weights) : [[0, size] as [number, number]];

    const url = workerUrl ? toUrl(workerUrl) : null;
    const workerErrors: string[] = [];
    // Workers first (they take a moment to start), then the caller's own range.
    const pending = ranges.slice(callerParses ? 1 : 0).map((range) =>
      runWorker(url as URL, { ...job, path, start: range[0], end: range[1] }).catch((err: unknown) => {
        const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
        workerErrors.push(`${err instanceof Error ? err.message : String(err)}${cause}`);
        return runHere(fd, range, job);
      }),
    );
    const first = callerParses ? ranges[0] : undefined;
    let state = first ? runHere(fd, first, job) : new LogAccumulator(job.ctx, options).toState();
    for (const s of await Promise.all(pending)) state = mergeStates(state, s);
    opts.onSplit?.({ ranges: ranges.length, workers: pending.length - workerErrors.length, workerErrors });
    return buildLogReport(state, { topClients: opts.topClients, nodeSource: opts.nodeSource ?? (ctx.nodeIPs.length > 0 ? 'flags' : 'none'), names: opts.names ?? ctx.names });
  } finally {
    close();
  }
}
