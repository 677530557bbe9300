// 1. Do real client IPs reach my apps? From Traefik's access logs when they answer, with
// the cluster config (each HTTP(S) LB's traffic policy) as support or fallback. Pure.
import { type ClusterReport, type LogReport } from '@/lib/model';
import { addressRuns, CLASS_ORDER, fmtInt, fmtPct, namedRouters } from '../clients/words';
import { plural, SECTION_IDS } from './anchors';
import { shorten, type Evidence } from './evidence';
import { allocatedServices, bySeverity, CONFIG_BASIS, type ConfigAnswer, indexed, isHttp, listNames, nameOf, names, refusalAnchor, refusedServices, sentence, serviceName, stripDot, supportOf, type Verdict, worst } from './verdict-kit';

// ── 1. Do real client IPs reach my apps? ──────────────────────────────────────

const CLIENTS_Q = 'Do real client IPs reach my apps?';

/** The answer the cluster config alone gives: what the ETP of each HTTP(S) load balancer implies. */
function clientIpFromConfig(report: ClusterReport): ConfigAnswer {
  const question = CLIENTS_Q;
  const all = indexed(report);
  const services = allocatedServices(report);
  const snat = all.filter((x) => x.finding.rule === 'etp-cluster-snat');
  if (snat.length > 0) {
    const first = [...snat].sort(bySeverity)[0] ?? snat[0];
    const affected = new Set(snat.flatMap((x) => names(x.finding)));
    const count = Math.max(affected.size, snat.length);
    const name = first ? serviceName(first.finding) : undefined;
    const ip = first?.finding.ip;
    const lead = name
      ? `${name} uses externalTrafficPolicy Cluster${ip ? ` on ${ip}` : ''}`
      : 'An HTTP load balancer uses externalTrafficPolicy Cluster';
    const more = count > 1 ? ` (and ${plural(count - 1, 'more service')})` : '';
    return {
      fact: `${lead}${more}`,
      clients: 'lost',
      verdict: {
        id: 'clients',
        question,
        tone: worst(snat),
        word: 'Likely not',
        figure: String(count),
        figureLabel: `HTTP ${count === 1 ? 'service' : 'services'} on ETP=Cluster`,
        detail: `${lead}: kube-proxy replaces client IPs with node IPs${more}.`,
        href: `#${first?.anchor ?? SECTION_IDS.findings}`,
        linkLabel: 'See the evidence',
        ...CONFIG_BASIS,
      },
    };
  }

  const http = services.filter((x) => isHttp(x.svc));
  const refusedHttp = refusedServices(report).filter((x) => isHttp(x.svc));
  const refused = refusedHttp[0];
  if (http.length === 0 && refused) {
    const fact = `${nameOf(refused.svc)} asks for ${refused.ip} but MetalLB refused it`;
    return {
      fact,
      verdict: {
        id: 'clients',
        question,
        tone: 'error',
        word: 'Not served',
        figure: String(refusedHttp.length),
        figureLabel: `HTTP ${refusedHttp.length === 1 ? 'service' : 'services'} without an IP`,
        detail: `${fact}: clients do not reach it at all.`,
        href: refusalAnchor(all, refused.svc),
        linkLabel: 'See the evidence',
        ...CONFIG_BASIS,
      },
    };
  }
  if (services.length === 0) {
    return {
      fact: 'No allocated LoadBalancer service',
      verdict: {
        id: 'clients',
        question,
        tone: 'unknown',
        word: 'Nothing to judge',
        figure: '0',
        figureLabel: 'LoadBalancer services',
        detail: 'No allocated LoadBalancer service, so no client traffic arrives through MetalLB.',
        href: `#${SECTION_IDS.loadBalancers}`,
        linkLabel: 'See load balancers',
        ...CONFIG_BASIS,
      },
    };
  }
  if (http.length === 0) {
    return {
      fact: 'No LoadBalancer service exposes a web port',
      verdict: {
        id: 'clients',
        question,
        tone: 'unknown',
        word: 'No HTTP LB seen',
        figure: '0',
        figureLabel: 'HTTP(S) services',
        detail: 'No LoadBalancer service exposes a web port (80, 443, 8080, 8443); non-HTTP services on ETP=Cluster also lose client IPs.',
        href: `#${SECTION_IDS.loadBalancers}`,
        linkLabel: 'See load balancers',
        ...CONFIG_BASIS,
      },
    };
  }
  const local = http.filter((x) => x.svc.externalTrafficPolicy === 'Local');
  const allLocal = local.length === http.length;
  const ips = [...new Set(http.map((x) => x.ip))];
  const fact = allLocal
    ? `${listNames(http.map((x) => nameOf(x.svc)))} ${http.length === 1 ? 'uses' : 'use'} externalTrafficPolicy Local${ips.length === 1 ? ` on ${ips[0] ?? ''}` : ''}`
    : `${http.length - local.length} of ${plural(http.length, 'HTTP(S) service')} use externalTrafficPolicy Cluster, but no SNAT rule fired for them`;
  return {
    fact,
    clients: allLocal ? 'kept' : undefined,
    verdict: {
      id: 'clients',
      question,
      tone: allLocal ? 'ok' : 'unknown',
      word: allLocal ? 'Config preserves them' : 'Unclear',
      figure: `${local.length}/${http.length}`,
      figureLabel: 'HTTP(S) services on ETP=Local',
      detail: allLocal ? `${fact}, so kube-proxy keeps client source addresses.` : `${fact}.`,
      href: `#${SECTION_IDS.loadBalancers}`,
      linkLabel: 'See load balancers',
      ...CONFIG_BASIS,
    },
  };
}

/** Entries with an IP client, and how many of them came from node or pod addresses. */
function logCounts(logs: LogReport): { classified: number; snat: number; kinds: string; snatIps: string[] } {
  const classified = CLASS_ORDER.reduce((n, c) => n + (logs.classes[c] ?? 0), 0);
  const node = logs.classes.node ?? 0;
  const pod = logs.classes.pod ?? 0;
  const kinds = node > 0 && pod > 0 ? 'node and pod' : pod > 0 ? 'pod' : 'node';
  const snatIps = logs.topClients.filter((c) => c.class === 'node' || c.class === 'pod').map((c) => c.ip);
  return { classified, snat: node + pod, kinds, snatIps };
}

/** The access logs can answer: entries were parsed and some have an IP client. */
export function logsCanAnswer(logs: LogReport): boolean {
  return logs.sampling?.from !== 'none' && logs.parsed > 0 && logs.verdict !== 'unknown';
}

/** Why a log sample cannot answer, in a few words a user can act on. */
export function logsGap(logs: LogReport): string {
  if (logs.sampling?.from === 'none') return 'could not be sampled: a snapshot holds no pod logs';
  if (logs.parsed > 0) return `cannot tell: none of the ${fmtInt(logs.parsed)} access-log entries has an IP client address`;
  const problem = logs.sampling?.problems?.[0];
  if (problem) {
    const what = problem.kind === 'Pod' ? 'pods' : problem.kind === 'Service' ? 'services' : problem.kind;
    return `could not be sampled: ${problem.reason === 'forbidden' ? `listing ${what} is forbidden (RBAC)` : shorten(problem.detail, 90)}`;
  }
  const sources = logs.sources ?? [];
  const failed = sources.filter((s) => s.reason !== undefined || s.error !== undefined);
  const first = failed[0];
  if (first && failed.length === sources.length) {
    const pods = sources.length === 1 ? 'the Traefik pod' : `all ${sources.length} Traefik pods`;
    if (failed.every((s) => s.reason === 'forbidden')) return `could not be sampled: reading pods/log is forbidden (RBAC) for ${pods}`;
    return `could not be sampled: ${pods} could not be read (${shorten(first.error ?? first.reason ?? 'error', 70)})`;
  }
  if (logs.lines === 0) return 'could not be sampled: the Traefik pods have not logged a request yet';
  return `could not be sampled: none of the ${fmtInt(logs.lines)} log lines is an access-log entry — is Traefik's access log on?`;
}

function logsBasisLabel(logs: LogReport): string {
  const sources = logs.sources ?? [];
  const read = sources.filter((s) => s.reason === undefined && s.error === undefined).length;
  const from = sources.length === 0 ? '' : read === sources.length ? ` from ${plural(read, 'pod')}` : ` from ${read} of ${plural(sources.length, 'pod')}`;
  return `Traefik access logs (${fmtInt(logs.parsed)} ${logs.parsed === 1 ? 'entry' : 'entries'}${from})`;
}

const CLIENTS_LINK = { href: '/clients', linkLabel: 'See the access-log evidence' } as const;

/** The answer the access logs give, with the cluster config as its supporting line. */
function clientIpFromLogs(logs: LogReport, config: ConfigAnswer): Verdict {
  const { classified, snat, kinds, snatIps } = logCounts(logs);
  const routers = namedRouters(logs);
  const on = `${fmtInt(classified)} requests${routers > 0 ? ` on ${plural(routers, 'router')}` : ''}`;
  const from = `${kinds} addresses${snatIps.length > 0 ? ` ${addressRuns(snatIps)}` : ''}`;
  const base = { id: 'clients', question: CLIENTS_Q, ...CLIENTS_LINK, basis: 'logs', basisLabel: logsBasisLabel(logs) } as const;
  // The config and the logs can disagree (a proxy in front restores addresses; SNAT happens elsewhere): say so.
  switch (logs.verdict) {
    case 'snat':
      return {
        ...base,
        tone: 'error',
        word: 'No',
        figure: fmtPct(snat / classified),
        figureLabel: `of ${on} came from ${from}`,
        detail: 'Traefik sees the node, not the visitor.',
        support: supportOf(config, config.clients === 'kept' ? 'yet the logs show node addresses: something else rewrites them' : undefined),
      };
    case 'mixed':
      return {
        ...base,
        tone: 'warning',
        word: 'Partly',
        figure: fmtPct(snat / classified),
        figureLabel: `of ${on} came from ${from}; the rest from client addresses`,
        detail: 'Some paths keep the client IP, some are SNATed.',
        support: supportOf(config),
      };
    case 'suspect-snat':
    case 'unknown':
      // logsCanAnswer() keeps this out; the config is the answer then.
      return config.verdict;
    case 'preserved':
      return {
        ...base,
        tone: 'ok',
        word: 'Yes',
        figure: fmtPct((classified - snat) / classified),
        figureLabel: `of ${on} came from client addresses`,
        detail: snat > 0 ? `Only ${fmtInt(snat)} came from ${kinds} addresses.` : 'None came from node or pod addresses.',
        support: supportOf(config, config.clients === 'lost' ? 'yet the logs show client addresses (a proxy in front may restore them)' : undefined),
      };
  }
}

/**
 * "Do real client IPs reach my apps?" From the access logs when they can answer;
 * otherwise from the cluster config, with a note saying why the logs could not
 * (or that they are still being read). Without `logs`, the config alone, no note.
 */
export function clientIpVerdict(report: ClusterReport, logs?: Evidence<LogReport>): Verdict {
  const config = clientIpFromConfig(report);
  if (logs === undefined) return config.verdict;
  switch (logs.state) {
    case 'loading':
      return { ...config.verdict, note: { kind: 'pending', text: 'Checking access logs…' } };
    case 'failed':
      return {
        ...config.verdict,
        note: { kind: 'missing', text: sentence(`Access logs could not be sampled: ${shorten(stripDot(logs.message), 90)}`), ...CLIENTS_LINK, linkLabel: 'Client IPs' },
      };
    case 'ready':
      if (logsCanAnswer(logs.data)) return clientIpFromLogs(logs.data, config);
      return { ...config.verdict, note: { kind: 'missing', text: sentence(`Access logs ${logsGap(logs.data)}`), ...CLIENTS_LINK, linkLabel: 'Client IPs' } };
  }
}

// ── 2. Does HTTP/3 work through my load balancer? ─────────────────────────────
