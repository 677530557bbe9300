// POST /api/v1/auth/signin: the sign-in form (urlencoded) or a script ({"token": …}).
// The right token sets the session cookie; anything else is a bare 401 (no hint why).
import { ApiError, readBodyText } from '../api-error';
import { loadAccessConfig } from '../config';
import { signinLimiter, type SigninLimiter } from './signin-limit';
import { safeReturnPath, signinPage, SIGNIN_PAGE_HEADERS } from './signin-page';
import { clearedSessionCookie, sameSecret, sessionCookie, tokenReader } from './token';

/** Secure cookies when the browser talks HTTPS (directly or through a TLS-terminating proxy). */
export function isHttps(req: Request): boolean {
  return new URL(req.url).protocol === 'https:' || req.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}

/** One budget of failed sign-ins per server process (server/auth/signin-limit.ts says why). */
const processLimiter = signinLimiter();

export async function handleSignin(req: Request, env: Record<string, string | undefined>, limiter: SigninLimiter = processLimiter): Promise<Response> {
  const cfg = loadAccessConfig(env);
  if (cfg.auth !== 'token') throw new ApiError(404, 'no-token-auth', 'this server has no token sign-in');
  const text = await readBodyText(req);
  const isForm = (req.headers.get('content-type') ?? '').startsWith('application/x-www-form-urlencoded');
  let presented = '';
  let next = '/';
  if (isForm) {
    const form = new URLSearchParams(text);
    presented = form.get('token')?.trim() ?? '';
    next = safeReturnPath(form.get('next'));
  } else {
    try {
      const body: unknown = JSON.parse(text);
      if (typeof body === 'object' && body !== null && 'token' in body && typeof body.token === 'string') presented = body.token.trim();
    } catch (err) {
      throw new ApiError(400, 'bad-json', 'request body is not valid JSON', { cause: err });
    }
  }
  const waitMs = limiter.retryAfterMs();
  if (waitMs > 0) {
    // Not even compared: while the budget is spent every attempt, right or wrong, waits.
    const waitS = Math.ceil(waitMs / 1000);
    const headers = { 'retry-after': String(waitS), 'cache-control': 'no-store' };
    if (isForm) return new Response(signinPage(next, true, waitS), { status: 429, headers: { ...SIGNIN_PAGE_HEADERS, ...headers } });
    return Response.json({ error: { code: 'too-many-signins', message: `too many refused sign-ins: try again in ${waitS} s` } }, { status: 429, headers });
  }
  let token: string | null = null;
  try {
    token = tokenReader(cfg)();
  } catch {
    token = null;
  }
  const ok = token !== null && presented !== '' && sameSecret(presented, token);
  if (!ok) {
    limiter.recordFailure();
    if (isForm) return new Response(signinPage(next, true), { status: 401, headers: SIGNIN_PAGE_HEADERS });
    return Response.json({ error: { code: 'unauthorized', message: 'authentication required' } }, { status: 401 });
  }
  const cookie = sessionCookie(token as string, isHttps(req));
  if (isForm) return new Response(null, { status: 303, headers: { location: next, 'set-cookie': cookie, 'cache-control': 'no-store' } });
  return new Response(null, { status: 204, headers: { 'set-cookie': cookie, 'cache-control': 'no-store' } });
}

export function handleSignout(req: Request): Response {
  return new Response(null, { status: 303, headers: { location: '/', 'set-cookie': clearedSessionCookie(isHttps(req)), 'cache-control': 'no-store' } });
}
