// The image recipe, proven without Docker: scripts/build-image-tree.sh (what deploy/Dockerfile
// runs) is run on a scratch copy of the working tree; the production tree it produces is
// started as an unprivileged user (nobody) in kube mode against the lab API server — which
// enforces edgelens' ClusterRole — and must serve /api/v1/health. The same running server is
// then held to the access rules: token on every page and API route, Host allowlist, same-origin
// writes, a 100 MB body refused without the process growing, and the token (a sentinel) never
// in any response or log line.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeTcpUdpPort, waitForTcp } from '../lab/ports';
import { startLabServer, type LabServer } from '../lab/server';

const run = promisify(execFile);
const ROOT = join(__dirname, '..');
const SENTINEL = 'edgelens-sentinel-7c1f0e9a2b4d6f8a';
const TREE_SIZE_LIMIT_MB = 200;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Raw HTTP (fetch cannot set Host); every reply is kept for the sentinel check. */
const replies: Reply[] = [];
function http(port: number, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: { host: `127.0.0.1:${port}`, ...opts.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const r = { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') };
        replies.push(r);
        resolve(r);
      });
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** Sends `total` bytes in 1 MB chunks (declared or chunked); resolves with the status, or the error when the server cut it off. */
function bigUpload(port: number, total: number, declared: boolean): Promise<number | string> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = { host: `127.0.0.1:${port}`, 'content-type': 'application/json', authorization: `Bearer ${SENTINEL}` };
    if (declared) headers['content-length'] = String(total);
    const req = request({ host: '127.0.0.1', port, path: '/api/v1/haproxy', method: 'POST', headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on('error', (e) => resolve(e.message));
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    let sent = 0;
    const pump = (): void => {
      while (sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      req.end();
    };
    pump();
  });
}

function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m?.[1] ? Number(m[1]) * 1024 : 0;
}

/** The Next server process: `edgelens serve` runs server.js as its only child. */
function serverPid(servePid: number): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name "(…)": state, ppid, …
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      // Next renames its process ("next-server (v16…)"), so the parent is what identifies it.
      if (ppid === servePid) return Number(entry);
    } catch {
      // The process ended while we looked.
    }
  }
  throw new Error('no server.js process under serve');
}

/** The working tree as the user has it (committed or not), minus installs and build output. */
function scratchCopy(dest: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    .split('\0')
    .filter((f) => f !== '' && !/^(node_modules|\.next|dist)\//.test(f) && existsSync(join(ROOT, f)));
  for (const f of files) {
    mkdirSync(dirname(join(dest, f)), { recursive: true });
    // Timestamps kept: the build script's freshness check compares them.
    cpSync(join(ROOT, f), join(dest, f), { preserveTimestamps: true });
  }
}

describe('image tree (scripts/build-image-tree.sh)', () => {
  let work = '';
  let tree = '';
  let lab: LabServer | undefined;
  let serve: ChildProcess | null = null;
  let port = 0;
  let log = '';
  let treeMb = 0;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'edgelens-image-'));
    // nobody must be able to reach the tree and the files the test hands it.
    chmodSync(work, 0o755);
    const src = join(work, 'src');
    tree = join(work, 'tree');
    scratchCopy(src);
    // The install is reused (hard links; `npm ci` itself is proven by npm test on every run), and
    // so is a build still fresh for these sources (copied, not linked: the script rebuilds otherwise).
    // Hard links need one file system; across two, a real copy.
    await run('cp', ['-al', join(ROOT, 'node_modules'), join(src, 'node_modules')]).catch(async () => {
      rmSync(join(src, 'node_modules'), { recursive: true, force: true });
      await run('cp', ['-a', join(ROOT, 'node_modules'), join(src, 'node_modules')]);
    });
    if (existsSync(join(ROOT, '.next', 'BUILD_ID'))) {
      cpSync(join(ROOT, '.next'), join(src, '.next'), { recursive: true, preserveTimestamps: true, verbatimSymlinks: true, filter: (s) => !s.startsWith(join(ROOT, '.next', 'cache')) });
    }
    const built = await run('bash', [join(src, 'scripts', 'build-image-tree.sh'), tree], { cwd: src, maxBuffer: 64 * 1024 * 1024, timeout: 15 * 60_000 });
    const { stdout } = await run('du', ['-sm', tree]);
    treeMb = Number(stdout.split('\t')[0]);
    console.log(built.stdout.split('\n').find((l) => l.startsWith('image tree:')) ?? `image tree: ${treeMb} MB`);

    lab = await startLabServer({ scenario: 'homelab-before' });
    writeFileSync(join(work, 'kubeconfig'), lab.kubeconfig(), { mode: 0o644 });
    writeFileSync(join(work, 'token'), `${SENTINEL}\n`, { mode: 0o644 });
    port = await freeTcpUdpPort();
    const asNobody = process.getuid?.() === 0 ? ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'] : [];
    const cmd = [...asNobody, process.execPath, 'bin/edgelens.mjs', 'serve', '--port', String(port)];
    serve = spawn(cmd[0] as string, cmd.slice(1), {
      cwd: tree,
      env: {
        PATH: process.env.PATH,
        HOME: '/nonexistent',
        NODE_ENV: 'production',
        EDGELENS_MODE: 'kube',
        EDGELENS_KUBECONFIG: join(work, 'kubeconfig'),
        EDGELENS_AUTH_TOKEN_FILE: join(work, 'token'),
        EDGELENS_PROBE_INTERVAL: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    serve.stdout?.on('data', (c: Buffer) => (log += c.toString()));
    serve.stderr?.on('data', (c: Buffer) => (log += c.toString()));
    await waitForTcp('127.0.0.1', port, 60_000, () => serve?.exitCode === null);
  }, 20 * 60_000);

  afterAll(async () => {
    if (serve && serve.exitCode === null) {
      const exited = new Promise((r) => serve?.once('exit', r));
      serve.kill('SIGTERM');
      await exited;
    }
    await lab?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it(`is a production tree: standalone server, native modules, no dev dependencies, under ${TREE_SIZE_LIMIT_MB} MB`, () => {
    expect(existsSync(join(tree, 'server.js'))).toBe(true);
    expect(existsSync(join(tree, 'dist', 'cli.mjs'))).toBe(true);
    expect(existsSync(join(tree, 'node_modules', '@matrixai', 'quic-linux-x64'))).toBe(true);
    expect(existsSync(join(tree, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))).toBe(true);
    for (const dev of ['vitest', 'typescript', '@playwright/test', 'dependency-cruiser', 'kubernetes-models', 'esbuild', 'tsx']) {
      expect(existsSync(join(tree, 'node_modules', dev)), dev).toBe(false);
    }
    for (const source of ['app', 'lib', 'server', 'cli', 'probes', 'e2e']) expect(existsSync(join(tree, source)), source).toBe(false);
    expect(treeMb).toBeLessThan(TREE_SIZE_LIMIT_MB);
  });

  it('runs as a non-root user and answers /api/v1/health without a token', async () => {
    const pid = serverPid(serve?.pid ?? 0);
    if (process.getuid?.() === 0) expect(statSync(`/proc/${pid}`).uid).not.toBe(0);
    const r = await http(port, '/api/v1/health');
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ status: 'ok', mode: 'kube' });
  });

  it('loads the native modules from the tree (QUIC, better-sqlite3)', async () => {
    const script =
      "const q = await import('@matrixai/quic'); const S = (await import('better-sqlite3')).default; const db = new S(':memory:'); console.log(typeof q.QUICClient, db.prepare('select 1 as x').get().x)";
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: tree });
    expect(stdout.trim()).toBe('function 1');
  });

  it('needs the token on pages and API routes; 401 says nothing more', async () => {
    const page = await http(port, '/');
    expect(page.status).toBe(401);
    expect(page.body).toContain('Access token');
    const api = await http(port, '/api/v1/cluster');
    expect(api.status).toBe(401);
    expect(JSON.parse(api.body)).toEqual({ error: { code: 'unauthorized', message: 'authentication required' } });
    expect((await http(port, '/api/v1/cluster', { headers: { authorization: `Bearer ${SENTINEL}x` } })).status).toBe(401);
    expect((await http(port, '/api/v1/cluster', { headers: { authorization: `Bearer ${SENTINEL.toUpperCase()}` } })).status).toBe(401);
    expect((await http(port, '/metrics')).status).toBe(200);
  });

  it('with the token: the cluster read through the enforcing lab RBAC, and pod logs sampled', async () => {
    const auth = { authorization: `Bearer ${SENTINEL}` };
    const cluster = await http(port, '/api/v1/cluster', { headers: auth });
    expect(cluster.status).toBe(200);
    const report = JSON.parse(cluster.body) as { source: string; loadBalancers: unknown[]; gaps?: unknown[] };
    expect(report.source).toBe('kube');
    expect(report.loadBalancers.length).toBeGreaterThan(0);
    expect(report.gaps ?? []).toEqual([]);
    const logs = await http(port, '/api/v1/logs', { headers: auth });
    expect(logs.status).toBe(200);
    expect(JSON.parse(logs.body)).toMatchObject({ sampling: { from: 'pods' } });
    const unknown = await http(port, '/api/v1/nope', { headers: auth });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ error: { code: 'not-found' } });
  });

  it('signs a browser in with an HttpOnly SameSite=Strict cookie', async () => {
    const form = new URLSearchParams({ token: SENTINEL, next: '/clients' }).toString();
    const headers = { 'content-type': 'application/x-www-form-urlencoded', origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin' };
    const wrong = await http(port, '/api/v1/auth/signin', { method: 'POST', headers, body: 'token=nope&next=%2F' });
    expect(wrong.status).toBe(401);
    const ok = await http(port, '/api/v1/auth/signin', { method: 'POST', headers, body: form });
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe('/clients');
    const cookie = String(ok.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await http(port, '/clients', { headers: { cookie: cookie.split(';')[0] ?? '' } });
    expect(page.status).toBe(200);
  });

  it('refuses a foreign Host and a cross-origin POST', async () => {
    const auth = { authorization: `Bearer ${SENTINEL}` };
    expect((await http(port, '/api/v1/cluster', { headers: { ...auth, host: 'rebind.attacker.example' } })).status).toBe(421);
    const cross = await http(port, '/api/v1/probes/run', {
      method: 'POST',
      headers: { ...auth, origin: 'http://attacker.example', 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(cross.status).toBe(403);
  });

  it('refuses a 100 MB body (declared or chunked) while the server stays inside its memory limit', async () => {
    const pid = serverPid(serve?.pid ?? 0);
    // Warm the route first (its code loads on first use), so the growth measured is the upload's.
    const auth = { authorization: `Bearer ${SENTINEL}`, 'content-type': 'application/json' };
    expect((await http(port, '/api/v1/haproxy', { method: 'POST', headers: auth, body: '{"backends":[{"address":"192.0.2.10","port":443}]}' })).status).toBe(200);
    const before = rssBytes(pid);
    // Sampled while the bodies stream in: the peak is what the memory limit meets.
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssBytes(pid));
    }, 10);
    const declared = await bigUpload(port, 100 * 1024 * 1024, true);
    const chunked = await bigUpload(port, 100 * 1024 * 1024, false);
    clearInterval(sampler);
    const refused = [413, 'socket hang up', 'write EPIPE', 'read ECONNRESET', 'write ECONNRESET'];
    expect(refused).toContain(declared);
    expect(refused).toContain(chunked);
    const after = rssBytes(pid);
    const mib = (n: number) => Math.round(n / 2 ** 20);
    console.log(`server RSS: ${mib(before)} MiB before, peak ${mib(peak)} MiB, ${mib(after)} MiB after two 100 MB uploads`);
    // Neither body is held: the peak grows by less than one body (Next buffers at most 10 MB of
    // a body for the proxy; the rest is garbage the collector has not reclaimed yet).
    expect(peak - before).toBeLessThan(100 * 2 ** 20);
    // Well inside the Deployment's memory limit (512 Mi, deploy/kustomize/base/deployment.yaml).
    expect(peak).toBeLessThan(384 * 2 ** 20);
    expect((await http(port, '/api/v1/health')).status).toBe(200);
  });

  it('never shows the token: no response body, header or log line carries it (or its case/base64 forms)', () => {
    const forms = [SENTINEL, Buffer.from(SENTINEL).toString('base64').replace(/=+$/, '')];
    for (const r of replies) {
      const text = `${JSON.stringify(r.headers)}\n${r.body}`.toLowerCase();
      for (const f of forms) expect(text.includes(f.toLowerCase())).toBe(false);
    }
    for (const f of forms) expect(log.toLowerCase().includes(f.toLowerCase())).toBe(false);
    expect(replies.length).toBeGreaterThan(10);
  });

  it('refuses to start on a non-loopback address without a token: exit 2, one line', async () => {
    const r = await run(process.execPath, ['bin/edgelens.mjs', 'serve', '--host', '0.0.0.0', '--port', String(port + 1)], {
      cwd: tree,
      env: { PATH: process.env.PATH, HOME: '/nonexistent', NODE_ENV: 'production', EDGELENS_MODE: 'lab' },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
    );
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^edgelens serve: refusing to serve on 0\.0\.0\.0 without auth/);
  });
});
