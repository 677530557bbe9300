import { withApi } from '@/lib/server/api-error';
import { clusterMetrics, renderMetrics } from '@/lib/server/metrics';
import { getRuntime } from '@/lib/server/runtime';
import pkg from '@/package.json';

export const dynamic = 'force-dynamic';

export const GET = withApi(async () => {
  const rt = await getRuntime();
  const report = await rt.getClusterReport();
  const readAt = report.generatedAt ? new Date(report.generatedAt) : new Date();
  const body = renderMetrics(clusterMetrics(report, { mode: rt.source.mode, version: pkg.version, readAt }));
  return new Response(body, { headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' } });
});
