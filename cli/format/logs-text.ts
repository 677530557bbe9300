// Readable text for `edgelens logs`: the verdict in plain words first, then the
// routers, the top clients, where the lines came from, and the findings.
// Type-only imports from lib/model: this runs on the command's fast path (no zod).
import type { LogReport, LogSource } from '@/lib/model/logs';
import { fmtInt as int, fmtPct as pct } from '@/lib/model/numbers';
import { http3Observed } from '@/lib/model/http3-seen';
import { countBySeverity, formatFinding, table } from './text';

const VERDICT_LINE: Record<LogReport['verdict'], string> = {
  snat: '✖ SNAT — real client IPs do NOT reach Traefik',
  preserved: '✔ PRESERVED — real client IPs reach Traefik',
  mixed: '▲ MIXED — some requests keep the client IP, some arrive from node addresses',
  unknown: '? UNKNOWN — nothing in this log says where clients come from',
  'suspect-snat': '▲ SUSPECT SNAT — a few private addresses carry most requests, and the node list is incomplete: probably node addresses',
};

const ROUTER_VERDICT: Record<LogReport['routers'][number]['verdict'], string> = {
  snat: '✖ snat',
  preserved: '✔ preserved',
  mixed: '▲ mixed',
  forwarded: 'ℹ forwarded',
  'suspect-snat': '▲ suspect-snat',
  unknown: '? unknown',
};

const NODE_SOURCE: Record<NonNullable<LogReport['nodeSource']>, string> = {
  cluster: 'the cluster (read through the Kubernetes API)',
  snapshot: 'the --snapshot file',
  flags: '--node-ip only (may be incomplete)',
  none: 'nowhere — no cluster, snapshot or --node-ip: node addresses cannot be recognised',
};

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
}

function sourceStatus(s: LogSource): string {
  if (s.error) return `${s.reason ?? 'error'}: ${s.error}${s.rbac ? ` (needs RBAC ${s.rbac})` : ''}`;
  return s.truncated ? 'ok (cut at the byte bound)' : 'ok';
}

export interface LogsTextOptions {
  /** Where the lines came from ("access.log", "stdin", "embedded lab cluster at …"). */
  describe: string;
  /** Say so when no node IPs / pod ranges / LB IPs were known: node addresses then look like LAN clients. */
  noAddresses?: boolean;
}

export function formatLogReport(report: LogReport, opts: LogsTextOptions): string {
  const out: string[] = [];
  const counts = `${report.format}, ${int(report.lines)} lines: ${int(report.parsed)} entries, ${int(report.malformed)} malformed${report.blank ? `, ${int(report.blank)} blank` : ''}`;
  out.push(`edgelens logs — ${opts.describe} (${counts})`, '');
  out.push(`Verdict: ${VERDICT_LINE[report.verdict]}`);
  if (report.explanation) out.push(`  ${report.explanation}`);
  if (report.nodeSource) out.push(`  node addresses from: ${NODE_SOURCE[report.nodeSource]}`);
  const protocols = Object.entries(report.protocols ?? {});
  if (protocols.length > 0) out.push(`  protocols: ${protocols.map(([p, n]) => `${p} ${int(n)}`).join(', ')}`);
  if (report.noClient) out.push(`  ${int(report.noClient)} entries carry no client field (accessLog.fields drops it)`);
  if (opts.noAddresses) {
    out.push(
      '  note: no node IPs, pod ranges or LB IPs were known (no cluster, --snapshot, --node-ip, --pod-cidr, --lb-ip), so node',
      '        addresses count as "private": a few of them carrying the traffic is suspect-snat, not preserved. Give them to confirm.',
    );
  }
  out.push('');

  if (report.sampling) {
    const s = report.sampling;
    const window = [`last ${int(s.tailLines ?? 0)} lines`, s.sinceSeconds !== undefined ? `since ${s.sinceSeconds} s ago` : '', s.limitBytes ? `at most ${bytes(s.limitBytes)} per pod` : '']
      .filter(Boolean)
      .join(', ');
    out.push(`Sources: ${s.target} (${window})`);
    const rows = [['POD', 'NODE', 'LINES', 'BYTES', 'STATUS']];
    for (const src of report.sources ?? []) rows.push([`${src.namespace}/${src.pod}`, src.node ?? '-', int(src.lines), bytes(src.bytes), sourceStatus(src)]);
    if (rows.length > 1) out.push(table(rows));
    for (const p of s.problems ?? []) out.push(`  could not read ${p.kind}: ${p.reason} — ${p.detail}${p.rbac ? `\n    missing RBAC: ${p.rbac}` : ''}`);
    out.push('');
  }

  if (report.routers.length > 0) {
    out.push('Routers');
    const rows = [['ROUTER', 'ENTRYPOINT', 'REQUESTS', 'SNAT', 'VERDICT', 'HTTP/3', 'SERVICE']];
    for (const r of report.routers) {
      const h3 = http3Observed(r);
      const services = r.services ?? [];
      rows.push([
        r.router,
        r.entryPoint ?? '-',
        int(r.requests),
        pct(r.snatRatio),
        ROUTER_VERDICT[r.verdict],
        h3.state === 'yes' ? `yes ${pct(h3.share)}` : h3.state,
        services.length === 0 ? '-' : services.join(', '),
      ]);
    }
    out.push(table(rows), '');
  }

  if (report.topClients.length > 0) {
    out.push('Top clients');
    const rows = [['ADDRESS', 'CLASS', 'REQUESTS']];
    for (const c of report.topClients.slice(0, 10)) rows.push([c.ip, c.class, int(c.requests)]);
    out.push(table(rows), '');
  }

  out.push(`Findings: ${countBySeverity(report.findings)}`, '');
  for (const f of report.findings) out.push(formatFinding(f), '');
  return out.join('\n');
}
