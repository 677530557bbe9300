// One typed error for the HTTP API, mapped once to `{ error: { code, message } }`.
import type { ApiErrorBody } from '@/lib/model';

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

/** Parses a JSON request body with a zod-like schema; failures are 400 with the first issue. */
export async function readJsonBody<T>(req: Request, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } } }): Promise<T> {
  let raw: unknown;
  try {
    raw = await req.json();
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
