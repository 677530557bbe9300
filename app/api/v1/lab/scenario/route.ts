import { readJsonBody, withApi } from '@/server/api-error';
import { switchScenario, switchScenarioSchema } from '@/server/lab-control';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

export const POST = withApi(async (req: Request) => {
  const { name } = await readJsonBody(req, switchScenarioSchema);
  return Response.json(switchScenario(await getRuntime(), name));
});
