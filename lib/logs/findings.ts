// The log rules (docs/rules.md): client-ip-snat, client-ip-suspect-snat, client-ip-spoofable,
// client-ip-private-only and access-log-client-dropped.
import type { Finding } from '../model/finding';
import type { NodeSource } from '../model/logs';
import { CLASS_DOCUMENTATION, CLASS_NODE, CLASS_POD, CLASS_PUBLIC, NET_ADDRESS_CLASSES } from '../net/classify';
import { summarizeRange } from '../net/range';
import { crowdsecAssumption, crowdsecLogVisibility } from './crowdsec-visibility';
import { OTHER_ROUTERS, type AccumulatorState, type RowState } from './state';
import { classBreakdown, fmtInt, fmtPct, plural } from './text';
import { snatKinds, SNAT_MIN_RATIO, type Judgement } from './verdict';

const SNAT_WHY =
  'Traefik sees the address of the node that forwarded the packet instead of the visitor. CrowdSec, rate limits and IP allow-lists ' +
  'all act on that node address: one abusive client cannot be banned without banning everyone who arrives through that node, ' +
  'per-client rate limits become one shared limit, and allow-lists let everybody in or nobody.';

const SNAT_FIX =
  'Keep the client address on the way in: set externalTrafficPolicy: Local on the Traefik LoadBalancer Service ' +
  '(kube-proxy then skips SNAT; only nodes running a Traefik pod answer for the VIP), or put HAProxy in front of Traefik ' +
  'and enable the PROXY protocol on the entrypoint (entryPoints.<name>.proxyProtocol.trustedIPs) — `edgelens haproxy` generates both sides.';

export function snatFinding(row: RowState, j: Judgement, showEntryPoint: boolean): Finding | null {
  // "-" (no router matched) and the overflow row name no router a user could fix.
  if (j.verdict !== 'snat' || row.router === '-' || row.router === OTHER_ROUTERS) return null;
  const snatSources = row.sources.filter(([, cls]) => cls === CLASS_NODE || cls === CLASS_POD);
  const ips = snatSources.map(([ip]) => ip);
  const where = `${row.router}${showEntryPoint && row.entryPoint ? ` (entrypoint ${row.entryPoint})` : ''}`;
  const from = `${snatKinds(row.counts)} addresses${ips.length > 0 ? ` ${summarizeRange(ips)}` : ''}`;
  const snat = (row.counts[CLASS_NODE] ?? 0) + (row.counts[CLASS_POD] ?? 0);
  const classified = row.requests - row.unclassified;
  const top = [...snatSources].sort((a, b) => b[2] - a[2] || a[0].localeCompare(b[0])).slice(0, 5);
  const evidence = [
    `${fmtInt(snat)} of ${fmtInt(classified)} requests with an IP client (${fmtPct(j.snatRatio)}) came from ${classBreakdown(row.counts, [CLASS_NODE, CLASS_POD])}` +
      `; ${fmtInt(classified - snat)} from other addresses`,
    ...top.map(([ip, cls, n]) => `${ip} (${NET_ADDRESS_CLASSES[cls] ?? 'node'}): ${plural(n, 'request')}`),
    row.forwarded > 0
      ? `${plural(row.forwarded, 'request')} carried X-Forwarded-For; the peer (ClientAddr) is what is judged, and it was a node or pod address`
      : 'no request carried X-Forwarded-For',
  ];
  if (row.entryPoint) evidence.push(`entrypoint: ${row.entryPoint}`);
  return {
    rule: 'client-ip-snat',
    severity: 'error',
    subjects: [{ kind: 'Router', name: row.router }],
    message: `${fmtInt(snat)} of ${fmtInt(classified)} requests on ${where} (${fmtPct(j.snatRatio)}) came from ${from}`,
    evidence,
    why: SNAT_WHY,
    fix: SNAT_FIX,
  };
}

/** Fires when requests were classified and none came from a public address. */
export function privateOnlyFinding(st: AccumulatorState): Finding | null {
  const classified = st.parsed - st.unclassified;
  if (classified <= 0 || (st.classTotals[CLASS_PUBLIC] ?? 0) > 0 || (st.classTotals[CLASS_DOCUMENTATION] ?? 0) > 0) return null;
  const routers = [
    ...new Set(st.rows.filter((r) => r.router !== '-' && r.router !== OTHER_ROUTERS && r.requests > r.unclassified).map((r) => r.router)),
  ].sort();
  const snatShare = ((st.classTotals[CLASS_NODE] ?? 0) + (st.classTotals[CLASS_POD] ?? 0)) / classified;
  // The same tally the CrowdSec report uses (CrowdSec's own source field and whitelist), so both
  // reports agree; a state built without the accumulator assumes the current hub's defaults.
  const cs = crowdsecLogVisibility(st.rows, st.crowdsecAssumed ?? crowdsecAssumption({}));
  const { whitelisted } = cs;
  const whitelist = cs.assumed.whitelist;
  const dropped =
    whitelisted === classified
      ? `drops all ${fmtInt(classified)} of them`
      : `drops ${fmtInt(whitelisted)} of them (${fmtPct(whitelisted / classified)})`;
  return {
    rule: 'client-ip-private-only',
    severity: 'warning',
    subjects: routers.map((name) => ({ kind: 'Router', name })),
    message:
      `None of the ${fmtInt(classified)} requests came from a public address (${classBreakdown(st.classTotals)}): ` +
      `CrowdSec's default whitelist ${dropped}`,
    evidence: [
      `sources by class: ${classBreakdown(st.classTotals)}`,
      `${fmtInt(whitelisted)} requests came from ranges on CrowdSec's whitelist (${whitelist.join(', ')}), as CrowdSec's ${cs.assumed.hub} traefik-logs parser reads the source`,
      `${plural(routers.length, 'router')} affected`,
    ],
    why:
      "CrowdSec's default crowdsecurity/whitelists parser discards events from 127.0.0.0/8, 10.0.0.0/8, 172.16.0.0/12, " +
      '192.168.0.0/16 and ::1, so for these requests it never raises an alert or a ban: it is not wrong, it is silent.',
    fix:
      snatShare >= SNAT_MIN_RATIO
        ? 'Fix the SNAT first (see client-ip-snat): with externalTrafficPolicy: Local, or the PROXY protocol via HAProxy ' +
          '(`edgelens haproxy`), Traefik logs the visitors\u2019 public addresses and CrowdSec can act on them.'
        : 'If these really are LAN or VPN clients, nothing is broken, but CrowdSec cannot protect this traffic. If visitors ' +
          'come from the internet, make their address reach Traefik: externalTrafficPolicy: Local, or the PROXY protocol via HAProxy (`edgelens haproxy`).',
  };
}

const where = (row: RowState): string => `${row.router}${row.entryPoint ? ` (entrypoint ${row.entryPoint})` : ''}`;

/**
 * client-ip-spoofable: Traefik accepted X-Forwarded-For from a public peer (forwardedHeaders.insecure,
 * or trustedIPs wider than the proxies in front). Any client can then pick the address Traefik logs
 * and CrowdSec bans.
 */
export function spoofableFinding(row: RowState, names?: Readonly<Record<string, string>>): Finding | null {
  if (row.spoofable <= 0 || row.router === OTHER_ROUTERS) return null;
  const peers = row.via
    .filter(([, c]) => c === CLASS_PUBLIC || c === CLASS_DOCUMENTATION)
    .sort((a, b) => b[2] - a[2] || a[0].localeCompare(b[0]));
  const ep = row.entryPoint ?? '<entrypoint>';
  return {
    rule: 'client-ip-spoofable',
    severity: 'error',
    subjects: [{ kind: 'Router', name: row.router }],
    message:
      `${fmtInt(row.spoofable)} of ${plural(row.requests, 'request')} on ${where(row)} took their client address from X-Forwarded-For ` +
      `sent by a public peer${peers.length > 0 ? ` (${summarizeRange(peers.map(([ip]) => ip))})` : ''}: any client can choose the address Traefik logs`,
    evidence: [
      `ClientAddr (the TCP peer) was a public address while ClientHost held a different address for ${plural(row.spoofable, 'request')}: ` +
        'Traefik logs the X-Forwarded-For value it accepted (pkg/middlewares/accesslog/logger.go)',
      ...peers.slice(0, 5).map(([ip, cls, n]) => `peer ${ip} (${NET_ADDRESS_CLASSES[cls] ?? 'public'}${names?.[ip] ? `, ${names[ip]}` : ''}): ${plural(n, 'forwarded request')}`),
      ...(row.entryPoint ? [`entrypoint: ${row.entryPoint}`] : []),
    ],
    why:
      'Traefik strips X-Forwarded-For from peers it does not trust; it kept the header here, so the entrypoint trusts public peers ' +
      '(forwardedHeaders.insecure, or trustedIPs wider than the proxies in front). Anyone can then send X-Forwarded-For: <any address>: ' +
      'CrowdSec bans that made-up address (or an innocent one), rate limits and IP allow-lists act on it, and the access log lies.',
    fix:
      `Set entryPoints.${ep}.forwardedHeaders.trustedIPs to exactly the addresses of the proxies in front of Traefik ` +
      '(for example the cloudflared pods\' range or your HAProxy\'s address) and remove forwardedHeaders.insecure — never trust 0.0.0.0/0. ' +
      'If no proxy is in front, remove forwardedHeaders altogether.',
  };
}

/** client-ip-suspect-snat: a few private addresses carry the traffic, and the node list is incomplete. */
export function suspectFinding(st: AccumulatorState, j: Judgement, nodeSource: NodeSource): Finding {
  const suspects = j.suspects ?? [];
  const classified = st.parsed - st.unclassified;
  const carried = suspects.reduce((n, [, , k]) => n + k, 0);
  const known = nodeSource === 'flags' ? 'only the --node-ip addresses are known as nodes' : 'no node address is known (no cluster, snapshot or --node-ip)';
  return {
    rule: 'client-ip-suspect-snat',
    severity: 'warning',
    subjects: [],
    message:
      `${fmtInt(carried)} of ${fmtInt(classified)} requests (${fmtPct(classified > 0 ? carried / classified : 0)}) came from ${plural(suspects.length, 'private address', 'private addresses')} ` +
      `(${summarizeRange(suspects.map(([ip]) => ip))}) that may be nodes: ${known}`,
    evidence: [
      ...suspects.slice(0, 10).map(([ip, cls, n]) => `${ip} (${NET_ADDRESS_CLASSES[cls] ?? 'private'}, not a known node): ${plural(n, 'request')}`),
      `node addresses from: ${nodeSource}`,
    ],
    why:
      'A few addresses carrying most requests is what kube-proxy SNAT looks like: every visitor arrives as the address of the node that received the packet. ' +
      'Without the full node list edgelens cannot tell these from a handful of LAN clients, so it does not call the traffic preserved.',
    fix:
      'Confirm: run edgelens where it can read the cluster (a kubeconfig, or in-cluster), or pass --snapshot with a kubectl List that includes the Nodes ' +
      '(kubectl get nodes,pods,svc -A -o yaml > cluster.yaml), or --node-ip naming every node. If they are nodes, fix the SNAT (see client-ip-snat).',
  };
}

/** access-log-client-dropped: Traefik entries without a client field, because accessLog.fields drops it. */
export function noClientFinding(st: AccumulatorState): Finding | null {
  if (st.noClient <= 0) return null;
  const routers = [...new Set(st.rows.filter((r) => r.noClient > 0 && r.router !== '-' && r.router !== OTHER_ROUTERS).map((r) => r.router))].sort();
  return {
    rule: 'access-log-client-dropped',
    severity: 'warning',
    subjects: routers.map((name) => ({ kind: 'Router', name })),
    message: `${fmtInt(st.noClient)} of ${plural(st.parsed, 'access-log entry', 'access-log entries')} carry no client address: Traefik's accessLog.fields setting drops it`,
    evidence: [
      `${plural(st.noClient, 'entry', 'entries')} without ClientHost or ClientAddr${st.format === 'clf' ? ' ("-" in the host column)' : ''}`,
      `${plural(routers.length, 'router')} affected`,
    ],
    why:
      'With accessLog.fields.defaultMode: drop (or fields.names.ClientHost: drop) Traefik writes entries without the client, so neither edgelens nor CrowdSec can see who sent them.',
    fix:
      'Keep the client fields: accessLog.fields.names.ClientHost: keep and ClientAddr: keep (Helm: logs.access.fields.names), ' +
      'or set accessLog.fields.defaultMode: keep.',
  };
}
