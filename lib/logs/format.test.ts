import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectFormat } from './format';
import { analyzeLogText } from './stream';

const read = (name: string): Buffer => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url));
const ctx = { nodeIPs: [], podCIDRs: [], lbIPs: [] };

describe('detectFormat', () => {
  it('recognises each Traefik format by the majority of sampled lines', () => {
    expect(detectFormat(read('traefik-v3.json.log'), true)).toMatchObject({ format: 'json' });
    expect(detectFormat(read('traefik-v2.json.log'), true)).toMatchObject({ format: 'json' });
    expect(detectFormat(read('traefik-common.log'), true)).toEqual({ format: 'clf', clfVariant: 'common' });
    expect(detectFormat(read('traefik-genericclf.log'), true)).toEqual({ format: 'clf', clfVariant: 'genericCLF' });
  });

  it('falls back on the first character when nothing parses', () => {
    expect(detectFormat(Buffer.from('{"level":"info"}\n'), true).format).toBe('json');
    expect(detectFormat(Buffer.from('2024-05-01T12:00:00Z INF hello\n'), true).format).toBe('clf');
    expect(detectFormat(Buffer.alloc(0), true).format).toBe('json');
  });
});

describe('a forced format', () => {
  it('counts lines of the other format as malformed', () => {
    expect(analyzeLogText(read('traefik-v3.json.log'), ctx, { format: 'clf' })).toMatchObject({ format: 'clf', parsed: 0, malformed: 12 });
    expect(analyzeLogText(read('traefik-common.log'), ctx, { format: 'json' })).toMatchObject({ format: 'json', parsed: 0, malformed: 10 });
  });
});
