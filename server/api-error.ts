// One typed error for the HTTP API, mapped once to `{ error: { code, message } }`.
import type { ApiErrorBody } from '@/lib/model';
import { MAX_BODY_BYTES } from './auth/guard';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function errorBody(code: string, message: string): ApiErrorBody {
  return { error: { code, message } };
}

/** Wraps a route handler: ApiErrors become their status; anything else a 500 with no internals leaked. */
export function withApi<A extends unknown[]>(handler: (...args: A) => Promise<Response>): (...args: A) => Promise<Response> {
  return async (...args: A) => {
    try {
      return await handler(...args);
    } catch (err) {
      if (err instanceof ApiError) return Response.json(errorBody(err.code, err.message), { status: err.status });
      console.error('edgelens api: unexpected error:', err instanceof Error ? err.message : String(err));
      return Response.json(errorBody('internal', 'internal error; see the server log'), { status: 500 });
    }
  };
}

/**
 * Reads a request body with a hard cap, whatever Content-Length says (or does not say, for
 * chunked uploads): past the cap the read stops and the request is a 413.
 */
export async function readBodyText(req: Request, max: number = MAX_BODY_BYTES): Promise<string> {
  const declared = req.headers.get('content-length');
  if (declared !== null && Number(declared) > max) throw new ApiError(413, 'body-too-large', `request bodies are limited to ${max} bytes`);
  if (req.body === null) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      throw new ApiError(413, 'body-too-large', `request bodies are limited to ${max} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A short, escaped prefix of user input for an error message (never the whole input echoed back). */
export function echo(input: string, max = 40): string {
  const quoted = JSON.stringify(input.length > max ? input.slice(0, max) : input).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return input.length > max ? `${quoted}…` : quoted;
}

/** Parses a JSON request body (at most 1 MB) with a zod-like schema; failures are 400 with the first issue. */
export async function readJsonBody<T>(req: Request, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } } }): Promise<T> {
  const text = await readBodyText(req);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ApiError(400, 'bad-json', 'request body is not valid JSON', { cause: err });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.map(String).join('.') || 'body';
    throw new ApiError(400, 'invalid-request', `${where}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
