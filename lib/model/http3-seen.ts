// Did HTTP/3 reach a router? From the protocols its access-log entries recorded: "unknown" when
// none was logged (RequestProtocol dropped), never "no". Shared by the dashboard and the CLI.
import type { RouterReport } from './logs';

export interface Http3Observed {
  state: 'yes' | 'no' | 'unknown';
  /** HTTP/3 requests. */
  h3: number;
  /** Requests with a logged protocol. */
  logged: number;
  /** h3 / logged; 0 when nothing was logged. */
  share: number;
}

export function http3Observed(r: Pick<RouterReport, 'protocols'>): Http3Observed {
  const counts = r.protocols ?? {};
  const logged = Object.values(counts).reduce((a, n) => a + n, 0);
  const h3 = counts['HTTP/3.0'] ?? 0;
  return { state: logged === 0 ? 'unknown' : h3 > 0 ? 'yes' : 'no', h3, logged, share: logged > 0 ? h3 / logged : 0 };
}
