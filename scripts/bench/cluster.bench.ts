// Benchmark: analyzeCluster on a generated 500-node / 5,000-Service / 20,000-EndpointSlice
// snapshot, against a reference measured in the same process: JSON.parse of the same
// snapshot as `kubectl get -o json` text (the unavoidable cost of reading it at all).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeCluster } from '../../lib/analyzers/analyze-cluster';
import { generateLargeSnapshot, toListJson, toListYaml } from './generate-snapshot';

const RUNS = 9;
const WARMUP = 2;
const BUDGET_MS = 300;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** Times `a` and `b` alternately, so both see the same machine load and garbage-collector debt. */
function timeInterleaved(a: () => unknown, b: () => unknown): [number[], number[]] {
  for (let i = 0; i < WARMUP; i++) {
    a();
    b();
  }
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    let t = performance.now();
    a();
    ta.push(performance.now() - t);
    t = performance.now();
    b();
    tb.push(performance.now() - t);
  }
  return [ta, tb];
}

export async function benchCluster(): Promise<{ name: string; figures: Record<string, number | string> }> {
  const snapshot = generateLargeSnapshot({ nodes: 500, services: 5000, slicesPerService: 4, seed: 20251120 });
  const text = toListJson(snapshot);
  const count = (kind: string): number => snapshot.objects.filter((o) => o.kind === kind).length;
  const now = new Date();

  let findings = 0;
  let loadBalancers = 0;
  const [parse, analyze] = timeInterleaved(
    () => JSON.parse(text),
    () => {
      const report = analyzeCluster(snapshot, { now });
      findings = report.findings.length;
      loadBalancers = report.loadBalancers.length;
    },
  );

  // The whole `edgelens cluster --snapshot FILE --json` command on the same snapshot as kubectl
  // would print it (-o yaml and -o json); the reference is a bare `node` reading + JSON.parse.
  const dir = mkdtempSync(join(tmpdir(), 'edgelens-bench-cluster-'));
  const bin = fileURLToPath(new URL('../../bin/edgelens.mjs', import.meta.url));
  const wall = (args: string[]): number => {
    const t = performance.now();
    try {
      execFileSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'], maxBuffer: 1 << 30 });
    } catch (err) {
      // Exit 1 means "errors found", a normal outcome for this snapshot.
      if ((err as { status?: number }).status !== 1) throw err;
    }
    return performance.now() - t;
  };
  let cliYamlMs = 0;
  let cliJsonMs = 0;
  let nodeParseMs = 0;
  try {
    const yamlFile = join(dir, 'cluster.yaml');
    const jsonFile = join(dir, 'cluster.json');
    writeFileSync(yamlFile, toListYaml(snapshot));
    writeFileSync(jsonFile, text);
    wall([bin, '--version']); // builds the CLI bundle if needed, outside the timing
    cliYamlMs = median([0, 1, 2].map(() => wall([bin, 'cluster', '--snapshot', yamlFile, '--json'])));
    cliJsonMs = median([0, 1, 2].map(() => wall([bin, 'cluster', '--snapshot', jsonFile, '--json'])));
    nodeParseMs = median([0, 1, 2].map(() => wall(['-e', `JSON.parse(require('fs').readFileSync(${JSON.stringify(jsonFile)}, 'utf8'))`])));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const analyzeMs = median(analyze);
  const parseMs = median(parse);
  return {
    name: 'cluster',
    figures: {
      nodes: count('Node'),
      services: count('Service'),
      endpointSlices: count('EndpointSlice'),
      objects: snapshot.objects.length,
      snapshotJsonMB: Number((text.length / 1e6).toFixed(1)),
      loadBalancers,
      findings,
      'analyzeCluster median ms': analyzeMs,
      'analyzeCluster min ms': Math.min(...analyze),
      'JSON.parse (reference) median ms': parseMs,
      'JSON.parse (reference) min ms': Math.min(...parse),
      'ratio analyze / JSON.parse': analyzeMs / parseMs,
      'budget ms': BUDGET_MS,
      verdict: analyzeMs < BUDGET_MS ? 'within budget' : 'OVER BUDGET',
      'CLI cluster --snapshot (-o yaml) wall ms': cliYamlMs,
      'CLI cluster --snapshot (-o json) wall ms': cliJsonMs,
      'node read+JSON.parse (reference) wall ms': nodeParseMs,
      'ratio CLI json / reference': cliJsonMs / nodeParseMs,
      'CLI budget ms': 5000,
      'CLI verdict': Math.max(cliYamlMs, cliJsonMs) < 5000 ? 'within budget' : 'OVER BUDGET',
    },
  };
}

// `npx tsx scripts/bench/cluster.bench.ts` runs it alone.
if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const { figures } = await benchCluster();
  for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(34)} ${typeof v === 'number' ? Number(v.toFixed(3)) : v}`);
}
