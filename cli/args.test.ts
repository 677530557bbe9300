import { describe, expect, it } from 'vitest';
import { main } from './main';
import type { Io } from './io';

function io(): Io & { errText: () => string } {
  const err: string[] = [];
  return { out: () => undefined, err: (t) => void err.push(t), stdin: process.stdin, env: { NODE_ENV: 'test' }, cwd: process.cwd(), errText: () => err.join('\n') };
}

describe('a wrong flag', () => {
  it("gets edgelens' own one-line message with a --help hint (exit 2)", async () => {
    const x = io();
    expect(await main(['logs', '--nope'], x)).toBe(2);
    expect(x.errText()).toBe('edgelens logs: unknown option --nope (see: edgelens logs --help)');
  });
  it('a missing value says so', async () => {
    const x = io();
    expect(await main(['probe', 'tcp', '127.0.0.1:1', '--samples'], x)).toBe(2);
    expect(x.errText()).toBe('edgelens probe: option --samples needs a value (see: edgelens probe --help)');
  });
});

describe('haproxy --bind', () => {
  it("accepts HAProxy's `:443` (every IPv4 address)", async () => {
    const out: string[] = [];
    const x = { ...io(), out: (t: string) => void out.push(t) };
    const code = await main(['haproxy', '--backend', '192.0.2.10:443', '--bind', ':443', '--bind', '*:80'], x);
    expect(code, x.errText()).toBe(0);
    expect(out.join('\n')).toMatch(/bind 0\.0\.0\.0:443/);
    expect(out.join('\n')).toMatch(/bind 0\.0\.0\.0:80/);
  });
});
