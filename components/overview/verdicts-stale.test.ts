// While the cluster cannot be read, no first-screen verdict may read as an all-clear.
import { describe, expect, it } from 'vitest';
import { clusterReportSchema, type ClusterReport } from '@/lib/model';
import { verdicts } from './verdicts';

const stale = (lastSuccessAt: string | null) => ({
  message: 'unknown — the API server is unreachable since 2026-12-07T10:00:00.000Z: connection refused',
  reason: 'connection refused',
  since: '2026-12-07T10:00:00.000Z',
  lastSuccessAt,
  ageSeconds: lastSuccessAt === null ? null : 42,
});
const report = (extra: object): ClusterReport => clusterReportSchema.parse({ source: 'kube', loadBalancers: [], findings: [], ...extra });

describe('verdicts on a stale report', () => {
  it('a clean report that is fresh reads "None found"', () => {
    expect(verdicts(report({}))[2]).toMatchObject({ tone: 'ok', word: 'None found' });
  });

  it('before any good read: every answer is Unknown, with a "?" instead of a zero', () => {
    for (const v of verdicts(report({ stale: stale(null) }))) {
      expect(v.tone).toBe('unknown');
      expect(v.word).toBe('Unknown');
      expect(v.detail).toContain('The cluster cannot be read');
    }
    expect(verdicts(report({ stale: stale(null) }))[2].figure).toBe('?');
  });

  it('with a last good report: an all-clear becomes Unknown (last known answer and age kept); a problem stays a problem', () => {
    const clean = verdicts(report({ stale: stale('2026-12-07T09:59:00.000Z') }))[2];
    expect(clean).toMatchObject({ tone: 'unknown', word: 'Unknown', figure: '0' });
    expect(clean.detail).toContain('last known answer (42 s old): None found');
    const withError = verdicts(
      report({
        stale: stale('2026-12-07T09:59:00.000Z'),
        findings: [{ rule: 'etp-cluster-snat', severity: 'error', subjects: [], message: 'm', fix: 'f' }],
      }),
    )[2];
    expect(withError).toMatchObject({ tone: 'error', word: 'Traps set' });
  });
});
