import { withApi } from '@/server/api-error';
import { getClientIpServices } from '@/server/client-ip';
import { getRuntime } from '@/server/runtime';
import { computeSummary } from '@/server/summary-service';

export const dynamic = 'force-dynamic';

/** The three answers (client IPs, HTTP/3, traps) the Overview, `edgelens status` and /metrics share. */
export const GET = withApi(async () => {
  const rt = await getRuntime();
  const services = await getClientIpServices();
  const summary = await computeSummary(
    {
      cluster: () => rt.getClusterReport(),
      logs: async () => (await services.logs.get()).report,
      probes: () => rt.probes().snapshot(),
      crowdsec: () => services.crowdsec.get(),
    },
    new Date(),
  );
  return Response.json(summary);
});
