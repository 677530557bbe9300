// Copies the production dependencies the CLI bundle and the probe runners load
// (dist/*.mjs bundle no packages) into the image tree's node_modules, resolved from
// package-lock.json: no dev dependencies, no other platform's optional packages, and not
// the packages Next's standalone output already traced for the server.
// Usage: node scripts/copy-prod-deps.mjs OUT_NODE_MODULES
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = process.argv[2];
if (!out) {
  console.error('usage: copy-prod-deps.mjs OUT_NODE_MODULES');
  process.exit(2);
}

// Browser-side or build-time packages: the standalone server has what it needs of them.
const SKIP = new Set(['next', 'react', 'react-dom', 'recharts', '@tanstack/react-query', 'esbuild', 'prebuild-install']);

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')).packages;

/** node's resolution over lockfile paths: the nearest node_modules/<name> up from `from`. */
function resolve(name, from) {
  let base = from;
  for (;;) {
    const candidate = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (lock[candidate]) return candidate;
    if (base === '') return null;
    const idx = base.lastIndexOf('/node_modules/');
    base = idx < 0 ? '' : base.slice(0, idx);
  }
}

const seen = new Set();
const queue = Object.keys(pkg.dependencies ?? {})
  .filter((n) => !SKIP.has(n))
  .map((n) => resolve(n, ''))
  .filter(Boolean);
while (queue.length > 0) {
  const path = queue.shift();
  if (seen.has(path)) continue;
  const entry = lock[path];
  // Links stand in for unpublished other-platform packages; dev entries never ship.
  if (!entry || entry.link || entry.dev || !existsSync(join(root, path))) continue;
  seen.add(path);
  const deps = { ...(entry.dependencies ?? {}), ...(entry.optionalDependencies ?? {}) };
  for (const name of Object.keys(deps)) {
    if (SKIP.has(name)) continue;
    const dep = resolve(name, path);
    if (dep) queue.push(dep);
  }
}

// Top-level packages only: a nested one travels inside its parent's folder.
const top = [...seen].filter((p) => p.split('/node_modules/').length === 1).sort();
for (const path of top) {
  const rel = path.slice('node_modules/'.length);
  // A package Next traced partly is replaced whole, so the CLI finds every file it needs.
  cpSync(join(root, path), join(out, rel), { recursive: true, dereference: false, force: true });
}
console.log(`copied ${top.length} production packages`);
