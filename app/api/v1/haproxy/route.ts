import { HaproxyInputError } from '@/lib/haproxy';
import { ApiError, readJsonBody, withApi } from '@/server/api-error';
import { HaproxyRequestError, buildHaproxy, haproxyRequestSchema, sourceLabel } from '@/server/haproxy-request';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

export const POST = withApi(async (req: Request) => {
  const body = await readJsonBody(req, haproxyRequestSchema);
  const rt = await getRuntime();
  try {
    const out = await buildHaproxy(body, { generatedBy: 'edgelens dashboard', sourceName: sourceLabel(rt.source.mode), readSnapshot: () => rt.source.read() });
    return Response.json(out);
  } catch (err) {
    if (err instanceof HaproxyInputError || err instanceof HaproxyRequestError) throw new ApiError(400, 'invalid-input', err.message, { cause: err });
    throw err;
  }
});
