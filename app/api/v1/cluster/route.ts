import type { ClusterReport } from '@/lib/model';
import { withApi } from '@/server/api-error';
import { getRuntime } from '@/server/runtime';
import { whatIfReport } from '@/server/what-if';

export const dynamic = 'force-dynamic';

// The cached report is one object until the cluster changes: serialize it once, not per request
// (under load, re-encoding it for every request is most of the CPU and garbage). A stale report
// is a new object per answer (its age changes), so it is never kept here.
const encoded = new WeakMap<ClusterReport, string>();

export const GET = withApi(async (req: Request) => {
  const rt = await getRuntime();
  const whatIf = new URL(req.url).searchParams.getAll('whatIf');
  if (whatIf.length > 0) return Response.json(await whatIfReport(rt, whatIf));
  const report = await rt.getClusterReport();
  let body = encoded.get(report);
  if (body === undefined) {
    body = JSON.stringify(report);
    if (!report.stale) encoded.set(report, body);
  }
  return new Response(body, { headers: { 'content-type': 'application/json' } });
});
