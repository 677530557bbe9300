// One HTTP call to the LAPI, turned into a LapiCall: never throws for network,
// HTTP or body problems, and every text it returns has the secrets removed.
import { redactSecrets } from '../common/redact';
import type { LapiCall, LapiErrorKind } from '@/lib/model';

export interface CallOptions {
  fetchImpl: typeof fetch;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Key, password, token: removed from every detail text. */
  secrets: readonly string[];
  /**
   * Sent on every call. It must look like "name/version": the 1.4 LAPI rejects
   * a machine login whose User-Agent has no "/" (Node's default is "node")
   * with a misleading "incorrect Username or Password".
   */
  userAgent: string;
}

export interface CallResult {
  call: LapiCall;
  /** The parsed JSON body of a 2xx answer (undefined otherwise). */
  body: unknown;
}

const MAX_DETAIL = 300;
/** A LAPI with community blocklists returns tens of thousands of decisions; far beyond that is not a LAPI. */
const MAX_BODY_CHARS = 64 * 1024 * 1024;

export { REDACTED } from '../common/redact';

/** Scrubs the key (and its case/base64/URL-encoded forms) from a detail line. */
export function redact(text: string, secrets: readonly string[]): string {
  return redactSecrets(text, secrets);
}

function clip(text: string): string {
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text;
}

function failed(error: LapiErrorKind, detail: string, status: number | null, ms: number | null, secrets: readonly string[]): CallResult {
  return { call: { ok: false, error, status, detail: clip(redact(detail, secrets)), ms }, body: undefined };
}

export async function lapiCall(url: URL, init: RequestInit, opts: CallOptions): Promise<CallResult> {
  const started = performance.now();
  const elapsed = (): number => Math.round((performance.now() - started) * 10) / 10;
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  const what = `${init.method ?? 'GET'} ${url.pathname}`;

  let res: Response;
  try {
    // Redirects are not followed: that would send the key to wherever the redirect points.
    const headers = new Headers(init.headers);
    headers.set('User-Agent', opts.userAgent);
    res = await opts.fetchImpl(url, { ...init, headers, signal, redirect: 'manual' });
  } catch (err) {
    const { kind, detail } = describeFetchError(err, timeout, opts.signal, opts.timeoutMs);
    return failed(kind, `${what}: ${detail}`, null, elapsed(), opts.secrets);
  }

  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    const { kind, detail } = describeFetchError(err, timeout, opts.signal, opts.timeoutMs);
    return failed(kind, `${what}: reading the answer failed: ${detail}`, res.status, elapsed(), opts.secrets);
  }

  if (res.status === 401 || res.status === 403) {
    return failed('auth', `${what}: HTTP ${res.status} ${lapiMessage(text)}`.trim(), res.status, elapsed(), opts.secrets);
  }
  if (res.status >= 300 && res.status < 400) {
    return failed('http', `${what}: HTTP ${res.status} redirect (not followed, it would carry the credentials elsewhere)`, res.status, elapsed(), opts.secrets);
  }
  if (!res.ok) {
    return failed('http', `${what}: HTTP ${res.status} ${lapiMessage(text)}`.trim(), res.status, elapsed(), opts.secrets);
  }
  if (text.length > MAX_BODY_CHARS) {
    return failed('invalid-response', `${what}: answer larger than ${MAX_BODY_CHARS} characters`, res.status, elapsed(), opts.secrets);
  }
  try {
    const body: unknown = JSON.parse(text);
    return { call: { ok: true, error: null, status: res.status, detail: null, ms: elapsed() }, body };
  } catch {
    return failed('invalid-response', `${what}: HTTP ${res.status} but the answer is not JSON (is this a CrowdSec LAPI?)`, res.status, elapsed(), opts.secrets);
  }
}

/** The LAPI's own error text (`{"message": "access forbidden"}`), or a clipped raw body. */
function lapiMessage(text: string): string {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && 'message' in parsed && typeof parsed.message === 'string') {
      return `(${parsed.message})`;
    }
  } catch {
    // not JSON: fall through to the raw text
  }
  const raw = text.replace(/\s+/g, ' ').trim();
  return raw === '' ? '' : `(${raw.slice(0, 120)})`;
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const TLS_CODE = /^(ERR_TLS|ERR_SSL|ERR_OSSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_MISMATCH)/;

/** Every error in the cause chain, including the members of an AggregateError (IPv4 + IPv6 attempts). */
function errorChain(err: unknown): Error[] {
  const out: Error[] = [];
  const queue: unknown[] = [err];
  while (queue.length > 0 && out.length < 20) {
    const e = queue.shift();
    if (!(e instanceof Error)) continue;
    out.push(e);
    if (e.cause !== undefined) queue.push(e.cause);
    if (e instanceof AggregateError) queue.push(...(e.errors as unknown[]));
  }
  return out;
}

function codeOf(e: Error): string | undefined {
  const code: unknown = 'code' in e ? e.code : undefined;
  return typeof code === 'string' ? code : undefined;
}

export function describeFetchError(
  err: unknown,
  timeout: AbortSignal,
  caller: AbortSignal | undefined,
  timeoutMs: number,
): { kind: LapiErrorKind; detail: string } {
  if (caller?.aborted) return { kind: 'aborted', detail: 'cancelled by the caller' };
  const chain = errorChain(err);
  if (timeout.aborted || chain.some((e) => e.name === 'TimeoutError')) {
    return { kind: 'timeout', detail: `no answer within ${timeoutMs} ms` };
  }
  const codes = chain.map(codeOf).filter((c): c is string => c !== undefined);
  // The innermost message is the system error ("connect ECONNREFUSED 127.0.0.1:8080").
  const inner = chain[chain.length - 1]?.message ?? String(err);
  if (codes.includes('ECONNREFUSED')) return { kind: 'refused', detail: `connection refused (${inner})` };
  if (codes.some((c) => DNS_CODES.has(c))) return { kind: 'dns', detail: `name does not resolve (${inner})` };
  if (codes.some((c) => TIMEOUT_CODES.has(c))) return { kind: 'timeout', detail: `timed out (${inner})` };
  if (codes.some((c) => TLS_CODE.test(c))) return { kind: 'tls', detail: `TLS failed (${inner})` };
  return { kind: 'unreachable', detail: inner };
}
