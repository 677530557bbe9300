// The "What if" section of `edgelens cluster --what-if`: what the change
// resolves (✓), what it breaks (✖/▲), what still points at the old IP, and the
// numbered cutover checklist. Severity is always a word too, never only a symbol.
import type { Finding, WhatIf } from '@/lib/model';
import { formatWhatIfChange } from '@/lib/analyzers/what-if/parse-change';
import { severityLabel, table } from './text';

function subjects(f: Finding): string {
  return f.subjects.map((s) => `${s.namespace ? `${s.namespace}/` : ''}${s.name}`).join(', ');
}

function findingLine(prefix: string, f: Finding): string {
  return `  ${prefix}  ${f.rule}${f.ip ? ` (${f.ip})` : ''}${f.subjects.length > 0 ? ` — ${subjects(f)}` : ''}\n      ${f.message}`;
}

export function formatWhatIf(w: WhatIf): string {
  const out: string[] = [`What if: ${w.changes.map(formatWhatIfChange).join('  +  ')}`];
  // The plan's answer first: SAFE / UNSAFE (why) / NO CHANGE.
  if (w.verdict) out.push(`Verdict: ${w.verdict === 'no-change' ? 'NO CHANGE' : w.verdict.toUpperCase()}${w.verdictReason ? ` — ${w.verdictReason}` : ''}`);
  out.push('');
  if (w.verdict === 'no-change') return out.join('\n');

  out.push(`Resolved (${w.resolved.length}):`);
  if (w.resolved.length === 0) out.push('  (none)');
  for (const f of w.resolved) out.push(findingLine('✓ RESOLVED', f));
  out.push('');

  if ((w.hidden ?? []).length > 0) {
    out.push(`Hidden by a new error (${(w.hidden ?? []).length}) — not fixed, their Service would lose its IP:`);
    for (const f of w.hidden ?? []) out.push(findingLine('· HIDDEN', f));
    out.push('');
  }

  out.push(`New (${w.new.length}):`);
  if (w.new.length === 0) out.push('  (none)');
  for (const f of w.new) out.push(findingLine(severityLabel(f.severity), f));
  out.push('');

  out.push(`Blast radius (${w.blastRadius.length}):`);
  if (w.blastRadius.length === 0) out.push('  (nothing else uses the old IP)');
  else {
    const rows = [['OBJECT', 'OLD IP', 'WHERE']];
    for (const b of w.blastRadius) rows.push([`${b.kind} ${b.namespace ? `${b.namespace}/` : ''}${b.name}`, b.ip, b.where ?? '']);
    out.push(table(rows));
  }
  out.push('');

  out.push('Cutover checklist:');
  w.checklist.forEach((s, i) => {
    const n = `${i + 1}.`;
    const pad = ' '.repeat(n.length + 3);
    out.push(`  ${n} ${s.phase ? `[${s.phase}] ` : ''}${s.step}`, `${pad}verify:   ${s.verify}`, `${pad}rollback: ${s.rollback}`, '');
  });
  return out.join('\n');
}
