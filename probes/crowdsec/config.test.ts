import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCrowdsecConfig } from './config';

const KEY = 'b0a1c2d3e4f5a6b7c8d9e0f1a2b3c4d5';
const URL_ = 'http://crowdsec-service.crowdsec:8080';

describe('readCrowdsecConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgelens-cs-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const secretFile = (name: string, text: string): string => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it('is "not configured" (not an error) when nothing is set', () => {
    expect(readCrowdsecConfig({})).toEqual({ ok: true, config: null });
    expect(readCrowdsecConfig({ EDGELENS_CROWDSEC_URL: '  ' })).toEqual({ ok: true, config: null });
  });

  it('reads the URL and a key from the environment', () => {
    expect(readCrowdsecConfig({ EDGELENS_CROWDSEC_URL: URL_, EDGELENS_CROWDSEC_KEY: ` ${KEY} ` })).toEqual({ ok: true, config: { url: URL_, apiKey: KEY } });
  });

  it('reads the key from a mounted secret file and trims its trailing newline', () => {
    const file = secretFile('key', `${KEY}\n`);
    expect(readCrowdsecConfig({ EDGELENS_CROWDSEC_URL: URL_, EDGELENS_CROWDSEC_KEY_FILE: file })).toEqual({ ok: true, config: { url: URL_, apiKey: KEY } });
  });

  it('reads an optional machine, with the password from a file', () => {
    const file = secretFile('pw', 'hunter2-long-password\n');
    const r = readCrowdsecConfig({ EDGELENS_CROWDSEC_URL: URL_, EDGELENS_CROWDSEC_KEY: KEY, EDGELENS_CROWDSEC_MACHINE_ID: 'edgelens', EDGELENS_CROWDSEC_MACHINE_PASSWORD_FILE: file });
    expect(r).toEqual({ ok: true, config: { url: URL_, apiKey: KEY, machine: { id: 'edgelens', password: 'hunter2-long-password' } } });
  });

  it('keeps a URL without a key: the LAPI health can still be checked', () => {
    expect(readCrowdsecConfig({ EDGELENS_CROWDSEC_URL: URL_ })).toEqual({ ok: true, config: { url: URL_ } });
  });

  it('uses the readFile passed in (no file system needed)', () => {
    const r = readCrowdsecConfig({ EDGELENS_CROWDSEC_URL: URL_, EDGELENS_CROWDSEC_KEY_FILE: '/run/secrets/key' }, (p) => (p === '/run/secrets/key' ? `${KEY}\r\n` : ''));
    expect(r).toEqual({ ok: true, config: { url: URL_, apiKey: KEY } });
  });

  it.each([
    [{ EDGELENS_CROWDSEC_URL: URL_, EDGELENS_CROWDSEC_KEY: KEY, EDGELENS_CROWDSEC_KEY_FILE: '/x' }, /either EDGELENS_CROWDSEC_KEY or EDGELENS_CROWDSEC_KEY_FILE/],
    [{ EDGELENS_CROWDSEC_URL: URL_, EDGELENS_CROWDSEC_KEY_FILE: '/nonexistent/edgelens/key' }, /cannot read \/nonexistent\/edgelens\/key \(ENOENT\)/],
    [{ EDGELENS_CROWDSEC_KEY: KEY }, /EDGELENS_CROWDSEC_URL is not/],
    [{ EDGELENS_CROWDSEC_URL: 'ftp://lapi:8080' }, /http or https/],
    [{ EDGELENS_CROWDSEC_URL: `http://bouncer:${KEY}@lapi:8080` }, /must not contain credentials/],
    [{ EDGELENS_CROWDSEC_URL: `http://lapi:8080/?key=${KEY}` }, /query or fragment/],
    [{ EDGELENS_CROWDSEC_URL: 'crowdsec-service:8080' }, /needs a scheme, e\.g\. http:\/\//],
    [{ EDGELENS_CROWDSEC_URL: 'http://[not-an-ip' }, /not a valid absolute URL/],
    [{ EDGELENS_CROWDSEC_URL: URL_, EDGELENS_CROWDSEC_MACHINE_ID: 'edgelens' }, /set both or neither/],
  ])('refuses %j with one clear line', (env, message) => {
    const r = readCrowdsecConfig(env);
    expect(r).toEqual({ ok: false, error: expect.stringMatching(message) });
    expect(JSON.stringify(r)).not.toContain(KEY);
  });

  it('refuses an empty secret file', () => {
    const file = secretFile('empty', '\n');
    const r = readCrowdsecConfig({ EDGELENS_CROWDSEC_URL: URL_, EDGELENS_CROWDSEC_KEY_FILE: file });
    expect(r).toEqual({ ok: false, error: `EDGELENS_CROWDSEC_KEY_FILE: ${file} is empty` });
  });
});
