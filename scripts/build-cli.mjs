// `npm run build:cli` (also run by `npm install` through `prepare`).
import { fileURLToPath } from 'node:url';
import { ensureCliBuilt } from './cli-bundle.mjs';

const home = fileURLToPath(new URL('..', import.meta.url));
try {
  await ensureCliBuilt(home, { force: true });
} catch (err) {
  console.error(`edgelens: could not build the CLI: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
