// `edgelens agent --server URL [--token-file F] [--node NAME] [--healthcheck-host ADDR] [--once]`:
// the per-node agent. Each pass fetches the plan from the server, probes from this node, and
// posts the report; then it sleeps the plan's interval. It needs no Kubernetes access at all —
// only the server URL and its own token (EDGELENS_AGENT_TOKEN or --token-file, from a Secret).
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { nodeNameSchema } from '@/lib/model';
import pkg from '../../package.json';
import { AgentApiError, fetchPlan, postReport } from '../agent/client';
import { runAgentPass } from '../agent/run-once';
import { parseCommandArgs } from '../args';
import { UsageError } from '../errors';
import { type Io, printJson } from '../io';

export const agentUsage = `Usage: edgelens agent --server URL [--token-file F] [--node NAME] [--healthcheck-host ADDR] [--once] [--json]
  --server URL            the edgelens server (e.g. http://edgelens.edgelens.svc:3000)
  --token-file F          the agent token (default: $EDGELENS_AGENT_TOKEN)
  --node NAME             this node's name (default: $NODE_NAME, else the hostname)
  --healthcheck-host ADDR where kube-proxy's health check ports listen (default: $NODE_IP, else 127.0.0.1)
  --once                  one pass, then exit (1 when the report was not accepted)`;

async function readToken(file: string | undefined, io: Io): Promise<string> {
  if (file) {
    try {
      const t = (await readFile(file, 'utf8')).trim();
      if (t) return t;
    } catch (err) {
      throw new UsageError(`--token-file ${file}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`, { cause: err });
    }
    throw new UsageError(`--token-file ${file} is empty`);
  }
  const t = io.env.EDGELENS_AGENT_TOKEN?.trim();
  if (!t) throw new UsageError('no agent token: give --token-file F or set EDGELENS_AGENT_TOKEN');
  return t;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

export async function agentCommand(argv: string[], io: Io): Promise<number | null> {
  const { values } = parseCommandArgs(
    argv,
    {
      server: { type: 'string' },
      'token-file': { type: 'string' },
      node: { type: 'string' },
      'healthcheck-host': { type: 'string' },
      once: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    { positionals: 0 },
  );
  if (values.help) {
    io.out(agentUsage);
    return 0;
  }
  if (!values.server) throw new UsageError('--server URL is required');
  let server: URL;
  try {
    server = new URL(values.server);
  } catch (err) {
    throw new UsageError(`--server: not a URL: ${values.server}`, { cause: err });
  }
  if (server.protocol !== 'http:' && server.protocol !== 'https:') throw new UsageError('--server must be an http:// or https:// URL');
  const node = values.node ?? io.env.NODE_NAME ?? hostname();
  if (!nodeNameSchema.safeParse(node).success) throw new UsageError(`--node: "${node}" is not a valid node name`);
  const token = await readToken(values['token-file'], io);
  const healthCheckHost = values['healthcheck-host'] ?? io.env.NODE_IP ?? '127.0.0.1';

  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  let failures = 0;
  try {
    for (;;) {
      let intervalMs = 60_000;
      try {
        const plan = await fetchPlan(server.href, token);
        intervalMs = plan.intervalMs;
        const report = await runAgentPass(plan, { node, version: pkg.version, healthCheckHost });
        await postReport(server.href, token, report);
        failures = 0;
        if (values.json) printJson(io, report);
        else io.err(`edgelens agent ${node}: reported ${report.targets.length} targets, ${report.healthChecks.length} health checks`);
      } catch (err) {
        failures++;
        const msg = err instanceof AgentApiError ? err.message : err instanceof Error ? err.message : String(err);
        io.err(`edgelens agent ${node}: ${msg}`);
        if (values.once) return err instanceof AgentApiError && (err.status === 401 || err.status === 403) ? 2 : 1;
        // A refused token will not fix itself quickly: back off, never hammer the server.
        intervalMs = Math.min(intervalMs * 2 ** Math.min(failures, 4), 10 * 60_000);
      }
      if (values.once) return 0;
      await sleep(intervalMs, stop.signal);
      if (stop.signal.aborted) return 0;
    }
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}
