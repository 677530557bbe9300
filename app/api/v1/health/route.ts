import { withApi } from '@/server/api-error';
import { getRuntime } from '@/server/runtime';
import type { Health } from '@/lib/model';
import pkg from '@/package.json';

export const dynamic = 'force-dynamic';

export const GET = withApi(async () => {
  const rt = await getRuntime();
  const body: Health = {
    status: 'ok',
    mode: rt.source.mode,
    version: pkg.version,
    ...(rt.source.lab ? { scenario: rt.source.lab.scenario ?? undefined, scenarios: rt.source.lab.scenarios } : {}),
  };
  return Response.json(body);
});
