import { describe, expect, it } from 'vitest';
import { accessProblem } from './startup';

describe('accessProblem (serve refuses to start)', () => {
  it('refuses a non-loopback bind without a token, in one line naming the way out', () => {
    const p = accessProblem({ EDGELENS_HOST: '0.0.0.0' });
    expect(p).toMatch(/^refusing to serve on 0\.0\.0\.0 without auth: set EDGELENS_AUTH_TOKEN/);
    expect(p).not.toContain('\n');
    expect(accessProblem({ EDGELENS_HOST: '::' })).not.toBeNull();
    expect(accessProblem({ EDGELENS_HOST: '192.168.1.5' })).not.toBeNull();
  });
  it('accepts loopback without a token, any bind with a token or behind an auth proxy', () => {
    expect(accessProblem({})).toBeNull();
    expect(accessProblem({ EDGELENS_HOST: '127.0.0.1' })).toBeNull();
    expect(accessProblem({ EDGELENS_HOST: '::1' })).toBeNull();
    expect(accessProblem({ EDGELENS_HOST: '0.0.0.0', EDGELENS_AUTH_TOKEN: 'a-long-enough-token-123' })).toBeNull();
    expect(accessProblem({ EDGELENS_HOST: '0.0.0.0', EDGELENS_AUTH: 'none' })).toBeNull();
  });
  it('refuses a token file it cannot read, and a too-short token, without printing the value', () => {
    expect(accessProblem({ EDGELENS_HOST: '0.0.0.0', EDGELENS_AUTH_TOKEN_FILE: '/nonexistent/edgelens-token' })).toMatch(/cannot read \/nonexistent\/edgelens-token \(ENOENT\)/);
    const p = accessProblem({ EDGELENS_AUTH_TOKEN: 'shortsecret' });
    expect(p).toMatch(/at least 16/);
    expect(p).not.toContain('shortsecret');
    expect(accessProblem({ EDGELENS_AUTH: 'token' })).toMatch(/needs EDGELENS_AUTH_TOKEN/);
  });
});
