// Next.js 16 "proxy" (formerly middleware): every request passes the one gate in
// server/auth/guard.ts before any page or route runs — Host allowlist, same-origin check
// on state-changing requests, body size, token. Runs on the Node.js runtime.
import { NextResponse, type NextRequest } from 'next/server';
import { ConfigError, loadAccessConfig, type AccessConfig } from '@/server/config';
import { guardRequest } from '@/server/auth/guard';
import { signinPage, SIGNIN_PAGE_HEADERS } from '@/server/auth/signin-page';
import { tokenReader } from '@/server/auth/token';

type Gate = { cfg: AccessConfig; token: () => string | null } | { error: string };
let gate: Gate | null = null;

function currentGate(): Gate {
  if (gate) return gate;
  try {
    const cfg = loadAccessConfig(process.env);
    gate = { cfg, token: tokenReader(cfg) };
  } catch (err) {
    // The message names variables and files, never a secret value (server/config.ts).
    gate = { error: err instanceof ConfigError ? err.message : 'invalid access configuration' };
    console.error(`edgelens: ${gate.error}; serving nothing until it is fixed`);
  }
  return gate;
}

export function proxy(req: NextRequest): NextResponse {
  const g = currentGate();
  if ('error' in g) {
    // Fail closed: a server whose access settings do not parse serves nothing.
    return NextResponse.json({ error: { code: 'invalid-configuration', message: 'access settings are invalid; see the server log' } }, { status: 503 });
  }
  const h = req.headers;
  const verdict = guardRequest(
    {
      method: req.method,
      pathname: req.nextUrl.pathname,
      host: h.get('host'),
      forwardedHost: h.get('x-forwarded-host'),
      origin: h.get('origin'),
      secFetchSite: h.get('sec-fetch-site'),
      contentLength: h.get('content-length'),
      authorization: h.get('authorization'),
      cookie: h.get('cookie'),
    },
    g.cfg,
    g.token,
  );
  if (verdict.pass) return NextResponse.next();
  if (verdict.page && (req.method === 'GET' || req.method === 'HEAD')) {
    return new NextResponse(signinPage(req.nextUrl.pathname + req.nextUrl.search), { status: verdict.status, headers: SIGNIN_PAGE_HEADERS });
  }
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  if (verdict.status === 401) headers['www-authenticate'] = 'Bearer realm="edgelens"';
  // A refused upload: close the connection instead of reading the rest of the body.
  if (verdict.status === 413) headers.connection = 'close';
  return NextResponse.json({ error: { code: verdict.code, message: verdict.message } }, { status: verdict.status, headers });
}

export const config = {
  // Everything, including /_next (the guard lets build assets through after the Host check).
  matcher: '/:path*',
};
