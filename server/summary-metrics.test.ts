import { describe, expect, it } from 'vitest';
import type { Summary } from '@/lib/model';
import { renderMetrics } from './metrics';
import { summaryMetrics } from './summary-metrics';

const answer = (a: Summary['answers']['clientIp']['answer'], suspect = false) => ({ answer: a, headline: '', evidence: [], basis: [], ...(suspect ? { suspect } : {}) });

describe('summaryMetrics', () => {
  it('one sample per question and answer, 1 for the current one', () => {
    const text = renderMetrics(
      summaryMetrics({
        answers: { clientIp: answer('unknown', true), http3: answer('no'), traps: answer('yes') },
        findings: [{ rule: 'h3-advertised-never-used', severity: 'warning', subjects: [], message: '', evidence: [], fix: '' }],
        generatedAt: '2024-05-01T12:00:00.000Z',
      }),
    );
    expect(text).toContain('edgelens_answer{question="client_ip",answer="unknown"} 1');
    expect(text).toContain('edgelens_answer{question="client_ip",answer="yes"} 0');
    expect(text).toContain('edgelens_answer{question="http3",answer="no"} 1');
    expect(text).toContain('edgelens_answer{question="traps",answer="yes"} 1');
    expect(text).toContain('edgelens_answer_suspect{question="client_ip"} 1');
    expect(text).toContain('edgelens_summary_findings{rule="h3-advertised-never-used"} 1');
  });
});
