// A failed probe sample in words a user can act on: what happened on the wire and the likely
// cause, e.g. "UDP never answered: no reply to the QUIC Initial within 3 s — UDP/443 is blocked or
// not forwarded". Pure; shared by the CLI text output and the API (the dashboard shows the words).
import type { ProbeKind, ProbeSample } from '../model/probe';

export interface FailureContext {
  port: number;
  /** The per-sample timeout used, for "within 3 s". */
  timeoutMs?: number;
}

export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1).replace(/\.0$/, '')} s`;
}

function within(ctx: FailureContext): string {
  return ctx.timeoutMs === undefined ? '' : ` within ${formatSeconds(ctx.timeoutMs)}`;
}

function detailOf(sample: ProbeSample): string {
  return sample.detail ? ` (${sample.detail})` : '';
}

function h3Words(sample: ProbeSample, ctx: FailureContext): string {
  const udp = `UDP/${ctx.port}`;
  switch (sample.error) {
    case 'timeout':
      // The parent killed a runner that never reported: say so rather than blame the network.
      if (sample.detail?.includes('runner')) return `The HTTP/3 probe gave no answer${within(ctx)}${detailOf(sample)}`;
      if (sample.handshakeMs === null) {
        return `UDP never answered: no reply to the QUIC Initial${within(ctx)} — ${udp} is blocked or not forwarded (firewall, router port forward, or a LoadBalancer Service without a UDP port)`;
      }
      return `The QUIC handshake completed but the HTTP/3 request got no answer${within(ctx)}${detailOf(sample)}`;
    case 'refused':
      return `UDP port closed: the host answered "port unreachable" — nothing listens on ${udp} (HTTP/3 is not enabled there, or the Service has no UDP port)`;
    case 'unreachable':
      return `Host unreachable over UDP: no route to the address${detailOf(sample)}`;
    case 'tls':
      return `QUIC's TLS handshake failed: the certificate was rejected${detailOf(sample)}`;
    case 'alpn':
      return `Something answers QUIC on ${udp} but it does not speak HTTP/3 (ALPN h3 refused)${detailOf(sample)}`;
    case 'protocol':
      return `HTTP/3 protocol failure${detailOf(sample)}`;
    case 'http':
      return sample.status !== null ? `HTTP/3 worked but the request failed with HTTP ${sample.status}` : `The HTTP/3 request failed${detailOf(sample)}`;
    default:
      return `HTTP/3 failed${detailOf(sample)}`;
  }
}

function tcpWords(sample: ProbeSample, ctx: FailureContext): string {
  const tcp = `TCP/${ctx.port}`;
  switch (sample.error) {
    case 'timeout':
      if (sample.phase === 'connect') return `No TCP answer${within(ctx)}: ${tcp} is filtered (packets dropped) or the host is down`;
      if (sample.phase === 'tls') return `TCP connected but the TLS handshake stalled${within(ctx)}: is it really TLS on ${tcp}?`;
      return `Connected, but the HTTP response did not arrive${within(ctx)}`;
    case 'refused':
      return `Connection refused: nothing listens on ${tcp} (or a firewall rejects it)`;
    case 'unreachable':
      return `Host unreachable: no route to the address, or the name does not resolve${detailOf(sample)}`;
    case 'tls':
      return `TLS failed: the certificate was rejected or the handshake broke${detailOf(sample)}`;
    case 'alpn':
      return `TLS worked but the server chose no HTTP protocol the probe speaks (ALPN)${detailOf(sample)}`;
    case 'protocol':
      // The TCP probe sets this when the port answered a plain HTTP request instead of TLS.
      if (sample.phase === 'tls') return `${tcp} does not speak TLS${detailOf(sample)} — point the probe at the HTTPS port (e.g. websecure, not web)`;
      return `Protocol failure${detailOf(sample)}`;
    case 'http':
      return sample.status !== null ? `The HTTP request failed with HTTP ${sample.status}` : `The HTTP request failed${detailOf(sample)}`;
    default:
      return `The probe failed${detailOf(sample)}`;
  }
}

/** One sentence for a failed sample; '' for a sample that succeeded. */
export function describeProbeFailure(kind: ProbeKind, sample: ProbeSample, ctx: FailureContext): string {
  if (sample.ok) return '';
  return kind === 'h3' ? h3Words(sample, ctx) : tcpWords(sample, ctx);
}

/** The most recent failed sample of a run (samples are in order), or null when all succeeded. */
export function lastFailure(results: readonly ProbeSample[]): ProbeSample | null {
  for (let i = results.length - 1; i >= 0; i--) {
    const r = results[i];
    if (r && !r.ok) return r;
  }
  return null;
}
