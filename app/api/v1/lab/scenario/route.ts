import { readJsonBody, withApi } from '@/lib/server/api-error';
import { switchScenario, switchScenarioSchema } from '@/lib/server/lab-control';
import { getRuntime } from '@/lib/server/runtime';

export const dynamic = 'force-dynamic';

export const POST = withApi(async (req: Request) => {
  const { name } = await readJsonBody(req, switchScenarioSchema);
  return Response.json(switchScenario(await getRuntime(), name));
});
