import { describe, expect, it } from 'vitest';
import { ApiError, echo, readBodyText, readJsonBody } from './api-error';
import { MAX_BODY_BYTES } from './auth/guard';

/** A chunked upload: a stream with no Content-Length. */
function streamed(total: number): Request {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(ctrl) {
      if (sent >= total) return ctrl.close();
      const n = Math.min(64 * 1024, total - sent);
      sent += n;
      ctrl.enqueue(new Uint8Array(n).fill(0x61));
    },
  });
  return new Request('http://127.0.0.1/api/v1/haproxy', { method: 'POST', body, duplex: 'half' } as RequestInit);
}

describe('readBodyText', () => {
  it('stops reading a chunked body past 1 MB: 413, and the rest is never pulled', async () => {
    const err = await readBodyText(streamed(100 * 1024 * 1024)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 413, code: 'body-too-large' });
  });
  it('refuses a declared size over the cap before reading', async () => {
    const req = new Request('http://127.0.0.1/x', { method: 'POST', body: 'x', headers: { 'content-length': String(MAX_BODY_BYTES + 1) } });
    await expect(readBodyText(req)).rejects.toMatchObject({ status: 413 });
  });
  it('reads a body up to the cap', async () => {
    expect((await readBodyText(streamed(MAX_BODY_BYTES))).length).toBe(MAX_BODY_BYTES);
  });
});

describe('echo', () => {
  it('gives back a short escaped prefix, never the whole input', () => {
    const huge = 'a'.repeat(10 * 1024 * 1024);
    expect(echo(huge)).toBe(`"${'a'.repeat(40)}"…`);
    expect(echo('<script>"x"\n')).toBe('"\\u003cscript\\u003e\\"x\\"\\n"');
  });
});

describe('readJsonBody', () => {
  it('is 400 bad-json on garbage, without echoing it', async () => {
    const req = new Request('http://127.0.0.1/x', { method: 'POST', body: '{not json SECRET' });
    const err = await readJsonBody(req, { safeParse: () => ({ success: true as const, data: null }) }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 400, code: 'bad-json' });
    expect((err as Error).message).not.toContain('SECRET');
  });
});
