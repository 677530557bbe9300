// Where the edgelens package lives on disk, so the lab finds its scenario files
// whether it runs from source (tsx/vitest), from a bundled CLI in dist/, or
// from an installed package.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function moduleDir(): string | null {
  try {
    return dirname(fileURLToPath(import.meta.url));
  } catch {
    // Bundlers may rewrite import.meta.url to something that is not a file: URL.
    return null;
  }
}

/** The package root: $EDGELENS_HOME, else the nearest ancestor of this module holding lab/scenarios, else cwd. */
export function edgelensHome(): string {
  const fromEnv = process.env.EDGELENS_HOME;
  if (fromEnv) return resolve(fromEnv);
  let dir = moduleDir();
  while (dir) {
    if (existsSync(join(dir, 'lab', 'scenarios'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return process.cwd();
}

/** The folder holding the lab's scenario files (`<home>/lab/scenarios`). */
export function scenarioDir(): string {
  return join(edgelensHome(), 'lab', 'scenarios');
}
