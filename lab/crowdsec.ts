// Starts a real CrowdSec Local API on loopback (LAB.md recipe): the Debian
// package unpacked by scripts/install-crowdsec.sh, a private config in a temp
// dir, a registered machine and a dedicated `edgelens` bouncer. LAPI only
// (-no-cs): no acquisition, no online API, no hub downloads.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CORE_SCHEMA, dump, load } from 'js-yaml';
import { freeTcpPort } from './ports';

const execFileP = promisify(execFile);

export const CROWDSEC_INSTALL_HINT =
  'CrowdSec binaries not found: run `bash scripts/install-crowdsec.sh` (unpacks the Debian crowdsec package into /opt/edgelens-crowdsec, or $EDGELENS_CROWDSEC_DIR).';

export interface CrowdsecInstall {
  crowdsec: string;
  cscli: string;
  /** Directory holding the package's profiles.yaml and simulation.yaml. */
  configDir: string;
  pluginDir: string;
}

export interface LapiDecisionOptions {
  /** Go duration, default "4h". */
  duration?: string;
  reason?: string;
  /** ban (default), captcha, … */
  type?: string;
  /** Treat the value as a CIDR range (`cscli decisions add -r`). */
  range?: boolean;
}

export interface RunningLapi {
  url: string;
  bouncerKey: string;
  machine: { id: string; password: string };
  /** Milliseconds from spawning `crowdsec` to a healthy /health. */
  startupMs: number;
  addDecision(value: string, opts?: LapiDecisionOptions): Promise<void>;
  /** Bulk-adds decisions with `cscli decisions import` (CSV with a header: duration,scope,type,value,reason). */
  importDecisions(csv: string): Promise<void>;
  /** Stops the LAPI process but keeps its database and config (restart() brings it back). */
  stopProcess(): Promise<void>;
  restart(): Promise<void>;
  /** Stops the process and removes the temp dir. Idempotent. */
  stop(): Promise<void>;
  /** The LAPI's recent stdout/stderr, for test failure messages. */
  output(): string;
}

/** Looks for the unpacked package ($EDGELENS_CROWDSEC_DIR, /opt/edgelens-crowdsec) or a system install. */
export function findCrowdsecInstall(env: Readonly<Record<string, string | undefined>> = process.env): CrowdsecInstall | null {
  const roots = [env.EDGELENS_CROWDSEC_DIR, '/opt/edgelens-crowdsec', '/'].filter((r): r is string => r !== undefined && r !== '');
  for (const root of roots) {
    const install: CrowdsecInstall = {
      crowdsec: join(root, 'usr/bin/crowdsec'),
      cscli: join(root, 'usr/bin/cscli'),
      configDir: join(root, 'etc/crowdsec'),
      pluginDir: join(root, 'usr/lib/crowdsec/plugins'),
    };
    if ([install.crowdsec, install.cscli, join(install.configDir, 'profiles.yaml'), join(install.configDir, 'simulation.yaml')].every((p) => existsSync(p))) {
      return install;
    }
  }
  return null;
}

function writeConfig(dir: string, install: CrowdsecInstall, port: number): string {
  const etc = join(dir, 'etc');
  const data = join(dir, 'data');
  const hub = join(dir, 'hub');
  for (const d of [etc, data, hub, join(etc, 'notifications')]) mkdirSync(d, { recursive: true });
  copyFileSync(join(install.configDir, 'profiles.yaml'), join(etc, 'profiles.yaml'));
  copyFileSync(join(install.configDir, 'simulation.yaml'), join(etc, 'simulation.yaml'));
  // An empty hub index: nothing to download, nothing installed.
  writeFileSync(join(hub, '.index.json'), '{}\n');
  writeFileSync(join(etc, 'local_api_credentials.yaml'), '');
  const config = {
    common: { daemonize: false, log_media: 'stdout', log_level: 'info', working_dir: dir },
    config_paths: {
      config_dir: `${etc}/`,
      data_dir: `${data}/`,
      simulation_path: join(etc, 'simulation.yaml'),
      hub_dir: `${hub}/`,
      index_path: join(hub, '.index.json'),
      notification_dir: join(etc, 'notifications/'),
      plugin_dir: `${install.pluginDir}/`,
    },
    cscli: { output: 'human', color: 'no' },
    db_config: { log_level: 'info', type: 'sqlite', db_path: join(data, 'crowdsec.db'), use_wal: false, flush: { max_items: 5000, max_age: '7d' } },
    api: {
      client: { insecure_skip_verify: false, credentials_path: join(etc, 'local_api_credentials.yaml') },
      // No online_client: the LAPI never talks to the Central API.
      server: {
        log_level: 'info',
        listen_uri: `127.0.0.1:${port}`,
        profiles_path: join(etc, 'profiles.yaml'),
        console_path: join(etc, 'console.yaml'),
        trusted_ips: ['127.0.0.1', '::1'],
      },
    },
    prometheus: { enabled: false },
  };
  const path = join(dir, 'config.yaml');
  writeFileSync(path, dump(config, { lineWidth: -1 }));
  return path;
}

const READY_LINE = 'CrowdSec Local API listening';
const START_TIMEOUT_MS = 20_000;
const STOP_GRACE_MS = 5_000;
const MAX_OUTPUT = 64 * 1024;

/** `setpriv --pdeathsig KILL` makes the kernel kill the LAPI if this process dies without cleaning up. */
function pdeathsigPrefix(): string[] {
  return existsSync('/usr/bin/setpriv') ? ['/usr/bin/setpriv', '--pdeathsig', 'KILL', '--'] : [];
}

export async function startCrowdsecLapi(opts: { port?: number } = {}): Promise<RunningLapi> {
  const install = findCrowdsecInstall();
  if (install === null) throw new Error(CROWDSEC_INSTALL_HINT);

  const dir = mkdtempSync(join(tmpdir(), 'edgelens-crowdsec-'));
  let child: ChildProcess | null = null;
  let output = '';
  let removed = false;

  const killNow = (): void => {
    if (child !== null && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    if (!removed) {
      removed = true;
      rmSync(dir, { recursive: true, force: true });
    }
  };
  // Last resort when a test run ends without calling stop().
  process.once('exit', killNow);

  try {
    const port = opts.port ?? (await freeTcpPort());
    const url = `http://127.0.0.1:${port}`;
    const cfg = writeConfig(dir, install, port);
    const cscli = async (...args: string[]): Promise<string> => {
      try {
        const { stdout } = await execFileP(install.cscli, ['-c', cfg, ...args], { cwd: dir, timeout: 30_000 });
        return stdout;
      } catch (err) {
        const stderr = err instanceof Error && 'stderr' in err && typeof err.stderr === 'string' ? err.stderr.trim().slice(-1000) : '';
        throw new Error(`cscli ${args.slice(0, 2).join(' ')} failed${stderr ? `: ${stderr}` : ''}`, { cause: err });
      }
    };

    const machineId = 'edgelens-lab';
    const credsPath = join(dir, 'etc', 'local_api_credentials.yaml');
    await cscli('machines', 'add', machineId, '--auto', '-f', credsPath, '--url', url);
    const creds: unknown = load(readFileSync(credsPath, 'utf8'), { schema: CORE_SCHEMA });
    const password = typeof creds === 'object' && creds !== null && 'password' in creds && typeof creds.password === 'string' ? creds.password : null;
    if (password === null) throw new Error(`cscli machines add wrote no password to ${credsPath}`);

    const startProcess = async (): Promise<number> => {
      const started = performance.now();
      const argv = [...pdeathsigPrefix(), install.crowdsec, '-c', cfg, '-no-cs'];
      // The binary is found at run time (not a build input): keep Next's output tracing out of it.
      const proc = spawn(/*turbopackIgnore: true*/ argv[0] ?? install.crowdsec, argv.slice(1), { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      child = proc;
      const keep = (chunk: Buffer): void => {
        output = (output + chunk.toString('utf8')).slice(-MAX_OUTPUT);
      };
      proc.stdout?.on('data', keep);
      proc.stderr?.on('data', keep);
      await new Promise<void>((resolve, reject) => {
        // Only this run's output counts: after restart() the old ready line is still in `output`.
        let seen = '';
        const timer = setTimeout(() => fail(new Error(`CrowdSec LAPI did not report "${READY_LINE}" within ${START_TIMEOUT_MS} ms:\n${output.slice(-2000)}`)), START_TIMEOUT_MS);
        const onData = (chunk: Buffer): void => {
          seen = (seen + chunk.toString('utf8')).slice(-4096);
          if (seen.includes(READY_LINE)) done();
        };
        const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
          fail(new Error(`CrowdSec LAPI exited during startup (code ${code ?? 'none'}, signal ${signal ?? 'none'}):\n${output.slice(-2000)}`));
        const onError = (err: Error): void => fail(new Error(`could not spawn ${install.crowdsec}`, { cause: err }));
        function cleanup(): void {
          clearTimeout(timer);
          proc.stdout?.off('data', onData);
          proc.stderr?.off('data', onData);
          proc.off('exit', onExit);
          proc.off('error', onError);
        }
        function done(): void {
          cleanup();
          resolve();
        }
        function fail(err: Error): void {
          cleanup();
          if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
          reject(err);
        }
        proc.stdout?.on('data', onData);
        proc.stderr?.on('data', onData);
        proc.once('exit', onExit);
        proc.once('error', onError);
      });
      await waitHealthy(url);
      return Math.round(performance.now() - started);
    };

    const stopProcess = async (): Promise<void> => {
      const proc = child;
      if (proc === null || proc.exitCode !== null || proc.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => proc.kill('SIGKILL'), STOP_GRACE_MS);
        proc.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        proc.kill('SIGTERM');
      });
    };

    const startupMs = await startProcess();
    const bouncerKey = (await cscli('bouncers', 'add', 'edgelens', '-o', 'raw')).trim();
    if (bouncerKey === '') throw new Error('cscli bouncers add printed no key');

    return {
      url,
      bouncerKey,
      machine: { id: machineId, password },
      startupMs,
      async addDecision(value, o = {}) {
        await cscli(
          'decisions',
          'add',
          o.range ? '-r' : '-i',
          value,
          '-d',
          o.duration ?? '4h',
          '-R',
          o.reason ?? 'edgelens lab',
          '-t',
          o.type ?? 'ban',
        );
      },
      async importDecisions(csv) {
        const file = join(dir, `import-${Date.now()}.csv`);
        writeFileSync(file, csv);
        await cscli('decisions', 'import', '-i', file);
      },
      stopProcess,
      async restart() {
        await stopProcess();
        await startProcess();
      },
      async stop() {
        await stopProcess();
        killNow();
        process.off('exit', killNow);
      },
      output: () => output,
    };
  } catch (err) {
    killNow();
    process.off('exit', killNow);
    throw err;
  }
}

async function waitHealthy(url: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let last: unknown = null;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
      last = new Error(`HTTP ${res.status}`);
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`CrowdSec LAPI at ${url} never answered /health`, { cause: last });
}
