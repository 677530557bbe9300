// The log rules (CONTRACT.md): client-ip-snat and client-ip-private-only.
import type { Finding } from '../model/finding';
import { CLASS_NODE, CLASS_POD, CLASS_PUBLIC, NET_ADDRESS_CLASSES } from '../net/classify';
import { summarizeRange } from '../net/range';
import { CROWDSEC_DEFAULT_WHITELIST } from './crowdsec-whitelist';
import { crowdsecLogVisibility } from './crowdsec-visibility';
import { OTHER_ROUTERS, type AccumulatorState, type RowState } from './state';
import { classBreakdown, fmtInt, fmtPct, plural } from './text';
import { judgeTraffic, snatKinds, SNAT_MIN_RATIO } from './verdict';

const SNAT_WHY =
  'Traefik sees the address of the node that forwarded the packet instead of the visitor. CrowdSec, rate limits and IP allow-lists ' +
  'all act on that node address: one abusive client cannot be banned without banning everyone who arrives through that node, ' +
  'per-client rate limits become one shared limit, and allow-lists let everybody in or nobody.';

const SNAT_FIX =
  'Keep the client address on the way in: set externalTrafficPolicy: Local on the Traefik LoadBalancer Service ' +
  '(kube-proxy then skips SNAT; only nodes running a Traefik pod answer for the VIP), or put HAProxy in front of Traefik ' +
  'and enable the PROXY protocol on the entrypoint (entryPoints.<name>.proxyProtocol.trustedIPs) — `edgelens haproxy` generates both sides.';

export function snatFinding(row: RowState, showEntryPoint: boolean): Finding | null {
  const j = judgeTraffic(row, '');
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
    row.forwarded > 0 ? `${plural(row.forwarded, 'request')} carried X-Forwarded-For` : 'no request carried X-Forwarded-For',
  ];
  if (row.entryPoint) evidence.push(`entrypoint: ${row.entryPoint}`);
  return {
    rule: 'client-ip-snat',
    severity: 'error',
    subjects: [{ kind: 'Router', name: row.router }],
    message: `${fmtPct(j.snatRatio)} of ${fmtInt(row.requests)} requests on ${where} came from ${from}`,
    evidence,
    why: SNAT_WHY,
    fix: SNAT_FIX,
  };
}

/** Fires when requests were classified and none came from a public address. */
export function privateOnlyFinding(st: AccumulatorState): Finding | null {
  const classified = st.parsed - st.unclassified;
  if (classified <= 0 || (st.classTotals[CLASS_PUBLIC] ?? 0) > 0) return null;
  const routers = [
    ...new Set(st.rows.filter((r) => r.router !== '-' && r.router !== OTHER_ROUTERS && r.requests > r.unclassified).map((r) => r.router)),
  ].sort();
  const snatShare = ((st.classTotals[CLASS_NODE] ?? 0) + (st.classTotals[CLASS_POD] ?? 0)) / classified;
  // The same tally the CrowdSec report uses (CrowdSec's own source field and whitelist), so both reports agree.
  const cs = st.crowdsecAssumed ? crowdsecLogVisibility(st.rows, st.crowdsecAssumed) : null;
  const whitelisted = cs ? cs.whitelisted : st.whitelisted;
  const whitelist = cs ? cs.assumed.whitelist : CROWDSEC_DEFAULT_WHITELIST;
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
      `${fmtInt(whitelisted)} requests came from ranges on CrowdSec's whitelist (${whitelist.join(', ')})${cs ? `, as CrowdSec's ${cs.assumed.hub} traefik-logs parser reads the source` : ''}`,
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
