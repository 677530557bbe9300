// Benchmark: the edge probes against one real Caddy on loopback, each figure next to an
// independent reference measured in the same run:
//  - HTTP/3 handshake: the H3 probe (its runner's own measurement, first Initial → handshake
//    complete) vs ngtcp2's gtlsclient (the timestamp of "QUIC handshake has completed" in its log);
//  - TCP+TLS handshake: the TCP probe (connect + TLS, cumulative) vs curl's %{time_appconnect};
//  - throughput: 200 targets × 5 samples of TCP probes with bounded concurrency, wall time and RSS.
// Target: each ratio within 1.5×, the plan under 15 s.
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import { build } from 'esbuild';
import { startCaddy } from '../../lab/caddy';
import { runGtlsclient } from '../../lab/gtlsclient';
import { requireBinary } from '../../lab/binaries';
import { probeH3, runnerFor, type H3Runner } from '../../probes/h3/probe-h3';
import { probeTcp } from '../../probes/tcp/probe-tcp';
import { runProbePlan, type PlanTarget } from '../../server/probe-plan';

const execFileP = promisify(execFile);
const N = 15;
const WARMUP = 3;
const PLAN_TARGETS = 200;
const PLAN_SAMPLES = 5;
const PLAN_CONCURRENCY = 32;
const PLAN_BUDGET_MS = 15_000;
const RATIO_TARGET = 1.5;

const HOME = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The runner as production runs it: bundled by esbuild with the options of scripts/cli-bundle.mjs
 * (packages external). Written under node_modules/.cache so its bare imports resolve. The tsx
 * runner used by tests transpiles on a loader thread while the handshake runs, which adds noise.
 */
async function bundledRunner(): Promise<H3Runner> {
  const dir = join(HOME, 'node_modules', '.cache', 'edgelens-bench');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, 'h3-runner.mjs');
  await build({
    entryPoints: [join(HOME, 'probes/h3/runner-entry.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
    tsconfig: join(HOME, 'tsconfig.json'),
  });
  return runnerFor(outfile);
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** A full GC, so heap figures compare live data rather than garbage not yet collected. */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  const gc: unknown = vm.runInNewContext('gc');
  if (typeof gc === 'function') gc();
}

export async function benchProbes(): Promise<{ name: string; figures: Record<string, number | string> }> {
  const curl = requireBinary('curl');
  const runner = await bundledRunner();
  const caddy = await startCaddy();
  try {
    const target = { host: caddy.host, port: caddy.port };

    // --- HTTP/3 handshake: probe vs gtlsclient, interleaved so both see the same server state.
    const h3: number[] = [];
    const ngtcp2: number[] = [];
    for (let i = 0; i < WARMUP + N; i++) {
      const [probe, ref] = [await probeH3(target, { timeoutMs: 5_000, insecure: true, runner }), await runGtlsclient({ ...target, timeoutMs: 5_000 })];
      if (!probe.ok || probe.handshakeMs === null) throw new Error(`H3 probe failed: ${probe.error}: ${probe.detail ?? ''}`);
      if (!ref.ok || ref.handshakeMs === null) throw new Error(`gtlsclient failed (exit ${ref.exitCode}): ${ref.raw.slice(-500)}`);
      if (i >= WARMUP) {
        h3.push(probe.handshakeMs);
        ngtcp2.push(ref.handshakeMs);
      }
    }

    // --- TCP+TLS handshake: probe vs curl time_appconnect (connect + TLS, like the probe's handshakeMs).
    const tcp: number[] = [];
    const curlMs: number[] = [];
    for (let i = 0; i < WARMUP + N; i++) {
      const probe = await probeTcp(target, { timeoutMs: 5_000, insecure: true });
      if (!probe.ok || probe.handshakeMs === null) throw new Error(`TCP probe failed: ${probe.error}: ${probe.detail ?? ''}`);
      const { stdout } = await execFileP(curl, ['-k', '-s', '-o', '/dev/null', '-w', '%{time_appconnect}', `https://${caddy.host}:${caddy.port}/`]);
      if (i >= WARMUP) {
        tcp.push(probe.handshakeMs);
        curlMs.push(Number(stdout.trim()) * 1000);
      }
    }

    // --- 200 targets × 5 samples, all on the same Caddy (distinct paths, with and without SNI).
    const targets: PlanTarget[] = Array.from({ length: PLAN_TARGETS }, (_, i) => ({
      kind: 'tcp',
      host: caddy.host,
      port: caddy.port,
      path: `/t/${i}`,
      sni: i % 2 === 0 ? 'localhost' : undefined,
    }));
    const runPlan = async () => {
      const started = performance.now();
      const reports = await runProbePlan(targets, { concurrency: PLAN_CONCURRENCY, samples: PLAN_SAMPLES, intervalMs: 20, timeoutMs: 5_000, insecure: true });
      return { wallMs: performance.now() - started, okSamples: reports.reduce((n, r) => n + r.ok, 0) };
    };
    collectGarbage();
    const rssBefore = process.memoryUsage().rss;
    const heapBefore = process.memoryUsage().heapUsed;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }, 50);
    // Three identical plans: flat memory means the live heap does not grow from run to run.
    const runs: Array<{ wallMs: number; okSamples: number; heapAfter: number; rssAfter: number }> = [];
    for (let i = 0; i < 3; i++) {
      const r = await runPlan();
      collectGarbage();
      runs.push({ ...r, heapAfter: process.memoryUsage().heapUsed, rssAfter: process.memoryUsage().rss });
    }
    clearInterval(sampler);
    const [first, second, third] = runs as [(typeof runs)[number], (typeof runs)[number], (typeof runs)[number]];
    const wallMs = first.wallMs;
    const okSamples = runs.reduce((n, r) => n + r.okSamples, 0);

    const h3Median = median(h3);
    const ngtcp2Median = median(ngtcp2);
    const tcpMedian = median(tcp);
    const curlMedian = median(curlMs);
    const h3Ratio = h3Median / ngtcp2Median;
    const tcpRatio = tcpMedian / curlMedian;
    return {
      name: 'probes',
      figures: {
        [`H3 probe handshake median ms (n=${N}, bundled runner)`]: h3Median,
        'H3 probe handshake min ms': Math.min(...h3),
        'gtlsclient handshake median ms (its log: whole ms, rounded down)': ngtcp2Median,
        'gtlsclient handshake min ms': Math.min(...ngtcp2),
        'ratio H3 probe / gtlsclient (medians)': h3Ratio,
        'ratio H3 probe / (gtlsclient + 0.5 ms, the mid-point of its 1 ms bucket)': h3Median / (ngtcp2Median + 0.5),
        [`TCP+TLS probe handshake median ms (n=${N})`]: tcpMedian,
        'curl time_appconnect median ms': curlMedian,
        'ratio TCP probe / curl (medians)': tcpRatio,
        [`plan: ${PLAN_TARGETS} targets x ${PLAN_SAMPLES} samples (tcp), concurrency ${PLAN_CONCURRENCY}, wall ms`]: wallMs,
        'plan runs 2 and 3 wall ms': `${Math.round(second.wallMs)}, ${Math.round(third.wallMs)}`,
        'plan ok samples (3 runs)': `${okSamples} / ${3 * PLAN_TARGETS * PLAN_SAMPLES}`,
        'plan RSS before / peak MB': `${mb(rssBefore)} / ${mb(rssPeak)}`,
        'plan RSS after runs 1, 2, 3 MB': runs.map((r) => mb(r.rssAfter)).join(', '),
        'plan live heap before MB (after GC)': mb(heapBefore),
        'plan live heap after runs 1, 2, 3 MB (after GC)': runs.map((r) => mb(r.heapAfter)).join(', '),
        verdict: [
          h3Ratio <= RATIO_TARGET ? 'h3 within 1.5x' : 'h3 OVER 1.5x',
          tcpRatio <= RATIO_TARGET ? 'tcp within 1.5x' : 'tcp OVER 1.5x',
          wallMs < PLAN_BUDGET_MS ? 'plan under 15 s' : 'plan OVER 15 s',
        ].join(', '),
      },
    };
  } finally {
    await caddy.stop();
  }
}
