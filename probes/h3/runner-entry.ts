// Entry file of the isolated HTTP/3 runner process (see runner.ts). Bundled by the lead to
// dist/h3-runner.mjs; run from source with `node --import tsx probes/h3/runner-entry.ts`.
import { runRunner } from './runner';

await runRunner();
