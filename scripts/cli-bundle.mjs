// Builds the CLI (and the files it starts in workers / child processes) from the
// TypeScript sources with esbuild, so `npx edgelens` never needs `next build`.
// Rebuilds only when a source file is newer than the bundle.
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Bundles produced in dist/: name → entry source. Entries whose source does not exist yet are skipped. */
export const ENTRIES = {
  'cli.mjs': 'cli/main.ts',
  'logs-worker.mjs': 'probes/logfile/worker-entry.ts',
  'h3-runner.mjs': 'probes/h3/runner-entry.ts',
  'h3-lab-server.mjs': 'server/lab-h3-server-entry.ts',
};
const SOURCE_DIRS = ['cli', 'lib', 'server', 'probes', 'lab'];

function newestSourceMtime(home) {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const d of SOURCE_DIRS) if (existsSync(join(home, d))) walk(join(home, d));
  const pkg = join(home, 'package.json');
  return Math.max(newest, statSync(pkg).mtimeMs);
}

function bundleIsFresh(home) {
  const out = join(home, 'dist', 'cli.mjs');
  if (!existsSync(out)) return false;
  // A package installed without its sources (only dist/) is always "fresh".
  if (!existsSync(join(home, 'cli', 'main.ts'))) return true;
  return statSync(out).mtimeMs >= newestSourceMtime(home);
}

/** Returns the path of dist/cli.mjs, building every entry first when stale. */
export async function ensureCliBuilt(home, { force = false } = {}) {
  const dist = join(home, 'dist');
  const out = join(dist, 'cli.mjs');
  if (!force && bundleIsFresh(home)) return out;
  // Loaded only to build: the image tree ships the bundle without esbuild.
  const { build } = await import('esbuild');
  const entryPoints = Object.fromEntries(
    Object.entries(ENTRIES)
      .filter(([, src]) => existsSync(join(home, src)))
      .map(([name, src]) => [name.replace(/\.mjs$/, ''), join(home, src)]),
  );
  // Build into a fresh folder and swap it in: two CLIs starting at once never see half a build.
  const tmp = `${dist}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  await build({
    entryPoints,
    outdir: tmp,
    outExtension: { '.js': '.mjs' },
    // Code splitting: each command is a chunk loaded on demand, so `edgelens logs`
    // never evaluates @kubernetes/client-node (start-up time is part of its benchmark).
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'error',
    tsconfig: join(home, 'tsconfig.json'),
  });
  const old = `${dist}.${process.pid}.old`;
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(tmp, dist);
  rmSync(old, { recursive: true, force: true });
  return out;
}
