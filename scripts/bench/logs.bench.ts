// Benchmark: `edgelens logs FILE --json` on a generated 1,000,000-line Traefik v3
// JSON access log (~1.1 GB), against two references timed in the same run on the
// same (page-cached) file:
//   (a) edgelens, the whole command as a child process: node start → JSON printed;
//   (b) jq -r '.ClientHost + " " + .RouterName' FILE | sort | uniq -c;
//   (c) a Node script that JSON.parses every line (readline) and counts in a Map.
// Targets (issue): (a) ≥ 15× faster than (b), ≥ 3× faster than (c), peak RSS < 256 MB.
//
//   npx tsx scripts/bench/logs.bench.ts [--lines N]      (or: npm run bench -- logs)
//
// Until `edgelens logs` exists, (a) runs scripts/bench/run-logs.ts bundled with
// esbuild (plus the worker bundle), which calls the same analyzeLogFile.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { analyzeLogFile } from '../../probes/logfile/file';
import { BENCH_NODE_IPS, generateTraefikJsonLog } from './gen-traefik-log';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TIME_BIN = '/usr/bin/time';
const EDGELENS_RUNS = 5;

interface Run {
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
  peakRssKB: number | null;
  /** user + system CPU of the command and the children it waited for (GNU time), or null. */
  cpuMs: number | null;
}

/** Runs a command; wall time from spawn to exit; peak RSS via GNU time or /proc VmHWM polling. */
function run(cmd: string[], opts: { measureRss?: boolean; cwd?: string } = {}): Promise<Run> {
  const withTime = opts.measureRss && existsSync(TIME_BIN);
  const rssFile = withTime ? join(tmpdir(), `edgelens-bench-rss-${process.pid}-${Date.now()}`) : '';
  const argv = withTime ? [TIME_BIN, '-f', '%M %U %S', '-o', rssFile, ...cmd] : cmd;
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(argv[0] ?? 'false', argv.slice(1), { cwd: opts.cwd ?? ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    let hwm = 0;
    const poll =
      opts.measureRss && !withTime
        ? setInterval(() => {
            try {
              const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
              if (m) hwm = Math.max(hwm, Number(m[1]));
            } catch {
              // the process is gone
            }
          }, 5)
        : null;
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      if (poll) clearInterval(poll);
      let peakRssKB: number | null = opts.measureRss ? hwm || null : null;
      let cpuMs: number | null = null;
      if (withTime) {
        const [rss, user, sys] = (readFileSync(rssFile, 'utf8').trim().split('\n').pop() ?? '').split(' ').map(Number);
        peakRssKB = rss || null;
        cpuMs = user !== undefined && sys !== undefined && Number.isFinite(user + sys) ? (user + sys) * 1000 : null;
        rmSync(rssFile, { force: true });
      }
      resolve({ ms, code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), peakRssKB, cpuMs });
    });
  });
}

function hasBinary(name: string): boolean {
  return (process.env.PATH ?? '').split(':').some((d) => d && existsSync(join(d, name)));
}

/** Reads the file once so every contender starts from the page cache. */
function warmCache(path: string): void {
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(8 * 1024 * 1024);
  try {
    while (readSync(fd, buf, 0, buf.length, null) > 0) {
      // reading is the point
    }
  } finally {
    closeSync(fd);
  }
}

const BASELINE = `// One JSON.parse per line: the obvious Node implementation.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
const counts = new Map();
const rl = createInterface({ input: createReadStream(process.argv[2]), crlfDelay: Infinity });
for await (const line of rl) {
  let o;
  try { o = JSON.parse(line); } catch { continue; }
  if (!o || typeof o.ClientHost !== 'string') continue;
  const k = o.ClientHost + ' ' + o.RouterName;
  counts.set(k, (counts.get(k) ?? 0) + 1);
}
process.stdout.write(JSON.stringify([...counts.entries()].sort((a, b) => b[1] - a[1])) + '\\n');
`;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

/** The `edgelens logs` command line, or null when the CLI cannot run `logs` yet. */
async function edgelensCommand(sample: string, nodeArg: string): Promise<string[] | null> {
  if (!existsSync(join(ROOT, 'bin/edgelens.mjs'))) return null;
  // --no-cluster: the node list is given; a developer's kubeconfig must not add a cluster read to the timing.
  const cmd = ['node', 'bin/edgelens.mjs', 'logs', sample, '--no-cluster', '--node-ip', nodeArg, '--json'];
  const r = await run(cmd);
  try {
    const report = JSON.parse(r.stdout) as { lines?: unknown };
    return typeof report.lines === 'number' ? ['node', 'bin/edgelens.mjs', 'logs', '{file}', '--no-cluster', '--node-ip', nodeArg, '--json'] : null;
  } catch {
    return null;
  }
}

/**
 * `lines`: access-log entries to generate (default 1,000,000). `cliCommand`:
 * the command to time as (a), with "{file}" where the log path goes (appended
 * when absent); default `node bin/edgelens.mjs logs {file} --node-ip … --json`
 * when that works, else the run-logs.ts stand-in.
 */
export async function benchLogs(opts: { lines?: number; cliCommand?: string[] } = {}): Promise<{ name: string; figures: Record<string, number | string> }> {
  const lines = opts.lines ?? 1_000_000;
  const dir = mkdtempSync(join(tmpdir(), 'edgelens-bench-logs-'));
  try {
    const file = join(dir, 'access.json.log');
    const g0 = performance.now();
    const bytes = generateTraefikJsonLog(file, lines);
    const generateMs = performance.now() - g0;
    const nodeArg = BENCH_NODE_IPS.join(',');

    // (a) the command to time.
    const sample = join(dir, 'sample.log');
    generateTraefikJsonLog(sample, 100);
    let command = opts.cliCommand ?? (await edgelensCommand(sample, nodeArg));
    let commandLabel = command ? command.join(' ') : '';
    // The runner and worker bundles also serve the in-process figure.
    const runner = join(dir, 'run-logs.mjs');
    const worker = join(dir, 'logs-worker.mjs');
    await Promise.all([
      build({ entryPoints: [join(ROOT, 'scripts/bench/run-logs.ts')], outfile: runner, bundle: true, platform: 'node', format: 'esm', logLevel: 'silent' }),
      build({ entryPoints: [join(ROOT, 'probes/logfile/worker-entry.ts')], outfile: worker, bundle: true, platform: 'node', format: 'esm', logLevel: 'silent' }),
    ]);
    if (!command) {
      command = ['node', runner, '{file}', '--node-ip', nodeArg];
      commandLabel = `node run-logs.mjs (stand-in for edgelens logs) FILE --node-ip … `;
    }
    const argv = command.map((a) => (a === '{file}' ? file : a));
    if (!command.includes('{file}')) argv.push(file);

    warmCache(file);

    // (a) edgelens, several runs (it is the cheap one); the report must be right, not just fast.
    const runs: Run[] = [];
    for (let i = 0; i < EDGELENS_RUNS; i++) {
      const r = await run(argv, { measureRss: true });
      if (r.code !== 0 && r.code !== 1) throw new Error(`edgelens logs exited ${r.code}: ${r.stderr.trim().slice(0, 300)}`);
      const report = JSON.parse(r.stdout) as { parsed: number; lines: number; verdict: string; protocols?: Record<string, number>; topClients: unknown[] };
      if (report.parsed !== lines || report.lines !== lines + 3) {
        throw new Error(`edgelens logs counted ${report.lines} lines / ${report.parsed} entries, expected ${lines + 3} / ${lines}`);
      }
      const counted = Object.values(report.protocols ?? {}).reduce((a, b) => a + b, 0);
      if (counted !== lines) throw new Error(`edgelens logs counted ${counted} RequestProtocol values, expected ${lines}`);
      runs.push(r);
    }
    const edgeMs = runs.map((r) => r.ms);
    const peakRss = Math.max(...runs.map((r) => r.peakRssKB ?? 0)) / 1024;

    // In-process: the library call alone (no node start, no module loading), same worker bundle.
    const inProc: number[] = [];
    for (let i = 0; i < 2; i++) {
      const t = performance.now();
      await analyzeLogFile(file, { nodeIPs: BENCH_NODE_IPS, podCIDRs: [], lbIPs: [] }, { workerUrl: pathToFileURL(worker) });
      inProc.push(performance.now() - t);
    }

    // (c) one JSON.parse per line.
    const baselineFile = join(dir, 'baseline.mjs');
    writeFileSync(baselineFile, BASELINE);
    const base = await run(['node', baselineFile, file], { measureRss: true });
    if (base.code !== 0) throw new Error(`baseline failed: ${base.stderr.slice(0, 300)}`);

    // (b) jq | sort | uniq -c.
    const jqPresent = hasBinary('jq');
    const jq = jqPresent
      ? await run(['bash', '-c', `jq -r '.ClientHost + " " + .RouterName' '${file}' | sort | uniq -c > /dev/null`], { measureRss: true })
      : null;
    if (jq && jq.code !== 0) throw new Error(`jq pipeline failed: ${jq.stderr.slice(0, 300)}`);

    const best = Math.min(...edgeMs);
    const med = median(edgeMs);
    const vsJq = jq ? jq.ms / med : NaN;
    const vsBase = base.ms / med;
    const ok = (jq ? vsJq >= 15 : false) && vsBase >= 3 && peakRss < 256;
    return {
      name: 'logs',
      figures: {
        command: commandLabel,
        lines,
        'file MB': bytes / 1e6,
        'generate ms': generateMs,
        'edgelens median ms': med,
        'edgelens min ms': best,
        'edgelens runs': EDGELENS_RUNS,
        'edgelens peak RSS MB': peakRss,
        'in-process analyzeLogFile min ms': Math.min(...inProc),
        'edgelens throughput MB/s': bytes / 1e6 / (med / 1000),
        'jq | sort | uniq -c ms': jq ? jq.ms : 'jq not installed (Debian package jq)',
        'JSON.parse-per-line node ms': base.ms,
        'JSON.parse-per-line peak RSS MB': (base.peakRssKB ?? 0) / 1024,
        'ratio jq / edgelens (target ≥ 15)': jq ? vsJq : 'n/a',
        // On a loaded machine wall times say little; CPU time (user + sys, children included) is steadier.
        // edgelens spreads its CPU over the cores, so on an idle machine the wall ratio is higher than this one.
        'edgelens median CPU ms': median(runs.map((r) => r.cpuMs ?? NaN)),
        'jq | sort | uniq -c CPU ms': jq?.cpuMs ?? 'n/a',
        'ratio jq / edgelens by CPU time': jq?.cpuMs ? jq.cpuMs / median(runs.map((r) => r.cpuMs ?? NaN)) : 'n/a',
        'ratio JSON.parse / edgelens (target ≥ 3)': vsBase,
        'peak RSS target MB': 256,
        verdict: ok ? 'targets met' : jq ? 'TARGETS MISSED' : 'INCOMPLETE: jq missing',
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// `npx tsx scripts/bench/logs.bench.ts [--lines N]` runs it alone.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const i = process.argv.indexOf('--lines');
  const { figures } = await benchLogs({ lines: i > 0 ? Number(process.argv[i + 1]) : undefined });
  for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(42)} ${typeof v === 'number' ? Number(v.toFixed(3)) : v}`);
}
