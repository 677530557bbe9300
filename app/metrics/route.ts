import { withApi } from '@/server/api-error';
import { getClientIpServices } from '@/server/client-ip';
import { crowdsecMetrics, logMetrics } from '@/server/client-ip-metrics';
import { CROWDSEC_SCRAPE_WAIT_MS } from '@/server/crowdsec-service';
import { clusterMetrics, renderMetrics, type MetricFamily } from '@/server/metrics';
import { getRuntime } from '@/server/runtime';
import pkg from '@/package.json';

export const dynamic = 'force-dynamic';

/** Client-IP families are best effort: a slow or failing sample must not fail (or stall) the scrape; it is cached for the next one. */
const CLIENT_IP_WAIT_MS = 5_000;

async function within<T>(p: Promise<T>, ms: number): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([p.catch(() => null), late]);
  } finally {
    clearTimeout(timer);
  }
}

async function clientIpFamilies(): Promise<MetricFamily[]> {
  const services = await getClientIpServices().catch(() => null);
  if (!services) return [];
  const [logs, crowdsec] = await Promise.all([within(services.logs.get(), CLIENT_IP_WAIT_MS), within(services.crowdsec.get({ maxWaitMs: CROWDSEC_SCRAPE_WAIT_MS }), CLIENT_IP_WAIT_MS)]);
  return [...(logs && logs.report.sampling?.from === 'pods' ? logMetrics(logs.report) : []), ...(crowdsec ? crowdsecMetrics(crowdsec) : [])];
}

export const GET = withApi(async () => {
  const rt = await getRuntime();
  const report = await rt.getClusterReport();
  const readAt = report.generatedAt ? new Date(report.generatedAt) : new Date();
  const families = [...clusterMetrics(report, { mode: rt.source.mode, version: pkg.version, readAt }), ...(await clientIpFamilies())];
  return new Response(renderMetrics(families), { headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' } });
});
