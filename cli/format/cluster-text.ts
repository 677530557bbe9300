import type { ClusterReport } from '@/lib/model';
import { countBySeverity, formatFinding, table } from './text';

export function formatClusterReport(report: ClusterReport, describe: string): string {
  const out: string[] = [`edgelens cluster — ${describe}`, ''];
  if (report.loadBalancers.length === 0) out.push('No LoadBalancer services found.', '');
  for (const lb of report.loadBalancers) {
    const announcer = lb.holders
      ? `accepted on ${lb.holders.join(', ') || 'no node'}${lb.via ? ` (${lb.via})` : ''}`
      : lb.announcer
        ? `announced by ${lb.announcer.node} (${lb.via ?? lb.announcer.source})`
        : 'announcer unknown';
    const impl = lb.implementation && lb.implementation !== 'metallb' ? ` [${lb.implementation}]` : '';
    out.push(`${lb.ip}${impl}  ${lb.services.length} service${lb.services.length === 1 ? '' : 's'}, ${announcer}`);
    const rows = [['SERVICE', 'ETP', 'KEY', 'PORTS', 'READY', 'ENDPOINT NODES']];
    for (const s of lb.services) {
      rows.push([
        `${s.namespace}/${s.name}${s.state === 'requested' ? ' (not allocated)' : ''}`,
        s.externalTrafficPolicy,
        s.sharingKey ?? '-',
        s.ports.join(',') || '-',
        String(s.readyEndpoints),
        s.endpointNodes.join(',') || '-',
      ]);
    }
    out.push(table(rows), '');
  }
  for (const gap of report.gaps) {
    out.push(`Could not read ${gap.kind}: ${gap.reason} — ${gap.detail}${gap.rbac ? `\n  missing RBAC: ${gap.rbac}` : ''}`);
  }
  if (report.gaps.length > 0) out.push('');
  out.push(`Findings: ${countBySeverity(report.findings)}`, '');
  for (const f of report.findings) out.push(formatFinding(f), '');
  return out.join('\n');
}
