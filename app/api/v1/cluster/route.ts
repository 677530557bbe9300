import { withApi } from '@/lib/server/api-error';
import { getRuntime } from '@/lib/server/runtime';

export const dynamic = 'force-dynamic';

export const GET = withApi(async () => {
  const rt = await getRuntime();
  return Response.json(await rt.getClusterReport());
});
