import { describe, it, expect, afterEach } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { edgelensHome, scenarioDir } from './paths';

const repoRoot = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');

describe('edgelensHome', () => {
  const saved = process.env.EDGELENS_HOME;
  afterEach(() => {
    if (saved === undefined) delete process.env.EDGELENS_HOME;
    else process.env.EDGELENS_HOME = saved;
  });

  it('uses EDGELENS_HOME when set', () => {
    process.env.EDGELENS_HOME = '/opt/edgelens';
    expect(edgelensHome()).toBe('/opt/edgelens');
    expect(scenarioDir()).toBe('/opt/edgelens/lab/scenarios');
  });

  it('otherwise finds the package root that holds lab/scenarios', () => {
    delete process.env.EDGELENS_HOME;
    expect(existsSync(join(repoRoot, 'lab', 'scenarios'))).toBe(true);
    expect(edgelensHome()).toBe(repoRoot);
    expect(scenarioDir()).toBe(join(repoRoot, 'lab', 'scenarios'));
  });
});
