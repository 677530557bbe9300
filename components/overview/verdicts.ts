// The three questions on the first screen. Each answer comes from the best
// evidence there is — Traefik's access logs for client IPs, the edge probes for
// HTTP/3 — with the cluster config as its supporting line; without that
// evidence it falls back to the cluster config and says why. Pure: no I/O, no
// clock. Each verdict links to its evidence.
import { type ClusterReport, type Finding, type LogReport, type ProbesResponse, type Severity } from '@/lib/model';
import { plural, SECTION_IDS } from './anchors';
import { type Evidence } from './evidence';
import { CONFIG_BASIS, type Tone, type Verdict } from './verdict-kit';
import { clientIpVerdict } from './verdict-clients';
import { http3Verdict } from './verdict-h3';

export type { Basis, Tone, Verdict, VerdictNote, VerdictSupport } from './verdict-kit';
export { clientIpVerdict, logsCanAnswer, logsGap } from './verdict-clients';
export { http3Verdict, probedH3 } from './verdict-h3';

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

/**
 * Traps are load-balancer configuration: this counts the cluster findings only,
 * the ones listed on this page under Findings. Edge and access-log findings are
 * the symptoms the first two cards already answer with (and live on their pages).
 */
export function trapsVerdict(report: ClusterReport): Verdict {
  const counts = severityCounts(report.findings);
  const total = report.findings.length;
  const tone: Tone = counts.error > 0 ? 'error' : counts.warning > 0 ? 'warning' : counts.info > 0 ? 'info' : 'ok';
  return {
    id: 'traps',
    question: 'Which load-balancer traps are set?',
    tone,
    word: counts.error > 0 ? 'Traps set' : counts.warning > 0 ? 'Warnings' : total > 0 ? 'Notes only' : 'None found',
    figure: String(total),
    figureLabel: `${total === 1 ? 'finding' : 'findings'} in the cluster config`,
    detail: total > 0 ? `${describeCounts(counts)}.` : 'No load-balancer rule fired on this cluster.',
    href: `#${SECTION_IDS.findings}`,
    linkLabel: total > 0 ? 'See all findings' : 'See findings',
    ...CONFIG_BASIS,
  };
}

export interface VerdictEvidence {
  logs?: Evidence<LogReport>;
  probes?: Evidence<ProbesResponse>;
}

export function verdicts(report: ClusterReport, evidence: VerdictEvidence = {}): [Verdict, Verdict, Verdict] {
  const all: [Verdict, Verdict, Verdict] = [clientIpVerdict(report, evidence.logs), http3Verdict(report, evidence.probes), trapsVerdict(report)];
  return report.stale ? [unknownWhileStale(all[0], report), unknownWhileStale(all[1], report), unknownWhileStale(all[2], report)] : all;
}

/** The cluster could not be read: an answer resting on it is not an all-clear (the outage banner says why). */
function unknownWhileStale(v: Verdict, report: ClusterReport): Verdict {
  const stale = report.stale;
  if (!stale || (v.tone !== 'ok' && stale.lastSuccessAt !== null)) return v;
  const last = stale.lastSuccessAt === null ? 'edgelens has not read it yet' : `last known answer (${stale.ageSeconds ?? '?'} s old): ${v.word}`;
  return { ...v, tone: 'unknown', word: 'Unknown', figure: stale.lastSuccessAt === null ? '?' : v.figure, detail: `The cluster cannot be read — ${last}.` };
}
