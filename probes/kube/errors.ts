// Turning a failed read into an observation (a Gap) with a reason a user can act on.
import type { Gap } from '../../lib/model/cluster';

const UNREACHABLE_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'DNS lookup failed',
  EAI_AGAIN: 'DNS lookup failed (temporary)',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_HEADERS_TIMEOUT: 'no response headers in time',
  UND_ERR_BODY_TIMEOUT: 'response body stalled',
};

/** Every error in the cause chain (and inside AggregateErrors), outermost first. */
function chain(err: unknown): unknown[] {
  const out: unknown[] = [];
  const queue: unknown[] = [err];
  while (queue.length && out.length < 20) {
    const e = queue.shift();
    if (e === undefined || e === null || out.includes(e)) continue;
    out.push(e);
    if (e instanceof AggregateError) queue.push(...e.errors);
    if (e instanceof Error && 'cause' in e) queue.push(e.cause);
  }
  return out;
}

function codeOf(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Classifies a transport failure: unreachable (refused, DNS, timeout) or error (TLS, auth plugin, …). */
export function transportGap(kind: string, err: unknown, server: string, timedOut: { ms: number } | null): Gap {
  if (timedOut) return { kind, reason: 'unreachable', detail: `no answer from ${server} within ${timedOut.ms} ms (timed out)` };
  const all = chain(err);
  for (const e of all) {
    const code = codeOf(e);
    if (code && UNREACHABLE_CODES[code]) {
      return { kind, reason: 'unreachable', detail: `${UNREACHABLE_CODES[code]}: ${server} (${code}: ${messageOf(e)})` };
    }
    if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) {
      return { kind, reason: 'unreachable', detail: `request to ${server} aborted: ${e.message}` };
    }
  }
  const details = all.map(messageOf).filter((m, i, a) => m && a.indexOf(m) === i);
  return { kind, reason: 'error', detail: `request to ${server} failed: ${details.join(': ')}` };
}

/** A human line from a Status body (or the raw text) for HTTP errors. */
export function statusMessage(text: string): string {
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v === 'object' && v !== null && 'message' in v && typeof v.message === 'string') return v.message;
  } catch {
    // not JSON: use the text
  }
  return text.trim().slice(0, 300);
}
