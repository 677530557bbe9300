import { describe, it, expect } from 'vitest';
import { findBinary, requireBinary, MissingBinaryError } from './binaries';

describe('lab binaries', () => {
  it('finds programs on PATH and names the Debian package when one is missing', () => {
    expect(findBinary('sh', { PATH: '/nonexistent:/bin:/usr/bin' })).toMatch(/\/sh$/);
    expect(findBinary('caddy', { PATH: '/nonexistent' })).toBeNull();
    expect(() => requireBinary('edgelens-no-such-program')).toThrow(MissingBinaryError);
    expect(() => requireBinary('edgelens-no-such-program')).toThrow(/not found on PATH/);
  });
});
