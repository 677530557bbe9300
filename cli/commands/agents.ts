// `edgelens agents --server URL [--json]`: the node × target matrix a running server built from
// its agents' reports (GET /api/v1/agents). Exit 1 when it holds an error finding.
// (`edgelens status` prints the same matrix with formatAgentMatrixText when both are merged.)
import { agentsResponseSchema } from '@/lib/model';
import { parseCommandArgs } from '../args';
import { UsageError } from '../errors';
import { formatAgentMatrixText } from '../format/agents-text';
import { type Io, printJson } from '../io';

export const agentsUsage = 'Usage: edgelens agents --server URL [--json]   (sends $EDGELENS_AUTH_TOKEN as a bearer token when set)';

export async function agentsCommand(argv: string[], io: Io): Promise<number | null> {
  const { values } = parseCommandArgs(argv, { server: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, { positionals: 0 });
  if (values.help) {
    io.out(agentsUsage);
    return 0;
  }
  const server = values.server ?? io.env.EDGELENS_SERVER;
  if (!server) throw new UsageError('--server URL is required (or EDGELENS_SERVER)');
  let url: URL;
  try {
    url = new URL('/api/v1/agents', server);
  } catch (err) {
    throw new UsageError(`--server: not a URL: ${server}`, { cause: err });
  }
  const token = io.env.EDGELENS_AUTH_TOKEN;
  let res: Response;
  try {
    res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(15_000) });
  } catch (err) {
    throw new UsageError(`cannot reach ${url.origin}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  if (!res.ok) throw new UsageError(`${url.pathname}: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
  const parsed = agentsResponseSchema.safeParse(await res.json());
  if (!parsed.success) throw new UsageError(`the server's answer is not an agent matrix: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const doc = parsed.data;
  if (values.json) printJson(io, doc);
  else io.out(formatAgentMatrixText(doc));
  return doc.error || doc.findings.some((f) => f.severity === 'error') ? 1 : 0;
}
