import { withApi } from '@/server/api-error';
import { sinceOf } from '@/server/history-request';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** What changed in the range (`?since=1h|24h|7d`, default 24h): findings, announcers, source outages, client classes per minute. */
export const GET = withApi(async (req: Request) => {
  const range = sinceOf(req) ?? '24h';
  const rt = await getRuntime();
  return Response.json(rt.history.changes(range));
});
