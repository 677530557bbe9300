// Benchmark: analyzeCluster on a generated 500-node / 5,000-Service / 20,000-EndpointSlice
// snapshot, against a reference measured in the same process: JSON.parse of the same
// snapshot as `kubectl get -o json` text (the unavoidable cost of reading it at all).
import { analyzeCluster } from '../../lib/analyzers/analyze-cluster';
import { generateLargeSnapshot, toListJson } from '../../lib/analyzers/bench/generate-snapshot';

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
    },
  };
}

// `npx tsx scripts/bench/cluster.bench.ts` runs it alone.
if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const { figures } = await benchCluster();
  for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(34)} ${typeof v === 'number' ? Number(v.toFixed(3)) : v}`);
}
