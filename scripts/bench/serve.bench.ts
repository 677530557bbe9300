// Benchmarks of the running server (a real `next start` on the built dashboard, lab mode):
//  - load: autocannon on loopback, GET /api/v1/cluster for 10 s; target ≥ 1,000 requests/s,
//    p99 < 100 ms, zero errors and non-2xx; RSS of the server before and after;
//  - soak (opt-in: `npm run bench -- soak`): 20 probe targets (one real Caddy on loopback, 20 names)
//    probed every second for EDGELENS_SOAK_MINUTES (default 10); RSS at start and end, and the
//    H3 runner processes left (EDGELENS_SOAK_H3=1 adds HTTP/3 probes: one process per sample).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startCaddy } from '../../lab/caddy';
import { descendants, freePort, startNext, type Proc } from '../../e2e/outage-procs';

const LOAD_SECONDS = 10;
const LOAD_CONNECTIONS = 20;
const TARGET_RPS = 1_000;
const TARGET_P99_MS = 100;

function rssMiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m?.[1] ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** The server process and every process it started (H3 runners). */
function treeRssMiB(pid: number): number {
  return rssMiB(pid) + descendants(pid).reduce((n, p) => n + rssMiB(p.pid), 0);
}

/**
 * The machine's floor, measured in the same run: a bare node:http process answering the same
 * JSON bytes. On a shared or loaded machine both figures drop together; the ratio is what edgelens costs.
 */
async function bareNodeReference(body: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'edgelens-bench-ref-'));
  const file = join(dir, 'body.json');
  writeFileSync(file, body);
  const port = await freePort();
  const script = `const b=require('fs').readFileSync(${JSON.stringify(file)});require('http').createServer((q,r)=>{r.writeHead(200,{'content-type':'application/json'});r.end(b)}).listen(${port},'127.0.0.1')`;
  const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
  try {
    for (let i = 0; i < 50; i++) {
      try {
        await (await fetch(`http://127.0.0.1:${port}/`)).arrayBuffer();
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const r = await autocannon({ url: `http://127.0.0.1:${port}/`, connections: LOAD_CONNECTIONS, duration: LOAD_SECONDS });
    return r.requests.average;
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchServe(): Promise<{ name: string; figures: Record<string, number | string> }> {
  const port = await freePort();
  let server: Proc | null = null;
  try {
    server = await startNext(port, { EDGELENS_MODE: 'lab', EDGELENS_PROBE_INTERVAL: '0' });
    const url = `http://127.0.0.1:${port}/api/v1/cluster`;
    // Warm up: first read of the lab, JIT.
    for (let i = 0; i < 20; i++) await (await fetch(url)).arrayBuffer();
    const body = await (await fetch(url)).text();
    const rssBefore = rssMiB(server.pid);
    const result = await autocannon({ url, connections: LOAD_CONNECTIONS, duration: LOAD_SECONDS });
    const rssAfter = rssMiB(server.pid);
    const reference = await bareNodeReference(body);
    const rps = result.requests.average;
    const p99 = result.latency.p99;
    const ok = rps >= TARGET_RPS && p99 < TARGET_P99_MS && result.errors === 0 && result.non2xx === 0 && result.timeouts === 0;
    const figures = {
      'requests/s (avg)': rps,
      'latency p50 ms': result.latency.p50,
      'latency p99 ms': p99,
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
      'RSS before MiB': rssBefore,
      'RSS after MiB': rssAfter,
      'reference: bare node:http, same bytes, req/s': reference,
      'edgelens / reference': rps / reference,
      'load average (1 min)': readFileSync('/proc/loadavg', 'utf8').split(' ')[0] ?? '?',
      target: `≥ ${TARGET_RPS} req/s, p99 < ${TARGET_P99_MS} ms, 0 errors: ${ok ? 'met' : 'NOT met'}`,
    };
    if (!ok) throw new Error(`load target not met: ${JSON.stringify(figures)}`);
    return { name: 'serve', figures };
  } finally {
    await server?.stop();
  }
}

export async function benchSoak(): Promise<{ name: string; figures: Record<string, number | string> }> {
  const minutes = Number(process.env.EDGELENS_SOAK_MINUTES ?? 10);
  const withH3 = process.env.EDGELENS_SOAK_H3 === '1';
  const caddy = await startCaddy();
  const port = await freePort();
  let server: Proc | null = null;
  try {
    const targets = Array.from({ length: 20 }, (_, i) => ({ name: `soak-${i}`, host: '127.0.0.1', port: caddy.port, insecure: true, kinds: withH3 ? ['tcp', 'h3'] : ['tcp'] }));
    server = await startNext(port, {
      EDGELENS_MODE: 'lab',
      EDGELENS_PROBE_TARGETS: JSON.stringify(targets),
      EDGELENS_PROBE_INTERVAL: '1',
      EDGELENS_PROBE_SAMPLES: '1',
      EDGELENS_PROBE_TIMEOUT: '900',
    });
    const base = `http://127.0.0.1:${port}`;
    await (await fetch(`${base}/api/v1/probes`)).arrayBuffer();
    await new Promise((r) => setTimeout(r, 5_000));
    const rssStart = treeRssMiB(server.pid);
    let peak = rssStart;
    const end = Date.now() + minutes * 60_000;
    let scrapes = 0;
    while (Date.now() < end) {
      await new Promise((r) => setTimeout(r, 5_000));
      // The dashboard open and Prometheus scraping, as in real life.
      await (await fetch(`${base}/api/v1/probes`)).arrayBuffer();
      await (await fetch(`${base}/metrics`)).arrayBuffer();
      scrapes++;
      peak = Math.max(peak, treeRssMiB(server.pid));
    }
    const rssEnd = treeRssMiB(server.pid);
    const doc = (await (await fetch(`${base}/api/v1/probes`)).json()) as { lastRunAt: string | null };
    return {
      name: 'soak',
      figures: {
        minutes,
        targets: 20,
        kinds: withH3 ? 'tcp+h3' : 'tcp',
        scrapes,
        'RSS start MiB': rssStart,
        'RSS peak MiB': peak,
        'RSS end MiB': rssEnd,
        'last run': doc.lastRunAt ?? 'none',
        'processes under the server at the end': descendants(server.pid).length,
      },
    };
  } finally {
    await server?.stop();
    await caddy.stop();
  }
}
