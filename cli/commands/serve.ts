// `edgelens serve`: the dashboard + JSON API. Builds the Next.js app when it is missing or
// older than the sources, then runs Next's standalone server (.next/standalone/server.js in a
// checkout, ./server.js in the image tree). Lab mode when no cluster is configured. Refuses to
// bind a non-loopback address without auth (exit 2).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { edgelensHome } from '@/lab/paths';
import { accessProblem } from '@/server/auth/startup';
import { parseCommandArgs, parsePort } from '../args';
import type { Io } from '../io';
import { containerMemoryLimit, serverNodeOptions } from './heap';

export const serveUsage = `Usage: edgelens serve [--port N] [--host ADDR] [--rebuild] [--build-only]

  --host ADDR    bind address (default 127.0.0.1; EDGELENS_HOST). Any other address needs
                 EDGELENS_AUTH_TOKEN(_FILE), or EDGELENS_AUTH=none behind an auth proxy.
  --build-only   build the dashboard if needed, then exit`;

const APP_SOURCES = ['app', 'components', 'lib', 'server', 'probes', 'lab', 'public'];
const APP_FILES = ['next.config.ts', 'proxy.ts', 'package.json', 'tsconfig.json'];

function newestMtime(home: string): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name.startsWith('.') || e.name === 'node_modules' || e.name === '__fixtures__') continue;
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (!/\.test\.tsx?$/.test(e.name)) newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const d of APP_SOURCES) if (existsSync(join(home, d))) walk(join(home, d));
  for (const f of APP_FILES) if (existsSync(join(home, f))) newest = Math.max(newest, statSync(join(home, f)).mtimeMs);
  return newest;
}

export function appBuildIsFresh(home: string): boolean {
  const id = join(home, '.next', 'BUILD_ID');
  if (!existsSync(id)) return false;
  if (!existsSync(join(home, 'app'))) return true;
  return statSync(id).mtimeMs >= newestMtime(home);
}

function run(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; stdio: 'inherit' | ['ignore', number, number] }) {
  return spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: opts.stdio });
}

/** The standalone server to run: the image tree's ./server.js, or the checkout's build output. */
export function standaloneServer(home: string): string | null {
  if (existsSync(join(home, 'server.js')) && existsSync(join(home, '.next', 'BUILD_ID'))) return join(home, 'server.js');
  const inCheckout = join(home, '.next', 'standalone', 'server.js');
  return existsSync(inCheckout) ? inCheckout : null;
}

/** Next's standalone output leaves out static assets; in a checkout, link them in (idempotent). */
function linkStaticAssets(home: string): void {
  const standalone = join(home, '.next', 'standalone');
  const links: Array<[string, string]> = [
    [join(home, '.next', 'static'), join(standalone, '.next', 'static')],
    [join(home, 'public'), join(standalone, 'public')],
  ];
  for (const [target, link] of links) {
    if (!existsSync(target) || existsSync(link)) continue;
    mkdirSync(join(link, '..'), { recursive: true });
    symlinkSync(target, link);
  }
}

export async function serveCommand(argv: string[], io: Io): Promise<number | null> {
  const { values } = parseCommandArgs(
    argv,
    { port: { type: 'string' }, host: { type: 'string' }, rebuild: { type: 'boolean' }, 'build-only': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    { positionals: 0 },
  );
  if (values.help) {
    io.out(serveUsage);
    return 0;
  }
  const port = parsePort(values.port ?? io.env.EDGELENS_PORT ?? io.env.PORT, 3000);
  const host = values.host ?? io.env.EDGELENS_HOST ?? '127.0.0.1';
  const home = edgelensHome();
  // The guard (proxy.ts) reads the bind from EDGELENS_HOST: it must be the address actually bound.
  const env = { ...io.env, EDGELENS_HOME: home, EDGELENS_HOST: host, NEXT_TELEMETRY_DISABLED: '1' };
  const problem = values['build-only'] ? null : accessProblem(env);
  if (problem !== null) {
    io.err(`edgelens serve: ${problem}`);
    return 2;
  }

  if (values.rebuild || !appBuildIsFresh(home)) {
    const nextBin = createRequire(join(home, 'package.json')).resolve('next/dist/bin/next');
    io.err('edgelens: building the dashboard (next build) — once, or after the sources change…');
    // Build output goes to stderr so `serve` keeps stdout clean.
    const build = run(process.execPath, [nextBin, 'build'], { cwd: home, env, stdio: ['ignore', 2, 2] });
    const code = await new Promise<number>((resolve) => build.on('exit', (c) => resolve(c ?? 1)));
    if (code !== 0) {
      io.err('edgelens: next build failed (see above)');
      return 1;
    }
  }
  if (values['build-only']) return 0;
  const serverJs = standaloneServer(home);
  if (serverJs === null) {
    io.err('edgelens serve: no standalone server in the build (.next/standalone/server.js); run with --rebuild');
    return 2;
  }
  if (serverJs.startsWith(join(home, '.next'))) linkStaticAssets(home);
  io.err(`edgelens: dashboard on http://${host.includes(':') ? `[${host}]` : host}:${port}/`);
  const nodeOptions = serverNodeOptions(io.env.NODE_OPTIONS, containerMemoryLimit());
  const serverEnv = nodeOptions === undefined ? { ...env, PORT: String(port), HOSTNAME: host } : { ...env, PORT: String(port), HOSTNAME: host, NODE_OPTIONS: nodeOptions };
  const server = run(process.execPath, [serverJs], { cwd: home, env: serverEnv, stdio: 'inherit' });
  const forward = (sig: NodeJS.Signals) => () => server.kill(sig);
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  return new Promise<number>((resolve) => server.on('exit', (c, sig) => resolve(c ?? (sig ? 0 : 1))));
}
