// The auth token: where it comes from (env or a mounted file, re-read so a rotated
// Secret is picked up), how a presented value is compared (constant time over hashes, so
// neither content nor length leaks through timing), and the browser session derived from it.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AccessConfig } from '../config';

export const SESSION_COOKIE = 'edgelens_session';
/** A session lasts a week; rotating the token ends every session at once. */
export const SESSION_MAX_AGE_S = 7 * 24 * 3600;
const FILE_RECHECK_MS = 5_000;

export class TokenUnavailableError extends Error {
  override readonly name = 'TokenUnavailableError';
}

/** Returns the current token (null when auth is not `token`); a file is re-read at most every 5 s. */
export function tokenReader(cfg: AccessConfig, readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'), now: () => number = Date.now): () => string | null {
  const source = cfg.token;
  if (source === null) return () => null;
  if ('value' in source) return () => source.value;
  let cached: { value: string; at: number } | null = null;
  return () => {
    if (cached && now() - cached.at < FILE_RECHECK_MS) return cached.value;
    let text: string;
    try {
      text = readFile(source.file);
    } catch (err) {
      const code = err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : 'error';
      // The message names the variable and the file, never the content.
      throw new TokenUnavailableError(`EDGELENS_AUTH_TOKEN_FILE: cannot read ${source.file} (${code})`, { cause: err });
    }
    const value = text.trim();
    if (value.length < 16) throw new TokenUnavailableError(`EDGELENS_AUTH_TOKEN_FILE: ${source.file} holds fewer than 16 characters`);
    cached = { value, at: now() };
    return value;
  };
}

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** Constant-time equality of two secrets (hashed first, so different lengths take the same time). */
export function sameSecret(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

/** The cookie value: an HMAC of the token, so the cookie is not the token itself. */
export function sessionValue(token: string): string {
  return createHmac('sha256', token).update('edgelens-session-v1').digest('base64url');
}

export function sessionCookie(token: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${sessionValue(token)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_MAX_AGE_S}${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
}

/** The session cookie's value from a Cookie header, or null. */
export function sessionFromCookieHeader(header: string | null): string | null {
  if (header === null) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim();
  }
  return null;
}

/** Bearer header or session cookie matches the token. */
export function presentedCredentialValid(req: { authorization: string | null; cookie: string | null }, token: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.authorization ?? '');
  if (m?.[1] !== undefined && sameSecret(m[1], token)) return true;
  const session = sessionFromCookieHeader(req.cookie);
  return session !== null && sameSecret(session, sessionValue(token));
}
