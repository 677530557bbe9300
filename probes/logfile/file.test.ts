import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeLogFile, type SplitInfo } from './file';
import { analyzeLogStream, analyzeLogText } from '../../lib/logs/stream';
import { createReadStream } from 'node:fs';

const ctx = { nodeIPs: ['10.0.20.101', '10.0.20.102', '10.0.20.103', '10.0.20.104', '10.0.20.105'], podCIDRs: ['10.42.0.0/24'], lbIPs: [] };
const fixture = (name: string): Buffer => readFileSync(new URL(`../../lib/logs/__fixtures__/${name}`, import.meta.url));

let dir = '';
let workerUrl: URL;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'edgelens-logs-'));
  // Worker threads run the bundled entry, exactly as the CLI ships it.
  const outfile = join(dir, 'logs-worker.mjs');
  await build({
    entryPoints: [new URL('./worker-entry.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'silent',
  });
  workerUrl = pathToFileURL(outfile);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A few thousand lines mixing every fixture's entries and broken lines, without a final newline. */
function bigLog(): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < 150; i++) parts.push(fixture('traefik-v3.json.log'), fixture('traefik-v2.json.log'), fixture('broken.json.log'), Buffer.from('\n'));
  return Buffer.concat(parts);
}

describe('analyzeLogFile', () => {
  it('gives identical reports in worker threads and in the calling thread', async () => {
    const path = join(dir, 'big.log');
    const data = bigLog();
    writeFileSync(path, data);
    const inThread = await analyzeLogFile(path, ctx);
    expect(inThread).toEqual(analyzeLogText(data, ctx));
    expect(inThread.parsed).toBeGreaterThan(2000);
    for (const threads of [2, 3, 5]) {
      let split: SplitInfo | undefined;
      const viaWorkers = await analyzeLogFile(path, ctx, { workerUrl, threads, minBytesPerThread: 1, onSplit: (s) => (split = s) });
      expect(split).toEqual({ ranges: threads, workers: threads - 1, workerErrors: [] });
      expect(viaWorkers).toEqual(inThread);
    }
    // A server keeps its event loop free: every range in a worker.
    let split: SplitInfo | undefined;
    const allWorkers = await analyzeLogFile(path, ctx, { workerUrl, threads: 2, minBytesPerThread: 1, parseInCaller: false, onSplit: (s) => (split = s) });
    expect(split).toEqual({ ranges: 2, workers: 2, workerErrors: [] });
    expect(allWorkers).toEqual(inThread);
  });

  it('falls back to the calling thread when the worker cannot load, with the same report', async () => {
    const path = join(dir, 'v3.log');
    writeFileSync(path, Buffer.concat(Array.from({ length: 50 }, () => fixture('traefik-v3.json.log'))));
    let split: SplitInfo | undefined;
    const r = await analyzeLogFile(path, ctx, {
      workerUrl: pathToFileURL(join(dir, 'missing-worker.mjs')),
      threads: 2,
      minBytesPerThread: 1,
      onSplit: (s) => (split = s),
    });
    expect(split?.ranges).toBe(2);
    expect(split?.workers).toBe(0);
    expect(split?.workerErrors).toHaveLength(1);
    expect(r).toEqual(await analyzeLogFile(path, ctx));
  });

  it('detects CLF files and keeps their format across ranges', async () => {
    const path = join(dir, 'common.log');
    writeFileSync(path, Buffer.concat(Array.from({ length: 40 }, () => fixture('traefik-common.log'))));
    const r = await analyzeLogFile(path, ctx, { workerUrl, threads: 2, minBytesPerThread: 1 });
    expect(r).toMatchObject({ format: 'clf', lines: 440, parsed: 280, malformed: 120, blank: 40 });
    expect(r).toEqual(analyzeLogText(readFileSync(path), ctx));
  });

  it('reads an empty file', async () => {
    const path = join(dir, 'empty.log');
    writeFileSync(path, '');
    expect(await analyzeLogFile(path, ctx, { workerUrl })).toMatchObject({ lines: 0, parsed: 0, verdict: 'unknown' });
  });
});

describe('analyzeLogStream', () => {
  it('gives the same report as the whole text', async () => {
    const data = fixture('traefik-v3.json.log');
    const path = join(dir, 'stream.log');
    writeFileSync(path, data);
    expect(await analyzeLogStream(createReadStream(path, { highWaterMark: 64 }), ctx)).toEqual(analyzeLogText(data, ctx));
    async function* strings() {
      yield data.toString('utf8', 0, 500);
      yield data.toString('utf8', 500);
    }
    expect(await analyzeLogStream(strings(), ctx)).toEqual(analyzeLogText(data, ctx));
  });
});
