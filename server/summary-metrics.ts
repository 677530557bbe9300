// Prometheus families for the three answers: one gauge per question with the current
// answer as a label (1 for it), the traps' counts, and HTTP/3 entries seen in the access log.
// Pure: the route passes the summary in.
import type { AnswerValue, Summary } from '@/lib/model';
import type { MetricFamily } from './metrics';

const VALUES: readonly AnswerValue[] = ['yes', 'no', 'partly', 'unknown'];

export function summaryMetrics(summary: Summary): MetricFamily[] {
  const questions = [
    ['client_ip', summary.answers.clientIp],
    ['http3', summary.answers.http3],
    ['traps', summary.answers.traps],
  ] as const;
  return [
    {
      name: 'edgelens_answer',
      help: 'The three first-screen answers (question: client_ip, http3, traps); 1 for the current answer (yes, no, partly, unknown).',
      type: 'gauge',
      samples: questions.flatMap(([question, a]) => VALUES.map((answer) => ({ labels: { question, answer }, value: a.answer === answer ? 1 : 0 }))),
    },
    {
      name: 'edgelens_answer_suspect',
      help: 'The client-IP answer is a suspected, unconfirmed SNAT (1) or not (0).',
      type: 'gauge',
      samples: [{ labels: { question: 'client_ip' }, value: summary.answers.clientIp.suspect ? 1 : 0 }],
    },
    {
      name: 'edgelens_summary_findings',
      help: 'Findings only the combination of reports shows (h3-advertised-never-used), by rule.',
      type: 'gauge',
      samples: countBy(summary.findings.map((f) => f.rule)).map(([rule, value]) => ({ labels: { rule }, value })),
    },
  ];
}

function countBy(keys: readonly string[]): Array<[string, number]> {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return [...m].sort((a, b) => (a[0] < b[0] ? -1 : 1));
}
