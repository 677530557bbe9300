import { readBodyText, withApi } from '@/server/api-error';
import { parseRunRequest, selectionError } from '@/server/probe-request';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** Runs known targets now (`{ targets?: [names], kinds?: ['tcp'|'h3'] }`) and answers like GET /api/v1/probes. */
export const POST = withApi(async (req: Request) => {
  const selection = parseRunRequest(await readBodyText(req));
  const rt = await getRuntime();
  return Response.json(await rt.probes().run(selection).catch(selectionError));
});
