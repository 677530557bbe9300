// The node × target matrix as text (for `edgelens agents` and `edgelens status`), and as the
// JSON part `status --json` embeds. One row per node; the announcing node of a target's VIP is
// marked with `*`; the health check answers follow; then the findings.
import type { AgentCellState, AgentsResponse } from '@/lib/model';

const CELL: Record<AgentCellState, string> = {
  ok: 'ok',
  failing: 'FAILING',
  'hairpin-broken': 'HAIRPIN-BROKEN',
  'wrong-address': 'WRONG-ADDRESS',
  'not-reported': '-',
};

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd());
}

export function formatAgentMatrixText(doc: AgentsResponse): string {
  const out: string[] = [];
  if (doc.error) out.push(`Agent matrix: ERROR ${doc.error}`);
  if (!doc.enabled) out.push('Agents: not enabled on the server (set EDGELENS_AGENT_TOKEN or EDGELENS_AGENT_TOKEN_FILE).');
  if (doc.nodes.length === 0) {
    out.push('Agents: no node has reported yet.');
    return out.join('\n');
  }
  out.push(`Agents: ${doc.nodes.length} ${doc.nodes.length === 1 ? 'node' : 'nodes'} reporting (* = announces the target's LB IP)`);
  const header = ['node', ...doc.targets.map((t) => t.name)];
  const rows = doc.nodes.map((n) => [
    `${n.node}${n.stale ? ' (stale)' : ''}`,
    ...doc.targets.map((t) => {
      const c = doc.cells.find((x) => x.node === n.node && x.target === t.name);
      return `${CELL[c?.state ?? 'not-reported']}${t.announcer === n.node ? '*' : ''}`;
    }),
  ]);
  out.push(...table([header, ...rows]).map((l) => `  ${l}`));
  const problems = doc.cells.filter((c) => c.state !== 'ok' && c.state !== 'not-reported');
  for (const c of problems) out.push(`  ${c.node} → ${c.target}: ${c.detail}`);
  if (doc.healthChecks.length > 0) {
    out.push('kube-proxy health checks (healthCheckNodePort, per node):');
    for (const h of doc.healthChecks) {
      const answer = h.status === null ? `no answer (${h.error ?? 'unknown'})` : `HTTP ${h.status}, localEndpoints ${h.localEndpoints ?? 'unknown'}`;
      out.push(`  ${h.node}${h.announcer ? '*' : ''}  ${h.namespace}/${h.name} :${h.port}  ${answer}`);
    }
  }
  if (doc.findings.length > 0) {
    out.push('Agent findings:');
    for (const f of doc.findings) out.push(`  [${f.severity}] ${f.rule}: ${f.message}`);
  }
  return out.join('\n');
}

/** The matrix part of `status --json`: what a script needs, without the per-cell probe details. */
export function agentMatrixJson(doc: AgentsResponse): {
  enabled: boolean;
  nodes: Array<{ node: string; stale: boolean; announces: string[]; cells: Record<string, AgentCellState> }>;
  findings: AgentsResponse['findings'];
  error: string | null;
} {
  return {
    enabled: doc.enabled,
    nodes: doc.nodes.map((n) => ({
      node: n.node,
      stale: n.stale,
      announces: n.announces,
      cells: Object.fromEntries(doc.targets.map((t) => [t.name, doc.cells.find((c) => c.node === n.node && c.target === t.name)?.state ?? 'not-reported'])),
    })),
    findings: doc.findings,
    error: doc.error,
  };
}
