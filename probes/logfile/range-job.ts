// One byte range of a log file, read with fs.readSync into one reused buffer
// and fed to an accumulator. Runs in a worker thread or in the calling thread.
import { closeSync, openSync, readSync } from 'node:fs';
import type { ClassifierContext } from '../../lib/net/classify';
import { LogAccumulator, type LogAccumulatorOptions } from '../../lib/logs/accumulator';
import type { AccumulatorState } from '../../lib/logs/state';

/** Read size: per-read costs vanish above ~256 KiB; the same CPU time from 256 KiB to 4 MiB, so the smaller buffer wins on memory. */
export const DEFAULT_CHUNK_BYTES = 1024 * 1024;

export interface RangeJob {
  path: string;
  /** Byte offsets; `start` is 0 or just after a newline, `end` is just after a newline or the file size. */
  start: number;
  end: number;
  ctx: ClassifierContext;
  /** With the format already resolved, so every range parses alike. */
  options: LogAccumulatorOptions;
  chunkBytes?: number;
}

export function processFileRange(fd: number, start: number, end: number, acc: LogAccumulator, chunkBytes = DEFAULT_CHUNK_BYTES): void {
  const buf = Buffer.allocUnsafe(Math.max(1, Math.min(chunkBytes, end - start)));
  let pos = start;
  while (pos < end) {
    const n = readSync(fd, buf, 0, Math.min(buf.length, end - pos), pos);
    if (n <= 0) break; // the file shrank under us: stop at what exists
    acc.addBuffer(buf.subarray(0, n));
    pos += n;
  }
}

export function runRangeJob(job: RangeJob): AccumulatorState {
  const acc = new LogAccumulator(job.ctx, job.options);
  const fd = openSync(job.path, 'r');
  try {
    processFileRange(fd, job.start, job.end, acc, job.chunkBytes);
  } finally {
    closeSync(fd);
  }
  return acc.toState();
}
