import { withApi } from '@/lib/server/api-error';
import { labState } from '@/lib/server/lab-control';
import { getRuntime } from '@/lib/server/runtime';

export const dynamic = 'force-dynamic';

export const GET = withApi(async () => Response.json(labState(await getRuntime())));
