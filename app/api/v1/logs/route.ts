import { withApi } from '@/server/api-error';
import { getClientIpServices } from '@/server/client-ip';

export const dynamic = 'force-dynamic';

/** The Traefik access log sampled from its pods (LogReport + sources + sampling); a "no source" report in snapshot mode. */
export const GET = withApi(async () => {
  const { logs } = await getClientIpServices();
  return Response.json((await logs.get()).report);
});
