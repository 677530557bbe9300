import { AGENT_LIMITS } from '@/lib/model';
import { withApi } from '@/server/api-error';
import { readLimitedText, requireAgent } from '@/server/agent-auth';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** An agent's report (agent token; at most 256 KiB). The token is checked before the body is read. */
export const POST = withApi(async (req: Request) => {
  const rt = await getRuntime();
  requireAgent(req, rt.config.agents);
  const text = await readLimitedText(req, AGENT_LIMITS.maxBodyBytes);
  const report = rt.agents.accept(text, new Date());
  return Response.json({ accepted: true, node: report.node }, { status: 202 });
});
