// The small sign-in page answered (status 401) to a browser without a session. Static
// HTML, no script, no detail about why: it posts the token to /api/v1/auth/signin, which
// sets an HttpOnly, SameSite=Strict cookie and sends the browser back where it was.
import { SIGNIN_PATH } from './guard';

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Only a local absolute path may be a return target (no `//host`, no scheme, no backslash). */
export function safeReturnPath(next: string | null | undefined): string {
  if (!next || next.length > 512 || !next.startsWith('/') || next.startsWith('//') || /[\\\s]/.test(next)) return '/';
  return next;
}

/** `failed`: the last token was refused; `waitS`: too many refusals, try again in that many seconds. */
export function signinPage(returnTo: string, failed = false, waitS = 0): string {
  const next = escapeHtml(safeReturnPath(returnTo));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · edgelens</title>
<style>body{font-family:system-ui,sans-serif;max-width:24rem;margin:15vh auto;padding:0 1rem;color:#1b1f24}
label{display:block;margin:.5rem 0}input{width:100%;padding:.5rem;font:inherit;box-sizing:border-box}
button{margin-top:1rem;padding:.5rem 1rem;font:inherit}p.err{color:#a40e26}</style></head>
<body><main><h1>edgelens</h1>
${waitS > 0 ? `<p class="err" role="alert">Too many refused sign-ins: try again in ${waitS} s.</p>` : failed ? '<p class="err" role="alert">That token was not accepted.</p>' : '<p>This dashboard needs its access token.</p>'}
<form method="post" action="${SIGNIN_PATH}">
<label for="token">Access token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
<input type="hidden" name="next" value="${next}">
<button type="submit">Sign in</button>
</form></main></body></html>
`;
}

export const SIGNIN_PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
} as const;
