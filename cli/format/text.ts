// Plain-text helpers for readable CLI output: severity words (never colour alone), tables.
import type { Finding, Severity } from '@/lib/model';

const SEVERITY_LABEL: Record<Severity, string> = { error: '✖ ERROR', warning: '▲ WARNING', info: 'ℹ INFO' };

export function severityLabel(s: Severity): string {
  return SEVERITY_LABEL[s];
}

/** Left-aligned columns; the last column is not padded. */
export function table(rows: string[][], indent = '  '): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) => indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '))
    .join('\n');
}

export function formatFinding(f: Finding): string {
  const subjects = f.subjects.map((s) => `${s.kind} ${s.namespace ? `${s.namespace}/` : ''}${s.name}`).join(', ');
  const lines = [`${severityLabel(f.severity)}  ${f.rule}${f.ip ? `  (${f.ip})` : ''}`, `  ${f.message}`];
  if (subjects) lines.push(`  objects: ${subjects}`);
  for (const e of f.evidence) lines.push(`  - ${e}`);
  if (f.why) lines.push(`  why: ${f.why}`);
  // A fix with commands prints each on a line of its own ("$ …"), ready to paste; otherwise the text.
  if (f.steps?.some((st) => st.command)) {
    lines.push('  fix:');
    for (const st of f.steps) {
      lines.push(`    - ${st.text}`);
      if (st.command) lines.push(`      $ ${st.command}`);
    }
  } else lines.push(`  fix: ${f.fix.split('\n').join('\n       ')}`);
  return lines.join('\n');
}

export function countBySeverity(findings: readonly Finding[]): string {
  const n = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const parts = [`${n('error')} error${n('error') === 1 ? '' : 's'}`, `${n('warning')} warning${n('warning') === 1 ? '' : 's'}`, `${n('info')} info`];
  return parts.join(', ');
}
