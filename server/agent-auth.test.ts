import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error';
import { readLimitedText, requireAgent } from './agent-auth';

const req = (headers: Record<string, string> = {}, body?: string) => new Request('http://x/api/v1/agents/report', { method: 'POST', headers, body });
const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    return err instanceof ApiError ? `${err.status} ${err.code}` : String(err);
  }
  return 'accepted';
};

describe('requireAgent', () => {
  it('refuses every report while no agent token is configured (403 agents-disabled)', () => {
    expect(codeOf(() => requireAgent(req({ authorization: 'Bearer anything' }), {}))).toBe('403 agents-disabled');
  });
  it('accepts only the configured token, from the variable or the file (re-read: rotation works)', () => {
    expect(codeOf(() => requireAgent(req({ authorization: 'Bearer s3cret' }), { token: 's3cret' }))).toBe('accepted');
    expect(codeOf(() => requireAgent(req({ authorization: 'Bearer s3cre' }), { token: 's3cret' }))).toBe('401 unknown-agent');
    expect(codeOf(() => requireAgent(req(), { token: 's3cret' }))).toBe('401 unknown-agent');
    const dir = mkdtempSync(join(tmpdir(), 'edgelens-agent-auth-'));
    try {
      const f = join(dir, 'token');
      writeFileSync(f, 'one\n');
      expect(codeOf(() => requireAgent(req({ authorization: 'Bearer one' }), { tokenFile: f }))).toBe('accepted');
      writeFileSync(f, 'two\n');
      expect(codeOf(() => requireAgent(req({ authorization: 'Bearer one' }), { tokenFile: f }))).toBe('401 unknown-agent');
      expect(codeOf(() => requireAgent(req({ authorization: 'Bearer two' }), { tokenFile: join(dir, 'missing') }))).toBe('503 agents-misconfigured');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('readLimitedText', () => {
  it('stops at the limit even without a Content-Length', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 10; i++) c.enqueue(new Uint8Array(1024));
        c.close();
      },
    });
    const r = new Request('http://x', { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    await expect(readLimitedText(r, 4096)).rejects.toMatchObject({ status: 413, code: 'too-large' });
    expect(await readLimitedText(req({}, 'small'), 4096)).toBe('small');
  });
});
