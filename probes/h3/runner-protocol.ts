// What the parent (probeH3) and the isolated runner process say to each other: one JSON request on
// the runner's stdin, one result line on its stdout. Plain text so any runner command works
// (a tsx-run .ts file in development, an esbuild bundle in production). Validated by hand, not
// with zod: the runner starts once per probe and every imported module costs start-up time.

export interface RunnerRequest {
  target: { host: string; port: number; sni?: string; path?: string };
  /**
   * The probe's timeout, counted by the runner from the moment it starts the QUIC handshake (the
   * first Initial), not from when the parent spawned it: process start-up is not the network's time.
   */
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
  if (typeof r.timeoutMs !== 'number' || !(r.timeoutMs > 0)) throw new RunnerRequestError('timeoutMs must be positive');
  const ca = r.ca;
  if (ca !== undefined && (!Array.isArray(ca) || !ca.every((c) => typeof c === 'string'))) throw new RunnerRequestError('ca must be a list of PEM strings');
  if (r.insecure !== undefined && typeof r.insecure !== 'boolean') throw new RunnerRequestError('insecure must be a boolean');
  return {
    target: { host, port, sni: optionalString(target.sni, 'target.sni'), path },
    timeoutMs: r.timeoutMs,
    insecure: r.insecure,
    ca: ca as string[] | undefined,
    userAgent: optionalString(r.userAgent, 'userAgent'),
  };
}

/** Runner environment variable choosing the QUIC transport: `quiche` (default) or `matrixai`. */
export const RUNNER_TRANSPORT_ENV = 'EDGELENS_H3_TRANSPORT';

/**
 * The stdout line the runner prints right before it sends the first QUIC Initial: the parent
 * starts the probe's timeout clock there (before it, only a start-up limit applies).
 */
export const STARTED_LINE = 'EDGELENS_H3_STARTED';

/** Prefix of the single stdout line that carries the ProbeSample JSON. */
export const RESULT_PREFIX = 'EDGELENS_H3_RESULT ';

/**
 * Test hook (environment variable of the runner): makes the runner fail on purpose so the
 * isolation can be tested. `abort`: process.abort() before answering; `throw`: an uncaught
 * exception before answering; `throw-after-result`: an uncaught exception right after the
 * result line (the @matrixai/quic 2.0.9 pattern); `hang`: say the handshake started, then never
 * answer; `exit`: exit(3) silently; `slow-start`: wait 3 s before starting (a loaded machine).
 */
export const RUNNER_FAULT_ENV = 'EDGELENS_H3_FAULT';
export const RUNNER_FAULTS = ['abort', 'throw', 'throw-after-result', 'hang', 'exit', 'slow-start'] as const;
export type RunnerFault = (typeof RUNNER_FAULTS)[number];

export function parseRunnerFault(value: string | undefined): RunnerFault | null {
  return (RUNNER_FAULTS as readonly string[]).includes(value ?? '') ? (value as RunnerFault) : null;
}
