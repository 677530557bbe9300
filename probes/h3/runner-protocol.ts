// What the parent (probeH3) and the isolated runner process say to each other: one JSON request on
// the runner's stdin, one result line on its stdout. Plain text so any runner command works
// (a tsx-run .ts file in development, an esbuild bundle in production). Validated by hand, not
// with zod: the runner starts once per probe and every imported module costs start-up time.

export interface RunnerRequest {
  target: { host: string; port: number; sni?: string; path?: string };
  /** Wall-clock deadline (ms since epoch): the parent's clock and the runner's agree on it. */
  deadlineEpochMs: number;
  /** The caller's timeout, for messages ("no answer within 1500 ms"). */
  timeoutMs: number;
  insecure?: boolean;
  ca?: string[];
  userAgent?: string;
}

export class RunnerRequestError extends Error {}

function optionalString(v: unknown, name: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v.length === 0) throw new RunnerRequestError(`${name} must be a non-empty string`);
  return v;
}

/** Parses and checks the request JSON; throws RunnerRequestError on anything malformed. */
export function parseRunnerRequest(text: string): RunnerRequest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new RunnerRequestError('request is not JSON', { cause: err });
  }
  if (typeof raw !== 'object' || raw === null) throw new RunnerRequestError('request must be an object');
  const r = raw as Record<string, unknown>;
  const t = r.target;
  if (typeof t !== 'object' || t === null) throw new RunnerRequestError('target missing');
  const target = t as Record<string, unknown>;
  const host = optionalString(target.host, 'target.host');
  const port = target.port;
  if (!host) throw new RunnerRequestError('target.host missing');
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65_535) throw new RunnerRequestError('target.port must be 1..65535');
  const path = optionalString(target.path, 'target.path');
  if (path !== undefined && !path.startsWith('/')) throw new RunnerRequestError('target.path must start with /');
  if (typeof r.deadlineEpochMs !== 'number' || !Number.isFinite(r.deadlineEpochMs)) throw new RunnerRequestError('deadlineEpochMs must be a number');
  if (typeof r.timeoutMs !== 'number' || !(r.timeoutMs > 0)) throw new RunnerRequestError('timeoutMs must be positive');
  const ca = r.ca;
  if (ca !== undefined && (!Array.isArray(ca) || !ca.every((c) => typeof c === 'string'))) throw new RunnerRequestError('ca must be a list of PEM strings');
  if (r.insecure !== undefined && typeof r.insecure !== 'boolean') throw new RunnerRequestError('insecure must be a boolean');
  return {
    target: { host, port, sni: optionalString(target.sni, 'target.sni'), path },
    deadlineEpochMs: r.deadlineEpochMs,
    timeoutMs: r.timeoutMs,
    insecure: r.insecure,
    ca: ca as string[] | undefined,
    userAgent: optionalString(r.userAgent, 'userAgent'),
  };
}

/** Runner environment variable choosing the QUIC transport: `quiche` (default) or `matrixai`. */
export const RUNNER_TRANSPORT_ENV = 'EDGELENS_H3_TRANSPORT';

/** Prefix of the single stdout line that carries the ProbeSample JSON. */
export const RESULT_PREFIX = 'EDGELENS_H3_RESULT ';

/**
 * Test hook (environment variable of the runner): makes the runner fail on purpose so the
 * isolation can be tested. `abort`: process.abort() before answering; `throw`: an uncaught
 * exception before answering; `throw-after-result`: an uncaught exception right after the
 * result line (the @matrixai/quic 2.0.9 pattern); `hang`: never answer; `exit`: exit(3) silently.
 */
export const RUNNER_FAULT_ENV = 'EDGELENS_H3_FAULT';
export const RUNNER_FAULTS = ['abort', 'throw', 'throw-after-result', 'hang', 'exit'] as const;
export type RunnerFault = (typeof RUNNER_FAULTS)[number];

export function parseRunnerFault(value: string | undefined): RunnerFault | null {
  return (RUNNER_FAULTS as readonly string[]).includes(value ?? '') ? (value as RunnerFault) : null;
}
