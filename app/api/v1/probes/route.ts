import { withApi } from '@/server/api-error';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** The latest probe results per target, their history, the Alt-Svc verdicts and the edge findings. */
export const GET = withApi(async () => {
  const rt = await getRuntime();
  return Response.json(await rt.probes().snapshot());
});
