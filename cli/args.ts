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
    throw new UsageError(describeParseError(err), { cause: err });
  }
}

/** edgelens' own words for node:util parseArgs errors (Node's text is long and talks about `--`). */
export function describeParseError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = err instanceof Error && 'code' in err ? err.code : undefined;
  const option = /'(-{1,2}[^' <]+)/.exec(message)?.[1] ?? '';
  // Never echo more than a short prefix of what was typed.
  const shown = option.length > 40 ? `${option.slice(0, 40)}…` : option;
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${shown}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(message)) return `option ${shown} does not take a value`;
      return `option ${shown} needs a value`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return 'unexpected argument';
    default:
      return message.split('\n')[0] ?? 'bad arguments';
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
