// `GET /api/v1/cluster?whatIf=…`: the what-if report for the current snapshot.
// Computed per request from the runtime's cached snapshot; the cached report
// itself is never touched. Bad changes are 400 `invalid-what-if`.
import type { ClusterReport, ClusterSnapshot } from '@/lib/model';
import { WhatIfError, parseWhatIfChanges } from '@/lib/analyzers/what-if/parse-change';
import { planWhatIf } from '@/lib/analyzers/what-if/plan';
import { ApiError } from './api-error';

/** What the planner needs of the runtime (a Runtime fits): its cached snapshot and the lab scenario name. */
export interface WhatIfRuntime {
  getSnapshot(): Promise<ClusterSnapshot>;
  source: { lab: { readonly scenario: string | null } | null };
}

export async function whatIfReport(rt: WhatIfRuntime, values: readonly string[], now: Date = new Date()): Promise<ClusterReport> {
  const changes = asApiError(() => parseWhatIfChanges(values));
  const snapshot = await rt.getSnapshot();
  const report = asApiError(() => planWhatIf(snapshot, changes, { now }));
  return { ...report, generatedAt: now.toISOString(), scenario: rt.source.lab?.scenario ?? undefined };
}

function asApiError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof WhatIfError) throw new ApiError(400, 'invalid-what-if', err.message, { cause: err });
    throw err;
  }
}
