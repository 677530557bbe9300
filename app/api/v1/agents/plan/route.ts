import { withApi } from '@/server/api-error';
import { requireAgent } from '@/server/agent-auth';
import { agentPlan } from '@/server/agent-service';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** What an agent probes (agent token required). */
export const GET = withApi(async (req: Request) => {
  const rt = await getRuntime();
  requireAgent(req, rt.config.agents);
  return Response.json(await agentPlan(rt));
});
