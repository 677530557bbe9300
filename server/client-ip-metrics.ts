// Prometheus families for the Client-IP evidence: requests per router and
// source class from the sampled Traefik log, and CrowdSec's decisions by
// class. Pure: the route passes the reports in (null when not available).
import type { CrowdsecReport, LogReport } from '@/lib/model';
import type { MetricFamily } from './metrics';

export function logMetrics(report: LogReport): MetricFamily[] {
  const byRouter = new Map<string, Map<string, number>>();
  for (const r of report.routers) {
    const classes = byRouter.get(r.router) ?? new Map<string, number>();
    for (const [cls, n] of Object.entries(r.byClass)) classes.set(cls, (classes.get(cls) ?? 0) + (n ?? 0));
    byRouter.set(r.router, classes);
  }
  const sources = report.sources ?? [];
  return [
    {
      name: 'edgelens_client_requests',
      help: 'Requests in the latest Traefik access-log sample, by router and source address class (node/pod mean SNAT).',
      type: 'gauge',
      samples: [...byRouter].flatMap(([router, classes]) => [...classes].map(([cls, value]) => ({ labels: { router, class: cls }, value }))),
    },
    {
      name: 'edgelens_client_snat_ratio',
      help: 'Share of a router\'s requests that came from node or pod addresses (0..1) in the latest sample.',
      type: 'gauge',
      samples: report.routers.map((r) => ({ labels: { router: r.router, entrypoint: r.entryPoint ?? '' }, value: r.snatRatio })),
    },
    {
      name: 'edgelens_client_ip_verdict',
      help: 'Overall client-IP verdict of the latest sample (1 for the current verdict).',
      type: 'gauge',
      samples: [{ labels: { verdict: report.verdict }, value: 1 }],
    },
    {
      name: 'edgelens_log_lines',
      help: 'Lines in the latest sample by kind.',
      type: 'gauge',
      samples: [
        { labels: { kind: 'parsed' }, value: report.parsed },
        { labels: { kind: 'malformed' }, value: report.malformed },
        { labels: { kind: 'blank' }, value: report.blank ?? 0 },
      ],
    },
    {
      name: 'edgelens_log_sources',
      help: 'Traefik pods sampled, by outcome (ok, or the reason the log could not be read).',
      type: 'gauge',
      samples: countBy(sources.map((s) => s.reason ?? (s.error ? 'error' : 'ok'))).map(([status, value]) => ({ labels: { status }, value })),
    },
  ];
}

export function crowdsecMetrics(report: CrowdsecReport): MetricFamily[] {
  const configured = report.verdict !== 'not-configured' || report.lapi.url !== '';
  // Every decision, not the list the report displays (it keeps at most 200 public ones).
  const byClass = report.decisionsByClass ? Object.entries(report.decisionsByClass).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)) : countBy(report.decisions.map((d) => d.class ?? 'none'));
  return [
    {
      name: 'edgelens_crowdsec_verdict',
      help: 'CrowdSec verdict (1 for the current one): ok, blind, dangerous, unreachable, auth-failed, not-configured.',
      type: 'gauge',
      samples: [{ labels: { verdict: report.verdict }, value: 1 }],
    },
    ...(configured
      ? [
          {
            name: 'edgelens_crowdsec_lapi_up',
            help: 'Whether the CrowdSec LAPI answered the latest read (1) or not (0; also 0 while a stale reading is served because the LAPI hangs).',
            type: 'gauge' as const,
            samples: [{ value: report.lapi.reachable && report.stale === undefined ? 1 : 0 }],
          },
          {
            name: 'edgelens_crowdsec_decisions',
            help: 'Active CrowdSec decisions by the class of their target (node, lb, pod, private, public, …; a Range by the most alarming class it covers; none for non-address scopes).',
            type: 'gauge' as const,
            samples: byClass.map(([cls, value]) => ({ labels: { class: cls }, value })),
          },
        ]
      : []),
    ...(report.routers && report.routers.length > 0
      ? [
          {
            name: 'edgelens_crowdsec_visible_share',
            help: "Share of a router's sampled requests CrowdSec can act on (0..1): its traefik-logs parser's source, not dropped by its whitelist.",
            type: 'gauge' as const,
            samples: report.routers.map((r) => ({ labels: { router: r.router }, value: r.share })),
          },
        ]
      : []),
  ];
}

function countBy(keys: readonly string[]): Array<[string, number]> {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return [...m].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
