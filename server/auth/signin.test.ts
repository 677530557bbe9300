// POST /api/v1/auth/signin as a script and as the sign-in form would send it.
import { describe, expect, it } from 'vitest';
import { handleSignin } from './signin';
import { signinLimiter } from './signin-limit';

const TOKEN = 'a-token-of-at-least-16-characters';
const env = { EDGELENS_AUTH_TOKEN: TOKEN };

function json(token: string): Request {
  return new Request('http://127.0.0.1:3000/api/v1/auth/signin', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
}

function form(token: string): Request {
  return new Request('http://127.0.0.1:3000/api/v1/auth/signin', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token, next: '/edge' }).toString() });
}

describe('sign-in', () => {
  it('sets the session cookie for the right token and refuses a wrong one with a bare 401', async () => {
    const lim = signinLimiter(10, 60_000, () => 0);
    const ok = await handleSignin(json(TOKEN), env, lim);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('set-cookie')).toMatch(/HttpOnly/);
    const bad = await handleSignin(json('not-the-token-at-all'), env, lim);
    expect(bad.status).toBe(401);
    expect(await bad.text()).not.toContain(TOKEN);
  });

  it('after too many refusals every attempt waits, the right token too, and says for how long', async () => {
    let t = 0;
    const lim = signinLimiter(3, 60_000, () => t);
    for (let i = 0; i < 3; i++) expect((await handleSignin(json(`wrong-guess-number-${i}`), env, lim)).status).toBe(401);
    t = 10_000;
    const script = await handleSignin(json(TOKEN), env, lim);
    expect(script.status).toBe(429);
    expect(script.headers.get('retry-after')).toBe('50');
    expect(script.headers.get('set-cookie')).toBeNull();
    const browser = await handleSignin(form(TOKEN), env, lim);
    expect(browser.status).toBe(429);
    expect(await browser.text()).toContain('Too many refused sign-ins: try again in 50 s.');
    // Once the window has passed, the right token signs in again.
    t = 60_001;
    const again = await handleSignin(form(TOKEN), env, lim);
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe('/edge');
  });
});
