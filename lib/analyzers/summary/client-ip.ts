// 1. Do real client IPs reach my apps? A Service without an external IP first (nothing reaches
// it at all); then the access logs (peer addresses judged, never an all-clear on the SNAT
// signature); without them, what the cluster config would do. Pure.
import type { ClusterReport } from '../../model/cluster';
import type { CrowdsecReport } from '../../model/crowdsec';
import type { LogReport } from '../../model/logs';
import type { Answer, Basis } from '../../model/summary';
import { dataOf, logsAnswer, logsGap, nameOf, services, webPortsOf, type SummaryInput } from './input';
import { addresses, fmtInt, fmtPct, listNames, plural } from './words';

const CLASSIFIED = ['node', 'pod', 'lb', 'loopback', 'private', 'cgnat', 'linklocal', 'public', 'documentation'] as const;

function namedRouters(logs: LogReport): number {
  return new Set(logs.routers.map((r) => r.router).filter((r) => r !== '-' && r !== '(other routers)')).size;
}

interface ConfigFacts {
  lost: string[];
  kept: string[];
  refused: string[];
  http: number;
  /** Why the lost ones lose client addresses: kube-proxy's SNAT (ETP=Cluster), k3s ServiceLB's masquerade, or both. */
  causes: { etpCluster: number; servicelb: number };
}

/** What the cluster config says about client addresses: observations, and what they would mean. */
function configFacts(report: ClusterReport): ConfigFacts {
  const http = services(report, 'assigned').filter((x) => webPortsOf(x.svc).length > 0);
  // k3s ServiceLB's svclb pod DNATs and MASQUERADEs whatever the policy (lib/analyzers/lb/servicelb.ts):
  // ETP=Local there does not keep the client's address.
  const masqueraded = http.filter((x) => x.implementation === 'servicelb');
  const etpCluster = http.filter((x) => x.implementation !== 'servicelb' && x.svc.externalTrafficPolicy === 'Cluster');
  const lost = [
    ...etpCluster.map((x) => `Service ${nameOf(x.svc)} on ${x.ip} (${webPortsOf(x.svc).join(', ')}) has externalTrafficPolicy: Cluster — kube-proxy would replace client addresses with node addresses`),
    ...masqueraded.map(
      (x) =>
        `Service ${nameOf(x.svc)} on ${x.ip} (${webPortsOf(x.svc).join(', ')}) is published by k3s ServiceLB (externalTrafficPolicy: ${x.svc.externalTrafficPolicy}) — its svclb pod would masquerade every connection, so the app would see the svclb pod's address`,
    ),
  ];
  const kept = http
    .filter((x) => x.implementation !== 'servicelb' && x.svc.externalTrafficPolicy === 'Local')
    .map((x) => `Service ${nameOf(x.svc)} on ${x.ip} (${webPortsOf(x.svc).join(', ')}) has externalTrafficPolicy: Local — kube-proxy would keep client addresses`);
  const refused = services(report, 'requested')
    .filter((x) => webPortsOf(x.svc).length > 0)
    .map((x) => `Service ${nameOf(x.svc)} asks for ${x.ip} but has no external IP (the load balancer did not assign it): no client reaches it at all`);
  return { lost, kept, refused, http: http.length, causes: { etpCluster: etpCluster.length, servicelb: masqueraded.length } };
}

function crowdsecLine(cs: CrowdsecReport | null): string[] {
  if (!cs) return [];
  if (cs.verdict === 'blind') return [`CrowdSec is blind: ${cs.blindRouters?.length ?? 0} routers send it only addresses its whitelist drops (GET /api/v1/crowdsec)`];
  if (cs.verdict === 'dangerous') return ['CrowdSec holds a decision against an internal address: it may ban every visitor behind that node (GET /api/v1/crowdsec)'];
  return [];
}

/** The headline's reason, for the causes the config shows. */
function lostReason(facts: ConfigFacts): string {
  const n = facts.lost.length;
  const { etpCluster, servicelb } = facts.causes;
  if (servicelb === 0) return `${plural(n, 'HTTP(S) LoadBalancer Service')} ${n === 1 ? 'uses' : 'use'} externalTrafficPolicy: Cluster, so kube-proxy would replace client addresses with node addresses`;
  if (etpCluster === 0) return `${plural(n, 'HTTP(S) LoadBalancer Service')} ${n === 1 ? 'is' : 'are'} published by k3s ServiceLB, whose svclb pods would masquerade every connection whatever the externalTrafficPolicy`;
  return `${plural(n, 'HTTP(S) LoadBalancer Service')} would lose client addresses (${plural(etpCluster, 'Service')} with externalTrafficPolicy: Cluster, ${plural(servicelb, 'Service')} behind k3s ServiceLB's masquerade)`;
}

function fromLogs(logs: LogReport, facts: ConfigFacts | null, cs: CrowdsecReport | null): Answer {
  const classified = CLASSIFIED.reduce((n, c) => n + (logs.classes[c] ?? 0), 0);
  const snat = (logs.classes.node ?? 0) + (logs.classes.pod ?? 0);
  const routers = namedRouters(logs);
  const on = `${fmtInt(classified)} requests${routers > 0 ? ` on ${plural(routers, 'router')}` : ''}`;
  const snatIps = logs.topClients.filter((c) => c.class === 'node' || c.class === 'pod').map((c) => c.ip);
  const spoof = logs.findings.filter((f) => f.rule === 'client-ip-spoofable');
  const from = logs.sources ? `Traefik access logs (${fmtInt(logs.parsed)} entries from ${plural(logs.sources.length, 'pod')})` : `the access log (${fmtInt(logs.parsed)} entries)`;
  const evidence: string[] = [
    ...(facts?.refused ?? []),
    `${from}: ${logs.explanation ?? logs.verdict}`,
    ...spoof.map((f) => f.message),
    ...(facts ? [...facts.lost, ...facts.kept] : []),
    ...crowdsecLine(cs),
  ];
  const basis: Basis[] = ['logs', ...(facts ? (['cluster'] as const) : []), ...(cs ? (['crowdsec'] as const) : [])];
  const base = { evidence, basis, link: '/clients' };
  const spoofNote = spoof.length > 0 ? `; ${plural(spoof.reduce((n, f) => n + 1, 0), 'router')} also accept X-Forwarded-For from public peers (spoofable)` : '';
  switch (logs.verdict) {
    case 'snat':
      return { ...base, answer: 'no', headline: `No — ${fmtInt(snat)} of ${on} (${fmtPct(snat / classified)}) came from node or pod addresses${snatIps.length > 0 ? ` ${addresses(snatIps)}` : ''}: Traefik sees the node, not the visitor${spoofNote}.` };
    case 'suspect-snat': {
      const ips = (logs.suspects ?? []).map((s) => s.ip);
      const carried = (logs.suspects ?? []).reduce((n, s) => n + s.requests, 0) + snat;
      return {
        ...base,
        answer: 'unknown',
        suspect: true,
        headline: `Probably not — ${fmtInt(carried)} of ${on} (${fmtPct(carried / classified)}) came from a few private addresses${ips.length > 0 ? ` (${addresses(ips)})` : ''} that may be nodes; the node list is incomplete, so this is not confirmed${spoofNote}.`,
      };
    }
    case 'mixed':
      return { ...base, answer: 'partly', headline: `Partly — ${fmtInt(snat)} of ${on} (${fmtPct(snat / classified)}) came from node or pod addresses, the rest from client addresses${spoofNote}.` };
    case 'preserved':
      return {
        ...base,
        answer: spoof.length > 0 ? 'partly' : 'yes',
        headline:
          spoof.length > 0
            ? `Partly — ${fmtInt(classified - snat)} of ${on} came from client addresses, but ${plural(spoof.length, 'router')} take the address from X-Forwarded-For sent by public peers: any client can choose it.`
            : `Yes — ${fmtInt(classified - snat)} of ${on} (${fmtPct((classified - snat) / classified)}) came from client addresses${snat > 0 ? `; only ${fmtInt(snat)} from node or pod addresses` : ''}.`,
      };
    case 'unknown':
      return { ...base, answer: 'unknown', headline: `Unknown — ${logs.explanation ?? 'no request with an IP client address'}` };
  }
}

export function clientIpAnswer(input: SummaryInput): Answer {
  const cluster = dataOf(input.cluster);
  const logsData = dataOf(input.logs);
  const cs = dataOf(input.crowdsec);
  const facts = cluster ? configFacts(cluster) : null;

  // A Service that carries HTTP but has no external IP: no client reaches it, whatever the logs say.
  if (facts && facts.refused.length > 0 && facts.http === 0) {
    return {
      answer: 'no',
      headline: `No client reaches it — ${facts.refused.length === 1 ? 'the HTTP(S) Service has' : `${facts.refused.length} HTTP(S) Services have`} no external IP.`,
      evidence: [...facts.refused, ...(logsAnswer(logsData) ? [`Traefik access logs: ${logsData.explanation ?? logsData.verdict}`] : [])],
      basis: ['cluster'],
      link: '#findings',
    };
  }
  if (logsAnswer(logsData)) return fromLogs(logsData, facts, cs);

  const gap = logsGap(input.logs);
  if (!cluster) {
    const why = input.cluster && !input.cluster.ok ? `the cluster could not be read (${input.cluster.reason})` : 'no cluster was read';
    return { answer: 'unknown', headline: `Unknown — ${gap}, and ${why}.`, evidence: [], basis: [] };
  }
  const evidence = [...(facts?.refused ?? []), ...(facts?.lost ?? []), ...(facts?.kept ?? []), `Access logs: ${gap}.`, ...crowdsecLine(cs)];
  const basis: Basis[] = ['cluster', ...(cs ? (['crowdsec'] as const) : [])];
  if (facts && facts.lost.length > 0) {
    return {
      answer: 'no',
      headline: `Likely not — ${lostReason(facts)} (${gap}).`,
      evidence,
      basis,
      link: '#findings',
    };
  }
  if (facts && facts.http > 0) {
    return {
      answer: 'unknown',
      headline: `The config would keep them — every HTTP(S) LoadBalancer Service uses externalTrafficPolicy: Local — but nothing confirms it: ${gap}.`,
      evidence,
      basis,
      link: '#load-balancers',
    };
  }
  const any = cluster.loadBalancers.length > 0;
  return {
    answer: 'unknown',
    headline: any
      ? 'Unknown — no LoadBalancer Service carries HTTP(S) (by port number, port name or appProtocol).'
      : 'Unknown — no LoadBalancer Service has an IP, so no client traffic arrives through the load balancer.',
    evidence: [...evidence, ...(any ? [`LoadBalancer Services: ${listNames(services(cluster, 'assigned').map((x) => `${nameOf(x.svc)} (${x.svc.ports.join(', ')})`), 5)}`] : [])],
    basis,
    link: '#load-balancers',
  };
}
