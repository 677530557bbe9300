// The README links only to files that exist in the repository (external links aside).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..');

describe('README links', () => {
  it('every relative link and image points to a file in the repository', () => {
    const text = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? '').filter((t) => !/^(https?:|mailto:|#)/.test(t));
    expect(targets.length).toBeGreaterThan(0);
    const missing = targets.filter((t) => !existsSync(join(ROOT, t.split('#')[0] ?? '')));
    expect(missing).toEqual([]);
  });
});
