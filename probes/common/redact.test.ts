import { describe, expect, it } from 'vitest';
import { redactDeep, redactSecrets, REDACTED } from './redact';

const KEY = 'Lapi-Key-9f8e7d6c5b4a';

describe('redactSecrets', () => {
  it('scrubs the secret and its case, base64 and URL-encoded forms', () => {
    const b64 = Buffer.from(KEY).toString('base64');
    const text = `key=${KEY} upper=${KEY.toUpperCase()} lower=${KEY.toLowerCase()} b64=${b64} url=${encodeURIComponent(KEY)} b64url=${Buffer.from(KEY).toString('base64url')}`;
    const out = redactSecrets(text, [KEY]);
    expect(out).not.toMatch(new RegExp(KEY, 'i'));
    expect(out).not.toContain(b64.replace(/=+$/, ''));
    expect(out.split(REDACTED)).toHaveLength(7);
  });
  it('leaves text alone when there is no secret, and never scrubs tiny strings', () => {
    expect(redactSecrets('a b c', [undefined, null, 'ab'])).toBe('a b c');
  });
  it('walks objects and arrays', () => {
    expect(redactDeep({ a: [`x ${KEY}`], b: { c: KEY.toUpperCase() }, n: 1 }, [KEY])).toEqual({ a: [`x ${REDACTED}`], b: { c: REDACTED }, n: 1 });
  });
});
