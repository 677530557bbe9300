// The node × target matrix and its findings, from the latest agent report of every node. Pure:
// reports, plan targets, the cluster's announcers and the server's own probe view in; the matrix
// and findings out. `now` is passed in. Every evidence line names the node whose agent observed
// it (or the edgelens server) — inferences are worded as such.
import type { AgentCell, AgentHealthRow, AgentMatrixTarget, AgentNode, AgentPlanTarget, AgentProbeResult, AgentReport, AgentTargetResult } from '../model/agents';
import type { Finding, Subject } from '../model/finding';

export interface AgentLoadBalancer {
  ip: string;
  /** The announcing node, when known. */
  announcer: string | null;
}

/** An ETP=Local Service with a health check node port, and its LB IP. */
export interface HealthCheckedService {
  namespace: string;
  name: string;
  port: number;
  ip: string | null;
}

export interface AgentMatrixInput {
  reports: ReadonlyArray<{ report: AgentReport; receivedAt: string }>;
  targets: readonly AgentPlanTarget[];
  loadBalancers: readonly AgentLoadBalancer[];
  services: readonly HealthCheckedService[];
  /** The edgelens server's own TCP view of each target (by name), when it probed it. */
  serverView: Readonly<Record<string, 'ok' | 'failing'>>;
  now: Date;
  /** A report older than this is stale (its row stays, marked). */
  staleAfterMs: number;
}

export interface AgentMatrix {
  nodes: AgentNode[];
  targets: AgentMatrixTarget[];
  cells: AgentCell[];
  healthChecks: AgentHealthRow[];
  findings: Finding[];
}

const KIND_WORD = { tcp: 'TCP/TLS', h3: 'HTTP/3' } as const;

function works(r: AgentProbeResult | null): boolean | null {
  if (!r) return null;
  return r.verdict === 'ok';
}

function failureWords(kind: 'tcp' | 'h3', r: AgentProbeResult): string {
  const what = r.verdict === 'intermittent' ? `${r.ok} of ${r.samples} ok` : (r.error ?? 'failed');
  return `${KIND_WORD[kind]} ${what}${r.detail ? ` (${r.detail})` : ''}`;
}

/** The connection result that decides a cell: TCP/TLS when probed, else HTTP/3. */
function primary(t: AgentTargetResult): { kind: 'tcp' | 'h3'; r: AgentProbeResult } | null {
  if (t.tcp) return { kind: 'tcp', r: t.tcp };
  if (t.h3) return { kind: 'h3', r: t.h3 };
  return null;
}

interface RawCell {
  node: string;
  target: AgentPlanTarget;
  result: AgentTargetResult | null;
  /** ok / failing before the cross-node comparison; wrong-address; not-reported. */
  base: 'ok' | 'failing' | 'wrong-address' | 'not-reported';
  detail: string;
}

function rawCell(node: string, target: AgentPlanTarget, result: AgentTargetResult | undefined): RawCell {
  if (!result) return { node, target, result: null, base: 'not-reported', detail: 'not in this node’s latest report' };
  const res = result.resolved;
  if (res) {
    if (res.addresses.length === 0) return { node, target, result, base: 'failing', detail: `does not resolve (${res.resolver}): ${res.error ?? 'no addresses'}` };
    if (target.lbIp && !res.addresses.includes(target.lbIp)) {
      return { node, target, result, base: 'wrong-address', detail: `resolves to ${res.addresses.join(', ')} (${res.resolver}), not the LB IP ${target.lbIp}` };
    }
  }
  const p = primary(result);
  if (!p) return { node, target, result, base: 'not-reported', detail: 'no probe result' };
  if (works(p.r)) {
    const h3 = result.h3 && p.kind === 'tcp' && result.h3.verdict !== 'ok' ? `; ${failureWords('h3', result.h3)}` : '';
    return { node, target, result, base: 'ok', detail: `${KIND_WORD[p.kind]} ok${p.r.p50Ms !== null ? `, p50 ${Math.round(p.r.p50Ms * 10) / 10} ms` : ''}${h3}` };
  }
  return { node, target, result, base: 'failing', detail: failureWords(p.kind, p.r) };
}

const endpoint = (t: { host: string; port: number }) => (t.host.includes(':') ? `[${t.host}]:${t.port}` : `${t.host}:${t.port}`);

export function buildAgentMatrix(input: AgentMatrixInput): AgentMatrix {
  const announcerOf = new Map(input.loadBalancers.map((lb) => [lb.ip, lb.announcer]));
  // One row per node: its latest report (a node that reported twice keeps the newer one).
  const latest = new Map<string, { report: AgentReport; receivedAt: string }>();
  for (const r of input.reports) {
    const prev = latest.get(r.report.node);
    if (!prev || Date.parse(prev.receivedAt) <= Date.parse(r.receivedAt)) latest.set(r.report.node, r);
  }
  const rows = [...latest.values()].sort((a, b) => a.report.node.localeCompare(b.report.node));
  const nowMs = input.now.getTime();
  const nodes: AgentNode[] = rows.map(({ report, receivedAt }) => ({
    node: report.node,
    lastReportAt: receivedAt,
    stale: nowMs - Date.parse(receivedAt) > input.staleAfterMs,
    agentVersion: report.agentVersion,
    announces: input.loadBalancers.filter((lb) => lb.announcer === report.node).map((lb) => lb.ip),
  }));
  const targets: AgentMatrixTarget[] = input.targets.map((t) => ({
    name: t.name,
    host: t.host,
    port: t.port,
    lbIp: t.lbIp,
    announcer: t.lbIp ? (announcerOf.get(t.lbIp) ?? null) : null,
  }));

  // Stale rows are shown but never drive a finding: an old observation is not today's fact.
  const fresh = new Set(nodes.filter((n) => !n.stale).map((n) => n.node));
  const raw: RawCell[] = [];
  for (const { report } of rows) {
    const byName = new Map(report.targets.map((t) => [t.name, t]));
    for (const t of input.targets) raw.push(rawCell(report.node, t, byName.get(t.name)));
  }

  const cells: AgentCell[] = raw.map((c) => {
    let state: AgentCell['state'] = c.base;
    let detail = c.detail;
    if (c.base === 'failing') {
      const okElsewhere = raw.filter((o) => o.target.name === c.target.name && o.node !== c.node && o.base === 'ok' && fresh.has(o.node)).map((o) => o.node);
      const serverOk = input.serverView[c.target.name] === 'ok';
      if (okElsewhere.length > 0 || serverOk) {
        state = 'hairpin-broken';
        const from = [...okElsewhere, ...(serverOk ? ['the edgelens server'] : [])];
        detail = `${c.detail}; works from ${from.join(', ')}`;
      }
    }
    return {
      node: c.node,
      target: c.target.name,
      state,
      detail,
      tcp: c.result?.tcp ?? null,
      h3: c.result?.h3 ?? null,
      addresses: c.result?.resolved?.addresses ?? null,
    };
  });

  const serviceIp = new Map(input.services.map((s) => [`${s.namespace}/${s.name}`, s.ip]));
  const healthChecks: AgentHealthRow[] = rows.flatMap(({ report }) =>
    report.healthChecks.map((h) => {
      const ip = serviceIp.get(`${h.namespace}/${h.name}`) ?? null;
      return { ...h, node: report.node, ip, announcer: ip !== null && announcerOf.get(ip) === report.node };
    }),
  );

  const findings = [
    ...hairpinFindings(cells, targets, fresh, input.serverView, latest),
    ...splitHorizonFindings(raw, fresh),
    ...announcerHealthFindings(healthChecks, fresh, latest),
  ];
  return { nodes, targets, cells, healthChecks, findings };
}

const nodeSubject = (name: string): Subject => ({ kind: 'Node', name });
const at = (iso: string | undefined) => (iso ? ` (agent report ${iso})` : '');

function hairpinFindings(
  cells: readonly AgentCell[],
  targets: readonly AgentMatrixTarget[],
  fresh: ReadonlySet<string>,
  serverView: Readonly<Record<string, 'ok' | 'failing'>>,
  latest: ReadonlyMap<string, { receivedAt: string }>,
): Finding[] {
  const out: Finding[] = [];
  const byNode = new Map<string, AgentCell[]>();
  for (const c of cells) if (c.state === 'hairpin-broken' && fresh.has(c.node)) byNode.set(c.node, [...(byNode.get(c.node) ?? []), c]);
  for (const [node, broken] of byNode) {
    const evidence: string[] = [];
    for (const c of broken) {
      const t = targets.find((x) => x.name === c.target);
      const where = t ? `${c.target} (${endpoint(t)})` : c.target;
      evidence.push(`${node} → ${where}: ${c.detail.split('; works from')[0]}${at(latest.get(node)?.receivedAt)}`);
      for (const o of cells.filter((x) => x.target === c.target && x.node !== node && x.state === 'ok' && fresh.has(x.node))) {
        evidence.push(`${o.node} → ${where}: ${o.detail}${at(latest.get(o.node)?.receivedAt)}`);
      }
      if (serverView[c.target] === 'ok') evidence.push(`edgelens server → ${where}: TCP/TLS ok (its own probe)`);
    }
    const first = broken[0];
    const t = first ? targets.find((x) => x.name === first.target) : undefined;
    out.push({
      rule: 'hairpin-broken-on-node',
      severity: 'error',
      subjects: [nodeSubject(node)],
      ...(t?.lbIp ? { ip: t.lbIp } : {}),
      message: `From node ${node}, ${broken.map((c) => c.target).join(', ')} ${broken.length === 1 ? 'fails' : 'fail'} while ${broken.length === 1 ? 'it works' : 'they work'} from other vantage points`,
      evidence,
      why: 'Clients on this node — the node itself, hostNetwork pods, and LAN hosts whose path hairpins through it — cannot reach the service, although it is up: the fault is in this node’s path to the VIP, not in the app.',
      fix: `On ${node}, check the route and reply path to the VIP (\`ip route get VIP\`, rp_filter, conntrack), and whether kube-proxy short-circuits the LB IP there (status.loadBalancer.ingress[].ipMode); point in-cluster clients at the Service’s ClusterIP or an internal name instead of the public VIP.`,
    });
  }
  return out;
}

function splitHorizonFindings(raw: readonly RawCell[], fresh: ReadonlySet<string>): Finding[] {
  const out: Finding[] = [];
  const names = [...new Set(raw.filter((c) => c.result?.resolved).map((c) => c.target.name))];
  for (const name of names) {
    const groups = new Map<string, string[]>();
    let target: AgentPlanTarget | undefined;
    for (const c of raw) {
      if (c.target.name !== name || !fresh.has(c.node) || !c.result?.resolved) continue;
      target = c.target;
      const r = c.result.resolved;
      const key = r.addresses.length > 0 ? [...r.addresses].sort().join(', ') : `does not resolve (${r.error ?? 'no addresses'})`;
      groups.set(key, [...(groups.get(key) ?? []), c.node]);
    }
    if (groups.size < 2 || !target) continue;
    const evidence = [...groups].map(([addrs, nodes]) => `${nodes.join(', ')}: ${target?.host} → ${addrs}`);
    out.push({
      rule: 'split-horizon-inconsistent',
      severity: 'warning',
      subjects: [...groups.values()].flat().map(nodeSubject),
      ...(target.lbIp ? { ip: target.lbIp } : {}),
      message: `${target.host} resolves differently on ${[...groups.values()].flat().length} nodes (${groups.size} different answers)`,
      evidence: [...evidence, ...(target.lbIp ? [`the LB IP that serves ${target.host}: ${target.lbIp}`] : [])],
      why: 'Clients on different nodes reach different addresses for the same name: some may bypass the load balancer, hit a stale IP, or fail — and the failures look random.',
      fix: `Make every node use the same resolver (or the same split-horizon view) for ${target.host}: check /etc/resolv.conf and /etc/hosts on the nodes that differ, and the internal DNS override for the name.`,
    });
  }
  return out;
}

function announcerHealthFindings(rows: readonly AgentHealthRow[], fresh: ReadonlySet<string>, latest: ReadonlyMap<string, { receivedAt: string }>): Finding[] {
  const out: Finding[] = [];
  for (const h of rows) {
    if (!h.announcer || !fresh.has(h.node)) continue;
    const zero = h.localEndpoints === 0 || (h.status === 503 && h.localEndpoints === null);
    if (!zero) continue;
    const peers = rows.filter((o) => o.namespace === h.namespace && o.name === h.name && o.node !== h.node && fresh.has(o.node));
    const withEndpoints = peers.filter((o) => (o.localEndpoints ?? 0) > 0).map((o) => o.node);
    out.push({
      rule: 'announcer-health-check-failing',
      severity: 'error',
      subjects: [{ kind: 'Service', namespace: h.namespace, name: h.name }, nodeSubject(h.node)],
      ...(h.ip ? { ip: h.ip } : {}),
      message: `${h.node} announces ${h.ip ?? 'the LB IP'} of ${h.namespace}/${h.name}, but its kube-proxy reports 0 local endpoints: traffic to the VIP is dropped there`,
      evidence: [
        `kube-proxy on ${h.node} :${h.port}/healthz → HTTP ${h.status ?? 'no answer'}, localEndpoints ${h.localEndpoints ?? 'unknown'}${h.serviceProxyHealthy === false ? ', serviceProxyHealthy false' : ''}${at(latest.get(h.node)?.receivedAt)}`,
        `${h.node} is the announcing node of ${h.ip ?? 'the LB IP'} (cluster report)`,
        ...peers.map((o) => `kube-proxy on ${o.node} → HTTP ${o.status ?? 'no answer'}, localEndpoints ${o.localEndpoints ?? 'unknown'}`),
      ],
      why: 'Under externalTrafficPolicy: Local a node without a ready local endpoint drops the Service’s traffic. This is kube-proxy’s own answer on the node that receives the traffic — an observation, not an inference.',
      fix:
        withEndpoints.length > 0
          ? `Make the announcement follow the endpoints: ${withEndpoints.join(', ')} ${withEndpoints.length === 1 ? 'has' : 'have'} local endpoints. Check the speaker on ${h.node} (\`kubectl -n metallb-system logs -l component=speaker\`) and the L2Advertisement nodeSelectors; or run a pod of ${h.namespace}/${h.name} on ${h.node}.`
          : `No reporting node has a local endpoint of ${h.namespace}/${h.name}: make its pods ready (\`kubectl -n ${h.namespace} get pods -o wide\`), or switch the Service to externalTrafficPolicy: Cluster (clients then arrive SNATed).`,
    });
  }
  return out;
}
