// Argument parsing on node:util parseArgs; every mistake becomes a UsageError (exit 2).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommandArgs<O extends Options>(argv: string[], options: O, opts: { positionals?: number } = {}) {
  try {
    const parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    if (opts.positionals !== undefined && parsed.positionals.length > opts.positionals) {
      throw new UsageError(`unexpected argument: ${parsed.positionals[opts.positionals] ?? ''}`);
    }
    return parsed;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    // parseArgs messages are already one clear line ("Unknown option '--x'").
    throw new UsageError(err instanceof Error ? err.message.split('\n')[0] ?? 'bad arguments' : String(err), { cause: err });
  }
}

export function parsePort(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--port must be a number from 0 to 65535, got "${value}"`);
  return n;
}

export function parsePositiveInt(name: string, value: string | undefined, fallback: number, max = 1_000_000): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`${name} must be a whole number from 1 to ${max}, got "${value}"`);
  return n;
}

/** Splits comma lists given once or several times: `--node-ip a,b --node-ip c`. */
export function commaList(values: string[] | string | undefined): string[] {
  if (values === undefined) return [];
  const list = Array.isArray(values) ? values : [values];
  return list.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v.length > 0);
}
