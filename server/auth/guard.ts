// The one gate every request passes (proxy.ts calls it): Host allowlist, same-origin
// check on state-changing requests, body size, then the token. A decision over plain
// request facts, so it is tested without a server.
import type { AccessConfig } from '../config';
import { hostAllowed } from './host';
import { presentedCredentialValid } from './token';

/** Request bodies above this are refused (413) before anything reads them. */
export const MAX_BODY_BYTES = 1024 * 1024;

export const HEALTH_PATH = '/api/v1/health';
export const SIGNIN_PATH = '/api/v1/auth/signin';
/** The node agents' routes: they carry the agent token (EDGELENS_AGENT_TOKEN), checked by the routes themselves. */
export const AGENT_PATHS: ReadonlySet<string> = new Set(['/api/v1/agents/plan', '/api/v1/agents/report']);

export interface RequestFacts {
  method: string;
  pathname: string;
  host: string | null;
  /** X-Forwarded-Host from a proxy in front that rewrites Host (a cross-site page cannot set it without a CORS preflight, which is never granted). */
  forwardedHost?: string | null;
  origin: string | null;
  secFetchSite: string | null;
  contentLength: string | null;
  authorization: string | null;
  cookie: string | null;
}

export type GuardVerdict =
  | { pass: true }
  /** `page`: answer with the sign-in page instead of JSON. */
  | { pass: false; status: number; code: string; message: string; page?: boolean };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function deny(status: number, code: string, message: string, page = false): GuardVerdict {
  return { pass: false, status, code, message, ...(page ? { page } : {}) };
}

/** A browser's cross-site request carries Origin and/or Sec-Fetch-Site; scripts (curl) send neither. */
export function sameOriginOrNotBrowser(f: Pick<RequestFacts, 'origin' | 'secFetchSite' | 'host' | 'forwardedHost'>): boolean {
  if (f.secFetchSite !== null && f.secFetchSite !== 'same-origin') return false;
  if (f.origin !== null) {
    if (f.origin === 'null') return false;
    let originHost: string;
    try {
      originHost = new URL(f.origin).host;
    } catch {
      return false;
    }
    const own = [f.host, f.forwardedHost?.split(',')[0] ?? null].filter((h): h is string => h !== null).map((h) => h.trim().toLowerCase());
    if (!own.includes(originHost.toLowerCase())) return false;
  }
  return true;
}

function isApiPath(pathname: string): boolean {
  return pathname.startsWith('/api/') || pathname === '/metrics';
}

export function guardRequest(f: RequestFacts, cfg: AccessConfig, currentToken: () => string | null): GuardVerdict {
  // The kubelet probes the pod IP with no credentials; health says nothing about the cluster.
  if (f.pathname === HEALTH_PATH && SAFE_METHODS.has(f.method)) return { pass: true };
  if (!hostAllowed(f.host, cfg.allowedHosts)) return deny(421, 'host-not-allowed', 'this server does not answer to that host name; see EDGELENS_ALLOWED_HOSTS');
  if (!SAFE_METHODS.has(f.method)) {
    if (!sameOriginOrNotBrowser(f)) return deny(403, 'cross-origin', 'cross-origin requests are refused');
    if (f.contentLength !== null) {
      const n = Number(f.contentLength);
      if (!Number.isFinite(n) || n < 0) return deny(400, 'bad-request', 'invalid Content-Length');
      if (n > MAX_BODY_BYTES) return deny(413, 'body-too-large', `request bodies are limited to ${MAX_BODY_BYTES} bytes`);
    }
  }
  if (cfg.auth === 'none') return { pass: true };
  // Agents present their own token, not the user's; the route refuses anything else (401 unknown-agent).
  if (AGENT_PATHS.has(f.pathname)) return { pass: true };
  if (cfg.auth === 'open') {
    // No token: only a loopback bind may serve (serve refuses otherwise); fail closed if not.
    return cfg.bindIsLoopback ? { pass: true } : deny(401, 'unauthorized', 'authentication required', !isApiPath(f.pathname));
  }
  if (f.pathname.startsWith('/_next/static/')) return { pass: true }; // build assets, no data
  if (f.pathname === SIGNIN_PATH) return { pass: true };
  if (f.pathname === '/metrics' && !cfg.metricsNeedToken) return { pass: true };
  let token: string | null;
  try {
    token = currentToken();
  } catch {
    // An unreadable token file locks everyone out rather than letting everyone in.
    token = null;
  }
  if (token !== null && presentedCredentialValid(f, token)) return { pass: true };
  return deny(401, 'unauthorized', 'authentication required', !isApiPath(f.pathname));
}
