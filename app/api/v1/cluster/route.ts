import { withApi } from '@/server/api-error';
import { getRuntime } from '@/server/runtime';
import { whatIfReport } from '@/server/what-if';

export const dynamic = 'force-dynamic';

export const GET = withApi(async (req: Request) => {
  const rt = await getRuntime();
  const whatIf = new URL(req.url).searchParams.getAll('whatIf');
  if (whatIf.length > 0) return Response.json(await whatIfReport(rt, whatIf));
  return Response.json(await rt.getClusterReport());
});
