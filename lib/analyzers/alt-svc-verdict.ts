// The Alt-Svc consistency verdict: does what TCP advertises (Alt-Svc: h3=…) match what HTTP/3
// really does? Per target, and one overall verdict for the top of the Edge page. Pure.
import type { AltSvcStatus, AltSvcVerdict, ProbeReport } from '../model/probe';
import { probeTotals, type Countable } from '../model/probe-totals';
import { h3Alternatives } from './alt-svc';

function advertisedValue(tcp: ProbeReport): string | null {
  return tcp.results.find((r) => r.ok && h3Alternatives(r.altSvc).length > 0)?.altSvc ?? null;
}

export function altSvcConsistency(tcp: ProbeReport | null | undefined, h3: ProbeReport | null | undefined): AltSvcStatus {
  if (!tcp && !h3) return { verdict: 'unknown', advertised: null, message: 'Not probed yet' };
  if (!tcp) {
    if (h3?.verdict === 'ok') return { verdict: 'working', advertised: null, message: 'HTTP/3 working (Alt-Svc not checked: no TCP probe)' };
    return { verdict: 'unknown', advertised: null, message: `HTTP/3 ${h3?.verdict ?? 'unknown'}; Alt-Svc not checked (no TCP probe)` };
  }
  if (tcp.ok === 0) return { verdict: 'unknown', advertised: null, message: 'TCP/TLS failed, so the Alt-Svc advertisement could not be read' };
  const advertised = advertisedValue(tcp);
  if (advertised === null) {
    if (h3?.verdict === 'ok') {
      return { verdict: 'not-advertised', advertised, message: 'HTTP/3 works but is not advertised (no Alt-Svc h3): browsers will not use it' };
    }
    return { verdict: 'not-advertised', advertised, message: 'HTTP/3 not advertised (no Alt-Svc h3 on the TCP responses)' };
  }
  if (!h3) return { verdict: 'untested', advertised, message: `HTTP/3 advertised (Alt-Svc: ${advertised}) but not probed` };
  switch (h3.verdict) {
    case 'ok':
      return { verdict: 'working', advertised, message: 'HTTP/3 advertised and working' };
    case 'failing':
      return { verdict: 'broken', advertised, message: `HTTP/3 advertised but broken: 0 of ${h3.samples} HTTP/3 requests succeeded` };
    default:
      return { verdict: 'intermittent', advertised, message: `HTTP/3 advertised but works only sometimes: ${h3.ok} of ${h3.samples} HTTP/3 requests succeeded` };
  }
}

/** Worst first: the overall verdict is the worst one among the targets. */
const RANK: Record<AltSvcVerdict, number> = { broken: 0, intermittent: 1, working: 2, untested: 3, 'not-advertised': 4, unknown: 5 };

/**
 * One verdict for the top of the Edge page. "N of M" counts over every probed target with a
 * result (probeTotals, the count the summary's HTTP/3 answer uses): a target whose TCP failed has
 * no readable Alt-Svc but still counts, so the Edge page and the Overview never disagree on M.
 */
export function overallH3Verdict(targets: ReadonlyArray<Countable & { altSvc: AltSvcStatus }>): AltSvcStatus {
  const totals = probeTotals(targets);
  const counted = new Set(totals.withResults);
  const probed = targets.filter((t) => counted.has(t.name));
  const known = probed.filter((t) => t.altSvc.verdict !== 'unknown');
  if (known.length === 0) return { verdict: 'unknown', advertised: null, message: totals.targets.length === 0 ? 'No probe targets' : 'No results yet' };
  const worst = [...known].sort((a, b) => RANK[a.altSvc.verdict] - RANK[b.altSvc.verdict])[0];
  if (!worst) return { verdict: 'unknown', advertised: null, message: 'No results yet' };
  const same = known.filter((t) => t.altSvc.verdict === worst.altSvc.verdict);
  const names = same.length <= 3 ? ` (${same.map((t) => t.name).join(', ')})` : '';
  const total = probed.length;
  const where =
    same.length === total
      ? total === 1
        ? `the one probed target${names}`
        : `all ${total} probed targets`
      : `${same.length} of ${total} probed targets${names}`;
  const headline: Record<AltSvcVerdict, string> = {
    broken: 'HTTP/3 advertised but broken',
    intermittent: 'HTTP/3 advertised but intermittent',
    working: 'HTTP/3 advertised and working',
    untested: 'HTTP/3 advertised, not probed',
    'not-advertised': 'HTTP/3 not advertised',
    unknown: 'Unknown',
  };
  return { verdict: worst.altSvc.verdict, advertised: worst.altSvc.advertised, message: `${headline[worst.altSvc.verdict]} on ${where}` };
}
