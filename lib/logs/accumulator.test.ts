import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { logReportSchema } from '../model/logs';
import { createLogAccumulator } from './accumulator';
import { analyzeLogText } from './stream';

const read = (name: string): Buffer => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url));
const ctx = {
  nodeIPs: ['10.0.20.101', '10.0.20.102', '10.0.20.103', '10.0.20.104', '10.0.20.105'],
  podCIDRs: ['10.42.0.0/24', '10.42.1.0/24'],
  lbIPs: ['10.0.20.200'],
};

/** Feeds `data` in pieces of the given sizes (cycled), as a stream would deliver it. */
function chunked(data: Buffer, sizes: number[]) {
  const acc = createLogAccumulator(ctx);
  let i = 0;
  for (let p = 0, k = 0; p < data.length; k++) {
    const n = sizes[k % sizes.length] ?? 1;
    acc.addBuffer(data.subarray(p, p + n));
    p += n;
    i++;
  }
  expect(i).toBeGreaterThan(0);
  return acc.finish();
}

describe('line counting', () => {
  it('counts a v3 log with interleaved Traefik lines exactly', () => {
    const r = analyzeLogText(read('traefik-v3.json.log'), ctx);
    expect(r).toMatchObject({ lines: 13, parsed: 9, malformed: 3, blank: 1, format: 'json' });
  });

  it('counts a v2 log, including cut lines, exactly', () => {
    const r = analyzeLogText(read('traefik-v2.json.log'), ctx);
    expect(r).toMatchObject({ lines: 9, parsed: 4, malformed: 5, blank: 0, format: 'json' });
  });

  it('counts a common log with plain-text Traefik lines and a cut line exactly', () => {
    const r = analyzeLogText(read('traefik-common.log'), ctx);
    expect(r).toMatchObject({ lines: 11, parsed: 7, malformed: 3, blank: 1, format: 'clf' });
  });

  it('counts a genericCLF log', () => {
    const r = analyzeLogText(read('traefik-genericclf.log'), ctx);
    expect(r).toMatchObject({ lines: 4, parsed: 3, malformed: 1, format: 'clf' });
  });

  it('skips invalid UTF-8, binary junk, cut and glued JSON; counts CRLF and a last line without newline', () => {
    const r = analyzeLogText(read('broken.json.log'), ctx);
    expect(r).toMatchObject({ lines: 8, parsed: 3, malformed: 4, blank: 1 });
    expect(r.topClients.map((c) => c.ip).sort()).toEqual(['10.0.20.101', '10.0.20.104', '203.0.113.50']);
  });

  it('counts a final line without newline, but not an empty rest after the final newline', () => {
    const entry = read('traefik-v3.json.log').toString('utf8').split('\n')[2] ?? '';
    expect(analyzeLogText(`${entry}\n${entry}`, ctx)).toMatchObject({ lines: 2, parsed: 2 });
    expect(analyzeLogText(`${entry}\n${entry}\n`, ctx)).toMatchObject({ lines: 2, parsed: 2 });
    expect(analyzeLogText(`${entry}\n\n`, ctx)).toMatchObject({ lines: 2, parsed: 1, blank: 1, malformed: 0 });
    expect(analyzeLogText('', ctx)).toMatchObject({ lines: 0, parsed: 0, malformed: 0, verdict: 'unknown' });
  });

  it('treats a 1 MB line as malformed without failing, in one piece or split across chunks', () => {
    const entry = read('traefik-v3.json.log').toString('utf8').split('\n')[2] ?? '';
    const huge = entry.replace('/api/assets/8d1f9a3e/thumbnail', `/api/${'a'.repeat(1024 * 1024)}`);
    const text = Buffer.from(`${entry}\n${huge}\n${entry}\n`);
    const whole = analyzeLogText(text, ctx);
    expect(whole).toMatchObject({ lines: 3, parsed: 2, malformed: 1 });
    expect(chunked(text, [4096, 100_000, 7])).toEqual(whole);
    // The limit is an option: raised above the line length, the same line is an entry.
    expect(analyzeLogText(text, ctx, { maxLineBytes: 2 * 1024 * 1024 })).toMatchObject({ lines: 3, parsed: 3, malformed: 0 });
  });

  it('gives the same report however the input is chunked', () => {
    for (const name of ['traefik-v3.json.log', 'traefik-v2.json.log', 'traefik-common.log', 'broken.json.log']) {
      const data = read(name);
      const whole = analyzeLogText(data, ctx);
      expect(chunked(data, [1]), name).toEqual(whole);
      expect(chunked(data, [3, 17, 250, 1, 4000]), name).toEqual(whole);
    }
  });

  it('merges accumulators into the same report as one pass', () => {
    const data = read('traefik-v3.json.log');
    const cut = data.indexOf(10, data.length >> 1) + 1;
    const a = createLogAccumulator(ctx, { format: 'json' });
    const b = createLogAccumulator(ctx, { format: 'json' });
    a.addBuffer(data.subarray(0, cut));
    b.addBuffer(data.subarray(cut));
    a.merge(b);
    expect(a.finish()).toEqual(analyzeLogText(data, ctx));
  });

  it('add(line) takes one line of text at a time', () => {
    const acc = createLogAccumulator(ctx);
    for (const l of read('traefik-common.log').toString('utf8').split('\n').slice(0, -1)) acc.add(l);
    expect(acc.finish()).toEqual(analyzeLogText(read('traefik-common.log'), ctx));
  });

  it('produces reports that validate against logReportSchema', () => {
    for (const name of ['traefik-v3.json.log', 'traefik-v2.json.log', 'traefik-common.log', 'traefik-genericclf.log', 'broken.json.log']) {
      const r = analyzeLogText(read(name), ctx);
      expect(logReportSchema.safeParse(r).success, name).toBe(true);
    }
  });
});

describe('memory bounds', () => {
  const entry = (host: string, router: string, minute: number): string =>
    `{"ClientAddr":"${host}:1","ClientHost":"${host}","RouterName":"${router}","entryPointName":"websecure","level":"info","msg":"","time":"2024-05-01T${String(10 + Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00Z"}`;

  it('counts routers beyond the row cap under "(other routers)", without a finding for them', () => {
    const lines = Array.from({ length: 30 }, (_, i) => entry('10.0.20.101', `r${i}@kubernetes`, 0));
    const r = analyzeLogText(lines.join('\n'), ctx, { maxRows: 20 });
    expect(r.routers).toHaveLength(21);
    expect(r.routers.find((x) => x.router === '(other routers)')).toMatchObject({ requests: 10, verdict: 'snat' });
    expect(r.findings.filter((f) => f.rule === 'client-ip-snat')).toHaveLength(20);
    expect(r.parsed).toBe(30);
  });

  it('keeps every count exact when the client and minute caps are reached, and says so', () => {
    const lines = Array.from({ length: 40 }, (_, i) => entry(`203.0.113.${i}`, 'a@kubernetes', i));
    const r = analyzeLogText(lines.join('\n'), ctx, { maxClients: 10, maxMinutes: 5 });
    expect(r.classes.documentation).toBe(40);
    expect(r.topClients).toHaveLength(10);
    expect(r.series).toHaveLength(5);
    expect(r.explanation).toMatch(/topClients covers the first ones seen/);
    expect(r.explanation).toMatch(/later minutes are left out/);
  });
});
