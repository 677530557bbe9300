// `npm run bench`: every benchmark, each printing its figures and ratios against a
// reference measured in the same run. `npm run bench -- cluster logs` runs a subset.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

interface BenchResult {
  name: string;
  figures: Record<string, number | string>;
}
type Bench = () => Promise<BenchResult>;

const here = fileURLToPath(new URL('.', import.meta.url));
/** `optIn`: only when named (`npm run bench -- soak`): the soak runs for minutes. */
const BENCHES: Array<{ id: string; file: string; fn: string; optIn?: boolean }> = [
  { id: 'cluster', file: 'cluster.bench.ts', fn: 'benchCluster' },
  { id: 'logs', file: 'logs.bench.ts', fn: 'benchLogs' },
  { id: 'probes', file: 'probes.bench.ts', fn: 'benchProbes' },
  { id: 'serve', file: 'serve.bench.ts', fn: 'benchServe' },
  { id: 'soak', file: 'serve.bench.ts', fn: 'benchSoak', optIn: true },
];

const wanted = process.argv.slice(2);
let failed = false;
for (const b of BENCHES) {
  if (wanted.length > 0 ? !wanted.includes(b.id) : b.optIn) continue;
  const path = join(here, b.file);
  if (!existsSync(path)) {
    console.log(`\n## ${b.id}: not present (${b.file})`);
    continue;
  }
  const mod = (await import(pathToFileURL(path).href)) as Record<string, Bench | undefined>;
  const run = mod[b.fn];
  if (!run) throw new Error(`${b.file} does not export ${b.fn}`);
  console.log(`\n## ${b.id}`);
  try {
    const result = await run();
    const width = Math.max(...Object.keys(result.figures).map((k) => k.length));
    for (const [k, v] of Object.entries(result.figures)) console.log(`  ${k.padEnd(width)}  ${typeof v === 'number' ? Number(v.toFixed(3)) : v}`);
  } catch (err) {
    failed = true;
    console.log(`  FAILED: ${err instanceof Error ? err.message : String(err)}`);
  }
}
process.exitCode = failed ? 1 : 0;
