import { withApi } from '@/server/api-error';
import { agentMatrix } from '@/server/agent-service';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** The node × target matrix from the latest agent report of every node, with its findings. */
export const GET = withApi(async () => Response.json(await agentMatrix(await getRuntime())));
