// A cluster that cannot be read right now: the report is the last good one (or empty). An answer
// resting on it keeps its value only when it is bad news (a known problem stays known); an
// all-clear, or any answer from a report that never held cluster data, becomes "unknown" and says
// why — an outage must never read as "no traps" or "client IPs preserved".
import type { Stale } from '../../model/cluster';
import type { Answer } from '../../model/summary';

const isAllClear = (key: 'clientIp' | 'http3' | 'traps', a: Answer): boolean =>
  key === 'traps' ? a.answer === 'no' : a.answer === 'yes';

export function unknownWhileStale(key: 'clientIp' | 'http3' | 'traps', a: Answer, stale: Stale | undefined): Answer {
  if (!stale) return a;
  if (!a.basis.includes('cluster') && key !== 'traps') return a;
  if (stale.lastSuccessAt !== null && !isAllClear(key, a)) {
    return { ...a, evidence: [...a.evidence, `cluster: ${stale.message} (this answer is from the last good read, ${stale.ageSeconds ?? '?'} s old)`] };
  }
  const last =
    stale.lastSuccessAt === null ? 'edgelens has not read it yet' : `the last good read (${stale.ageSeconds ?? '?'} s old) said: ${a.headline}`;
  return {
    ...a,
    answer: 'unknown',
    headline: `Unknown — ${stale.message}`,
    evidence: [`cluster: ${stale.message}`, `cluster: ${last}`],
  };
}
