// Prometheus families for what edgelens knows about the cluster: findings by rule, services per
// LB IP, what it could not read, and whether the report is stale (the API server is unreachable:
// the findings are the last good ones, kept so alerts do not clear during an outage). Pure: the
// route passes the report in; metrics-registry.ts turns the families into prom-client series.
import type { ClusterReport } from '@/lib/model';

export interface MetricSample {
  labels?: Record<string, string>;
  value: number;
}
export interface MetricFamily {
  name: string;
  help: string;
  type: 'gauge' | 'counter';
  samples: MetricSample[];
}

function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

/**
 * Families as Prometheus text, for the producers' own tests. The server's /metrics does not use
 * it: prom-client renders there (metrics-registry.ts), with the process and probe series beside.
 */
export function renderMetrics(families: readonly MetricFamily[]): string {
  const out: string[] = [];
  for (const f of families) {
    out.push(`# HELP ${f.name} ${f.help.replace(/\n/g, ' ')}`, `# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples) {
      const labels = s.labels && Object.keys(s.labels).length > 0
        ? `{${Object.entries(s.labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`
        : '';
      out.push(`${f.name}${labels} ${Number.isFinite(s.value) ? s.value : 'NaN'}`);
    }
  }
  return `${out.join('\n')}\n`;
}

export function clusterMetrics(report: ClusterReport, meta: { mode: string; version: string; readAt: Date }): MetricFamily[] {
  const findings = new Map<string, { rule: string; severity: string; n: number }>();
  for (const f of report.findings) {
    const key = `${f.rule}\u0000${f.severity}`;
    const cur = findings.get(key) ?? { rule: f.rule, severity: f.severity, n: 0 };
    cur.n += 1;
    findings.set(key, cur);
  }
  return [
    { name: 'edgelens_info', help: 'edgelens build and mode.', type: 'gauge', samples: [{ labels: { version: meta.version, mode: meta.mode }, value: 1 }] },
    {
      name: 'edgelens_findings',
      help: 'Cluster findings by rule id and severity.',
      type: 'gauge',
      samples: [...findings.values()].sort((a, b) => a.rule.localeCompare(b.rule)).map((f) => ({ labels: { rule: f.rule, severity: f.severity }, value: f.n })),
    },
    {
      name: 'edgelens_loadbalancer_services',
      help: 'LoadBalancer Services per IP (more than one means the IP is shared).',
      type: 'gauge',
      samples: report.loadBalancers.map((lb) => ({ labels: { ip: lb.ip, announcer: lb.announcer?.node ?? '' }, value: lb.services.length })),
    },
    {
      name: 'edgelens_loadbalancer_ready_endpoints',
      help: 'Ready endpoints behind each LoadBalancer Service.',
      type: 'gauge',
      samples: report.loadBalancers.flatMap((lb) =>
        lb.services.map((s) => ({ labels: { ip: lb.ip, namespace: s.namespace, service: s.name, etp: s.externalTrafficPolicy }, value: s.readyEndpoints })),
      ),
    },
    {
      name: 'edgelens_cluster_gaps',
      help: 'Kinds edgelens could not read (1 per kind), by reason.',
      type: 'gauge',
      samples: report.gaps.map((g) => ({ labels: { kind: g.kind, reason: g.reason }, value: 1 })),
    },
    { name: 'edgelens_cluster_read_timestamp_seconds', help: 'When the cluster was last read.', type: 'gauge', samples: [{ value: Math.floor(meta.readAt.getTime() / 1000) }] },
    {
      name: 'edgelens_cluster_report_stale',
      help: 'Whether the cluster report (and edgelens_findings) is the last good one because the API server cannot be read (1) or fresh (0).',
      type: 'gauge',
      samples: [{ value: report.stale ? 1 : 0 }],
    },
    {
      name: 'edgelens_cluster_report_has_data',
      help: 'Whether any cluster read ever succeeded (0: the findings are unknown, not zero).',
      type: 'gauge',
      samples: [{ value: report.stale && report.stale.lastSuccessAt === null ? 0 : 1 }],
    },
  ];
}
