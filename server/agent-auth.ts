// Agent authentication and body limits for POST /api/v1/agents/report and GET /api/v1/agents/plan.
// Agents carry their own token (EDGELENS_AGENT_TOKEN or _FILE, from a Secret), never the user's.
// Compared in constant time; the token is never logged or echoed.
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ApiError } from './api-error';
import type { AgentSettings } from './config';

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/** The configured agent token, or null when agents are not enabled. A file is re-read each time (rotation). */
export function agentToken(settings: Pick<AgentSettings, 'token' | 'tokenFile'>): string | null {
  if (settings.tokenFile) {
    try {
      const t = readFileSync(settings.tokenFile, 'utf8').trim();
      return t.length > 0 ? t : null;
    } catch (err) {
      throw new ApiError(503, 'agents-misconfigured', `EDGELENS_AGENT_TOKEN_FILE cannot be read: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, { cause: err });
    }
  }
  return settings.token && settings.token.length > 0 ? settings.token : null;
}

/** Throws 403 when agents are disabled, 401 for a missing or unknown token. */
export function requireAgent(req: Request, settings: Pick<AgentSettings, 'token' | 'tokenFile'>): void {
  const expected = agentToken(settings);
  if (expected === null) throw new ApiError(403, 'agents-disabled', 'agents are not enabled on this server: set EDGELENS_AGENT_TOKEN or EDGELENS_AGENT_TOKEN_FILE');
  const header = req.headers.get('authorization') ?? '';
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m?.[1]) throw new ApiError(401, 'unknown-agent', 'an agent must send Authorization: Bearer TOKEN');
  if (!timingSafeEqual(digest(m[1]), digest(expected))) throw new ApiError(401, 'unknown-agent', 'unknown agent: the token does not match');
}

/** Reads at most `max` bytes of the body; more is 413 (checked on Content-Length first, then while reading). */
export async function readLimitedText(req: Request, max: number): Promise<string> {
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > max) throw new ApiError(413, 'too-large', `report larger than ${max} bytes`);
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      throw new ApiError(413, 'too-large', `report larger than ${max} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
