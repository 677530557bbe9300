// The agent's side of the HTTP API: fetch the plan, post the report. Every call has a timeout;
// an error names the status and the server's error code, never the token.
import { agentPlanSchema, type AgentPlan, type AgentReport } from '@/lib/model';

export class AgentApiError extends Error {
  override readonly name = 'AgentApiError';
  constructor(
    message: string,
    readonly status: number | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

async function call(url: string, init: RequestInit & { timeoutMs: number }): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(init.timeoutMs) });
  } catch (err) {
    throw new AgentApiError(`cannot reach ${new URL(url).origin}: ${err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err)}`, null, { cause: err });
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  if (!res.ok) {
    const e = (body as { error?: { code?: string; message?: string } } | null)?.error;
    throw new AgentApiError(`${new URL(url).pathname}: HTTP ${res.status}${e?.code ? ` ${e.code}` : ''}${e?.message ? `: ${e.message}` : ''}`, res.status);
  }
  return body;
}

export async function fetchPlan(server: string, token: string, timeoutMs = 10_000): Promise<AgentPlan> {
  const body = await call(new URL('/api/v1/agents/plan', server).href, { headers: { authorization: `Bearer ${token}` }, timeoutMs });
  const parsed = agentPlanSchema.safeParse(body);
  if (!parsed.success) throw new AgentApiError(`the server's plan is not understood: ${parsed.error.issues[0]?.message ?? 'invalid'}`, 200);
  return parsed.data;
}

export async function postReport(server: string, token: string, report: AgentReport, timeoutMs = 10_000): Promise<void> {
  await call(new URL('/api/v1/agents/report', server).href, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(report),
    timeoutMs,
  });
}
