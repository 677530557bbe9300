// Whole-input entry points over the accumulator: a stream (stdin, pod logs) or a string.
import type { AddressContext, LogReport } from '../model/logs';
import { createLogAccumulator, type LogAccumulatorOptions } from './accumulator';

export type LogAnalysisOptions = LogAccumulatorOptions;

/**
 * Reads the stream to its end, chunk by chunk (memory stays bounded by the
 * chunk size and the distinct values seen, not by the input size).
 */
export async function analyzeLogStream(
  input: AsyncIterable<Buffer | Uint8Array | string> | NodeJS.ReadableStream,
  ctx: AddressContext,
  opts: LogAnalysisOptions = {},
): Promise<LogReport> {
  const acc = createLogAccumulator(ctx, { names: ctx.names, ...opts });
  for await (const chunk of input as AsyncIterable<Buffer | Uint8Array | string>) {
    acc.addBuffer(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  }
  return acc.finish();
}

/** The same for a log already in memory (tests, small samples). */
export function analyzeLogText(text: string | Buffer, ctx: AddressContext, opts: LogAnalysisOptions = {}): LogReport {
  const acc = createLogAccumulator(ctx, { names: ctx.names, ...opts });
  acc.addBuffer(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
  return acc.finish();
}
