// Findings counted by severity, in the words the Findings list and the what-if result use. Pure.
import type { Finding, Severity } from '@/lib/model';
import { plural } from './anchors';

export function severityCounts(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

/** "1 error, 3 warnings, 1 info" — only the non-zero parts. */
export function describeCounts(c: Record<Severity, number>): string {
  const parts = [
    c.error > 0 ? plural(c.error, 'error') : '',
    c.warning > 0 ? plural(c.warning, 'warning') : '',
    c.info > 0 ? `${c.info} info` : '',
  ].filter((s) => s !== '');
  return parts.length > 0 ? parts.join(', ') : 'no findings';
}
