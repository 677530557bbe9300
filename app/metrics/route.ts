import { withApi } from '@/server/api-error';
import { getClientIpServices } from '@/server/client-ip';
import { crowdsecMetrics, logMetrics } from '@/server/client-ip-metrics';
import { clusterMetrics, type MetricFamily } from '@/server/metrics';
import { processMetrics } from '@/server/metrics-registry';
import { CROWDSEC_SCRAPE_WAIT_MS } from '@/server/crowdsec-service';
import { getRuntime } from '@/server/runtime';
import { computeSummary } from '@/server/summary-service';
import { summaryMetrics } from '@/server/summary-metrics';
import pkg from '@/package.json';
import { raceDeadline } from '@/probes/common/deadline';

export const dynamic = 'force-dynamic';

/** A failing or slow reading is left out of this scrape (null), never an error. */
function within<T>(p: Promise<T>, ms: number): Promise<T | null> {
  return raceDeadline(p.catch(() => null), ms, () => null);
}

/** Client-IP families are best effort: a slow or failing sample must not fail (or stall) the scrape; it is cached for the next one. */
async function clientIpFamilies(waitMs: number): Promise<MetricFamily[]> {
  const services = await getClientIpServices().catch(() => null);
  if (!services) return [];
  const [logs, crowdsec] = await Promise.all([within(services.logs.get(), waitMs), within(services.crowdsec.get({ maxWaitMs: CROWDSEC_SCRAPE_WAIT_MS }), waitMs)]);
  return [...(logs && logs.report.sampling?.from === 'pods' ? logMetrics(logs.report) : []), ...(crowdsec ? crowdsecMetrics(crowdsec) : [])];
}

/** The three answers, from the same (cached) readings; a slow reading is "unknown" for this scrape. */
async function summaryFamilies(rt: Awaited<ReturnType<typeof getRuntime>>): Promise<MetricFamily[]> {
  const services = await getClientIpServices().catch(() => null);
  const summary = await computeSummary(
    {
      cluster: () => rt.getClusterReport(),
      logs: async () => {
        if (!services) throw new Error('access-log sampling is not configured');
        return (await services.logs.get()).report;
      },
      probes: () => rt.probes().snapshot(),
      crowdsec: async () => {
        if (!services) throw new Error('CrowdSec is not configured');
        return services.crowdsec.get();
      },
    },
    new Date(),
    rt.config.readTimeoutMs,
  );
  return summaryMetrics(summary);
}

export const GET = withApi(async () => {
  const rt = await getRuntime();
  const waitMs = rt.config.readTimeoutMs;
  // The cluster answer never waits longer than one read timeout (a stale report when the API server is down).
  const [report, clientIp, answers] = await Promise.all([rt.getClusterReport(), clientIpFamilies(waitMs), summaryFamilies(rt)]);
  const readAt = report.stale?.lastSuccessAt ? new Date(report.stale.lastSuccessAt) : report.generatedAt ? new Date(report.generatedAt) : new Date();
  const metrics = processMetrics();
  metrics.applyFamilies([...clusterMetrics(report, { mode: rt.source.mode, version: pkg.version, readAt }), ...clientIp, ...answers]);
  return new Response(await metrics.render(), { headers: { 'content-type': metrics.contentType } });
});
