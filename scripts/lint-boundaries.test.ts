// `npm run lint` must refuse Node I/O in a pure folder. The fixture tree under
// __fixtures__/lint-violation has the repository's shape (lib/net, lib/logs), so the
// project's own .dependency-cruiser.cjs runs on it unchanged, from a scratch copy.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');
const scratch = mkdtempSync(join(tmpdir(), 'edgelens-lint-'));
cpSync(join(ROOT, 'scripts/__fixtures__/lint-violation'), scratch, { recursive: true });
cpSync(join(ROOT, '.dependency-cruiser.cjs'), join(scratch, '.dependency-cruiser.cjs'));
cpSync(join(ROOT, 'tsconfig.json'), join(scratch, 'tsconfig.json'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function lint(...paths: string[]): Promise<{ code: number; out: string }> {
  const bin = join(ROOT, 'node_modules/.bin/depcruise');
  try {
    const { stdout } = await run(bin, ['--config', '.dependency-cruiser.cjs', ...paths], { cwd: scratch });
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code?: number; stdout?: string };
    return { code: e.code ?? -1, out: e.stdout ?? '' };
  }
}

describe('lint: pure folders import no Node I/O module', () => {
  it('fails on node:fs in lib/net and worker_threads in lib/logs, naming both', async () => {
    const { code, out } = await lint('lib');
    expect(code).not.toBe(0);
    expect(out).toContain('pure-folders-no-node-io: lib/net/reads-a-file.ts → fs');
    expect(out).toContain('pure-folders-no-node-io: lib/logs/starts-a-worker.ts → worker_threads');
    expect(out).not.toContain('lib/net/pure.ts');
  });

  it('accepts node:buffer (computation, not I/O)', async () => {
    const { code, out } = await lint('lib/net/pure.ts');
    expect(out).toContain('no dependency violations found');
    expect(code).toBe(0);
  });
});
