import { withApi } from '@/server/api-error';
import { getClientIpServices } from '@/server/client-ip';

export const dynamic = 'force-dynamic';

/** CrowdsecReport; not configured, unreachable or a rejected key are verdicts and findings in a 200, not errors. */
export const GET = withApi(async () => {
  const { crowdsec } = await getClientIpServices();
  return Response.json(await crowdsec.get());
});
