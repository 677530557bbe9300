import { describe, it, expect } from 'vitest';
import { parseRunnerFault, parseRunnerRequest, RunnerRequestError } from './runner-protocol';

describe('runner request', () => {
  it('accepts a full request and rejects malformed ones', () => {
    const ok = { target: { host: '127.0.0.1', port: 8443, sni: 'localhost', path: '/x' }, timeoutMs: 1000, insecure: true, ca: ['PEM'] };
    expect(parseRunnerRequest(JSON.stringify(ok))).toMatchObject(ok);
    for (const bad of [
      'nope',
      '{}',
      JSON.stringify({ ...ok, target: { host: '127.0.0.1', port: 0 } }),
      JSON.stringify({ ...ok, target: { host: '', port: 1 } }),
      JSON.stringify({ ...ok, target: { host: 'a', port: 1, path: 'x' } }),
      JSON.stringify({ ...ok, timeoutMs: 0 }),
      JSON.stringify({ ...ok, ca: [1] }),
    ]) {
      expect(() => parseRunnerRequest(bad), bad).toThrow(RunnerRequestError);
    }
  });

  it('knows the fault hooks and ignores anything else', () => {
    expect(parseRunnerFault('abort')).toBe('abort');
    expect(parseRunnerFault('nonsense')).toBeNull();
    expect(parseRunnerFault(undefined)).toBeNull();
  });
});
