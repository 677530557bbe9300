// Maps low-level socket/TLS errors to the probe error classes of CONTRACT.md. Shared by the TCP
// and HTTP/3 probes so both name the same failure the same way.
import type { ProbeError, ProbeSample } from '../../lib/model/probe';

export type ProbePhase = ProbeSample['phase'];

export interface ClassifiedError {
  error: ProbeError;
  detail: string;
}

const REFUSED = new Set(['ECONNREFUSED']);
const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'EADDRNOTAVAIL', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME']);
const TIMEOUT = new Set(['ETIMEDOUT']);

function codeOf(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Classifies an error thrown by net/tls/http/http2 during `phase`. */
export function classifyNetError(err: unknown, phase: ProbePhase): ClassifiedError {
  const code = codeOf(err) ?? '';
  const message = messageOf(err);
  const detail = code ? `${code}: ${firstLine(message)}` : firstLine(message);
  if (REFUSED.has(code)) return { error: 'refused', detail };
  if (UNREACHABLE.has(code)) return { error: 'unreachable', detail };
  if (TIMEOUT.has(code)) return { error: 'timeout', detail };
  if (code === 'ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL' || code === 'ERR_SSL_NO_APPLICATION_PROTOCOL') {
    return { error: 'alpn', detail: `server accepted none of the offered ALPN protocols (${detail})` };
  }
  if (phase === 'connect') return { error: 'unreachable', detail };
  if (phase === 'tls' || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || code === 'EPROTO') {
    return { error: 'tls', detail };
  }
  return { error: 'http', detail };
}

function firstLine(s: string): string {
  const line = s.split('\n')[0] ?? s;
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
