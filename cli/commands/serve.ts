// `edgelens serve`: the dashboard + JSON API. Builds the Next.js app when it is missing or
// older than the sources, then runs `next start`. Lab mode when no cluster is configured.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { edgelensHome } from '@/lab/paths';
import { parseCommandArgs, parsePort } from '../args';
import type { Io } from '../io';

export const serveUsage = `Usage: edgelens serve [--port N] [--host ADDR] [--rebuild]`;

const APP_SOURCES = ['app', 'components', 'lib', 'server', 'probes', 'lab', 'public'];
const APP_FILES = ['next.config.ts', 'package.json', 'tsconfig.json'];

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

export async function serveCommand(argv: string[], io: Io): Promise<number | null> {
  const { values } = parseCommandArgs(
    argv,
    { port: { type: 'string' }, host: { type: 'string' }, rebuild: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    { positionals: 0 },
  );
  if (values.help) {
    io.out(serveUsage);
    return 0;
  }
  const port = parsePort(values.port ?? io.env.EDGELENS_PORT ?? io.env.PORT, 3000);
  const host = values.host ?? io.env.EDGELENS_HOST ?? '127.0.0.1';
  const home = edgelensHome();
  const nextBin = createRequire(join(home, 'package.json')).resolve('next/dist/bin/next');
  const env = { ...io.env, EDGELENS_HOME: home, NEXT_TELEMETRY_DISABLED: '1' };

  if (values.rebuild || !appBuildIsFresh(home)) {
    io.err('edgelens: building the dashboard (next build) — once, or after the sources change…');
    // Build output goes to stderr so `serve` keeps stdout clean.
    const build = run(process.execPath, [nextBin, 'build'], { cwd: home, env, stdio: ['ignore', 2, 2] });
    const code = await new Promise<number>((resolve) => build.on('exit', (c) => resolve(c ?? 1)));
    if (code !== 0) {
      io.err('edgelens: next build failed (see above)');
      return 1;
    }
  }
  io.err(`edgelens: dashboard on http://${host.includes(':') ? `[${host}]` : host}:${port}/`);
  const server = run(process.execPath, [nextBin, 'start', '-p', String(port), '-H', host], { cwd: home, env, stdio: 'inherit' });
  const forward = (sig: NodeJS.Signals) => () => server.kill(sig);
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  return new Promise<number>((resolve) => server.on('exit', (c, sig) => resolve(c ?? (sig ? 0 : 1))));
}
