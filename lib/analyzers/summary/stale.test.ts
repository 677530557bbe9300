// An outage never reads as an all-clear: with the cluster report marked stale, the answers that
// would say "fine" become "unknown" and say why; bad news from the last good read stays.
import { describe, expect, it } from 'vitest';
import type { ClusterReport } from '../../model/cluster';
import { NOW, loadLabScenario } from '../__fixtures__/load';
import { analyzeCluster } from '../analyze-cluster';
import { summarize, type SummaryInput } from './index';

const stale = (lastSuccessAt: string | null): NonNullable<ClusterReport['stale']> => ({
  message: 'unknown — the API server is unreachable since 10:00:00Z: connect ECONNREFUSED',
  reason: 'connect ECONNREFUSED',
  since: '2026-12-07T10:00:00Z',
  lastSuccessAt,
  ageSeconds: lastSuccessAt === null ? null : 42,
});

function staleInput(name: string, lastSuccessAt: string | null): SummaryInput {
  const report = analyzeCluster(loadLabScenario(name), { now: NOW });
  const data: ClusterReport =
    lastSuccessAt === null ? { ...report, loadBalancers: [], findings: [], stale: stale(null) } : { ...report, stale: stale(lastSuccessAt) };
  return { cluster: { ok: true, data }, logs: null, probes: null, crowdsec: null, now: NOW };
}

describe('summary while the cluster cannot be read', () => {
  it('never read: no answer is an all-clear, each says the API server is unreachable', () => {
    const s = summarize(staleInput('homelab-after', null));
    expect(s.answers.traps.answer).toBe('unknown');
    expect(s.answers.traps.headline).toMatch(/^Unknown — unknown — the API server is unreachable/);
    expect(s.answers.clientIp.answer).not.toBe('yes');
    expect(s.answers.http3.answer).not.toBe('yes');
  });

  it('last good read had no traps: "unknown", not "no traps"', () => {
    const clean = summarize({ ...staleInput('homelab-after', '2026-12-07T09:59:18Z'), cluster: { ok: true, data: analyzeCluster(loadLabScenario('homelab-after'), { now: NOW }) } });
    const s = summarize(staleInput('homelab-after', '2026-12-07T09:59:18Z'));
    if (clean.answers.traps.answer === 'no') expect(s.answers.traps.answer).toBe('unknown');
    expect(s.answers.traps.answer).not.toBe('no');
  });

  it('last good read had traps: they stay, marked as from the last good read', () => {
    const s = summarize(staleInput('homelab-before', '2026-12-07T09:59:18Z'));
    expect(s.answers.traps.answer).toBe('yes');
    expect(s.answers.traps.evidence.at(-1)).toMatch(/from the last good read, 42 s old/);
  });
});
