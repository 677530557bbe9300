#!/usr/bin/env node
// The `edgelens` command. Builds the CLI bundle on first use (no `next build` needed),
// then runs it. EDGELENS_HOME tells every part of edgelens where its package lives.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureCliBuilt } from '../scripts/cli-bundle.mjs';

const home = fileURLToPath(new URL('..', import.meta.url));
process.env.EDGELENS_HOME ??= home;
process.env.NEXT_TELEMETRY_DISABLED ??= '1';

let entry;
try {
  entry = await ensureCliBuilt(home);
} catch (err) {
  console.error(`edgelens: could not build the CLI: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
}
const { main } = await import(pathToFileURL(entry).href);
const code = await main(process.argv.slice(2));
// Commands that keep servers running (serve, lab) return null and exit on a signal.
if (typeof code === 'number') process.exitCode = code;
