// The three first-screen answers, computed once from every report there is, for the page,
// GET /api/v1/summary, `edgelens status` and /metrics alike. Pure: `now` comes in.
import type { Summary } from '../../model/summary';
import { clientIpAnswer } from './client-ip';
import { http3Answer } from './http3';
import type { SummaryInput } from './input';
import { trapsAnswer } from './traps';
import { unknownWhileStale } from './stale';

export type { Reading, SummaryInput } from './input';
export { h3NeverUsedFinding, H3_NEVER_USED_MIN_REQUESTS } from './http3';

export function summarize(input: SummaryInput): Summary {
  const h3 = http3Answer(input);
  const stale = input.cluster?.ok ? input.cluster.data.stale : undefined;
  return {
    answers: {
      clientIp: unknownWhileStale('clientIp', clientIpAnswer(input), stale),
      http3: unknownWhileStale('http3', h3.answer, stale),
      traps: unknownWhileStale('traps', trapsAnswer(input), stale),
    },
    findings: h3.findings,
    generatedAt: input.now.toISOString(),
  };
}

/** `edgelens status` exit code: 1 when an answer is no, traps are set, or SNAT is suspected. */
export function summaryExitCode(s: Summary): number {
  const { clientIp, http3, traps } = s.answers;
  return clientIp.answer === 'no' || http3.answer === 'no' || traps.answer === 'yes' || clientIp.suspect === true ? 1 : 0;
}
