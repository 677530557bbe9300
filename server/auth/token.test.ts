import { describe, expect, it } from 'vitest';
import { loadAccessConfig } from '../config';
import { sameSecret, sessionCookie, sessionFromCookieHeader, tokenReader, TokenUnavailableError } from './token';

describe('token', () => {
  it('compares secrets exactly, whatever their lengths', () => {
    expect(sameSecret('abcdefabcdefabcdef', 'abcdefabcdefabcdef')).toBe(true);
    expect(sameSecret('abcdefabcdefabcdeF', 'abcdefabcdefabcdef')).toBe(false);
    expect(sameSecret('short', 'abcdefabcdefabcdef')).toBe(false);
  });
  it('re-reads a rotated token file, and names the file (not its content) when it cannot', () => {
    const files: Record<string, string> = { '/run/token': 'first-token-0123456789\n' };
    let t = 0;
    const read = tokenReader(loadAccessConfig({ EDGELENS_AUTH_TOKEN_FILE: '/run/token' }), (p) => {
      const v = files[p];
      if (v === undefined) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
      return v;
    }, () => t);
    expect(read()).toBe('first-token-0123456789');
    files['/run/token'] = 'second-token-0123456789';
    t = 1000;
    expect(read()).toBe('first-token-0123456789');
    t = 6000;
    expect(read()).toBe('second-token-0123456789');
    delete files['/run/token'];
    t = 12000;
    expect(() => read()).toThrow(TokenUnavailableError);
    expect(() => read()).toThrow('EDGELENS_AUTH_TOKEN_FILE: cannot read /run/token (ENOENT)');
  });
  it('sets an HttpOnly SameSite=Strict cookie that is not the token itself', () => {
    const c = sessionCookie('my-token-0123456789abc', true);
    expect(c).toMatch(/HttpOnly/);
    expect(c).toMatch(/SameSite=Strict/);
    expect(c).toMatch(/Secure/);
    expect(c).not.toContain('my-token-0123456789abc');
    expect(sessionFromCookieHeader(`x=1; ${c.split(';')[0] ?? ''}`)).toBe(c.split(';')[0]?.split('=')[1]);
  });
});
