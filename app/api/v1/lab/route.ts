import { withApi } from '@/server/api-error';
import { labState } from '@/server/lab-control';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

export const GET = withApi(async () => Response.json(labState(await getRuntime())));
