import { withApi } from '@/server/api-error';
import { getRuntime } from '@/server/runtime';
import { sourceHealth } from '@/server/source-health';
import type { Health } from '@/lib/model';
import pkg from '@/package.json';

export const dynamic = 'force-dynamic';

/** Always 200 while the process serves (the kubelet's probe); a down source makes it `degraded`, per source. */
export const GET = withApi(async () => {
  const rt = await getRuntime();
  const health = sourceHealth();
  const body: Health = {
    status: health.degraded() ? 'degraded' : 'ok',
    mode: rt.source.mode,
    version: pkg.version,
    ...(rt.source.lab ? { scenario: rt.source.lab.scenario ?? undefined, scenarios: rt.source.lab.scenarios } : {}),
    sources: health.all(),
  };
  return Response.json(body);
});
