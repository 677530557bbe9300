// The logs report → one row per router for the CrowdSec analyzer: entrypoint
// rows of a router merged, CrowdSec tallies added up and judged again, so the
// CrowdSec report and the logs report read the same counts.
import { CROWDSEC_BLIND_MAX_SHARE, CROWDSEC_MOSTLY_BLIND_MAX_SHARE } from '@/lib/model';
import type { AddressClass, CrowdsecSight, CrowdsecVisibility, LogReport } from '@/lib/model';
import type { RouterSources } from './crowdsec';
import type { BouncerFacts } from './crowdsec-bouncer';

/** The accumulator's overflow row and "no router" row name nothing a user could fix. */
const NOT_A_ROUTER = new Set(['-', '(other routers)']);

function sight(share: number, requests: number): CrowdsecSight {
  if (requests === 0) return 'sees';
  return share < CROWDSEC_BLIND_MAX_SHARE ? 'blind' : share < CROWDSEC_MOSTLY_BLIND_MAX_SHARE ? 'mostly-blind' : 'sees';
}

function addVisibility(a: CrowdsecVisibility | undefined, b: CrowdsecVisibility | undefined): CrowdsecVisibility | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  const requests = a.requests + b.requests;
  const visible = a.visible + b.visible;
  const bySource = new Map<string, { ip: string; class: 'node' | 'pod' | 'lb'; requests: number }>();
  for (const s of [...(a.infrastructureSources ?? []), ...(b.infrastructureSources ?? [])]) {
    const cur = bySource.get(s.ip);
    if (cur) cur.requests += s.requests;
    else bySource.set(s.ip, { ...s });
  }
  const sources = [...bySource.values()].sort((x, y) => y.requests - x.requests || (x.ip < y.ip ? -1 : 1)).slice(0, 5);
  const share = requests > 0 ? Math.round((visible / requests) * 10_000) / 10_000 : 0;
  return {
    requests,
    visible,
    whitelisted: a.whitelisted + b.whitelisted,
    unusable: a.unusable + b.unusable,
    infrastructure: a.infrastructure + b.infrastructure,
    ...((a.forwardedViaInfrastructure ?? 0) + (b.forwardedViaInfrastructure ?? 0) > 0
      ? { forwardedViaInfrastructure: (a.forwardedViaInfrastructure ?? 0) + (b.forwardedViaInfrastructure ?? 0) }
      : {}),
    share,
    sight: sight(visible / Math.max(requests, 1), requests),
    ...(sources.length > 0 ? { infrastructureSources: sources } : {}),
  };
}

/** One row per router with traffic (entrypoint rows merged); undefined when the log has no entries. */
export function routerSources(report: LogReport | null): RouterSources[] | undefined {
  if (report === null || report.parsed === 0) return undefined;
  const byRouter = new Map<string, RouterSources>();
  for (const r of report.routers) {
    if (NOT_A_ROUTER.has(r.router)) continue;
    const cur: RouterSources = byRouter.get(r.router) ?? { router: r.router, byClass: {}, requests: 0 };
    cur.requests += r.requests;
    for (const [cls, n] of Object.entries(r.byClass) as Array<[AddressClass, number | undefined]>) cur.byClass[cls] = (cur.byClass[cls] ?? 0) + (n ?? 0);
    const cs = addVisibility(cur.crowdsec, r.crowdsec);
    if (cs) cur.crowdsec = cs;
    byRouter.set(r.router, cur);
  }
  return [...byRouter.values()];
}

/** What the bouncer-plugin checks read from the logs report (decision scopes are added by the analyzer). */
export function bouncerFactsFromLogs(report: LogReport | null): Omit<BouncerFacts, 'scopes'> {
  if (report === null || report.parsed === 0) return { logVerdict: null, forwarded: 0, requests: 0, infraSources: [] };
  return {
    logVerdict: report.verdict,
    forwardedViaInfra: report.crowdsec?.forwardedViaInfrastructure ?? 0,
    forwarded: report.routers.reduce((a, r) => a + (r.forwarded ?? 0), 0),
    requests: report.parsed,
    infraSources: report.topClients.filter((c) => c.class === 'node' || c.class === 'pod' || c.class === 'lb'),
  };
}
