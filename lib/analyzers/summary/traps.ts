// 3. Which load-balancer traps are set? The cluster findings (load-balancer configuration):
// errors and warnings count, info stands apart. Pure.
import type { Severity } from '../../model/finding';
import type { Answer } from '../../model/summary';
import type { SummaryInput } from './input';
import { plural } from './words';

export function trapsAnswer(input: SummaryInput): Answer {
  const r = input.cluster;
  if (r === null || !r.ok) {
    return { answer: 'unknown', headline: `Unknown — ${r === null ? 'no cluster was read' : `the cluster could not be read (${r.reason})`}.`, evidence: [], basis: [] };
  }
  const report = r.data;
  const count: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of report.findings) count[f.severity] += 1;
  const parts = [count.error > 0 ? plural(count.error, 'error') : '', count.warning > 0 ? plural(count.warning, 'warning') : ''].filter(Boolean);
  const info = count.info > 0 ? ` (and ${count.info} info)` : '';
  const gaps = report.gaps.length > 0 ? ` edgelens could not read ${report.gaps.map((g) => g.kind).join(', ')}, so the list may be incomplete.` : '';
  const evidence = report.findings
    .filter((f) => f.severity !== 'info')
    .map((f) => `${f.severity} ${f.rule}: ${f.message}`)
    .concat(report.gaps.map((g) => `could not read ${g.kind}: ${g.reason} — ${g.detail}`));
  const base = { evidence, basis: ['cluster' as const], link: '#findings' };
  if (count.error > 0) return { ...base, answer: 'yes', headline: `${parts.join(', ')} set${info}.${gaps}` };
  if (count.warning > 0) return { ...base, answer: 'partly', headline: `${parts.join(', ')}, no error${info}.${gaps}` };
  return {
    ...base,
    answer: gaps ? 'unknown' : 'no',
    headline: `${count.info > 0 ? `None found — only ${count.info} info note${count.info === 1 ? '' : 's'}.` : 'None found: no load-balancer rule fired on this cluster.'}${gaps}`,
  };
}
