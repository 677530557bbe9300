// A server process in miniature for server/lab-targets.test.ts: starts the lab targets, prints
// what it started, then exits without calling stop() — the exit hook must clean up by itself.
import { startLabTargets } from '../lab-targets';

const lab = startLabTargets({ onReady: () => undefined, log: (m) => process.stderr.write(`${m}\n`) });
await lab.ready;
process.stdout.write(`${JSON.stringify(lab.owned())}\n`);
process.exit(0);
