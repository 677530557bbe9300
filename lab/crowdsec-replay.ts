// Replays a Traefik access log through the real CrowdSec agent, the way
// `crowdsec -dsn file://… -type traefik` does, with the hub files the Debian
// package ships (usr/share/crowdsec/hub: crowdsecurity/traefik-logs,
// crowdsecurity/whitelists, dateparse-enrich, the syslog/non-syslog s00 parser),
// and reads CrowdSec's own parser dump (-dump-data) to learn, per line, which
// source address its parser took and whether the whitelist dropped the event.
// Everything stays on loopback in a temp dir; only processes started here are stopped.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { CORE_SCHEMA, dump as dumpYaml, load as loadYaml } from 'js-yaml';
import { findCrowdsecInstall, type CrowdsecInstall } from './crowdsec';
import { freeTcpPort } from './ports';

const execFileP = promisify(execFile);

/** Hub items installed for the replay (paths inside the hub). */
const HUB_PARSERS = [
  ['s00-raw', 'parsers/s00-raw/crowdsecurity/syslog-logs.yaml'],
  ['s01-parse', 'parsers/s01-parse/crowdsecurity/traefik-logs.yaml'],
  ['s02-enrich', 'parsers/s02-enrich/crowdsecurity/dateparse-enrich.yaml'],
  ['s02-enrich', 'parsers/s02-enrich/crowdsecurity/whitelists.yaml'],
] as const;

export interface ReplayedLine {
  /** The raw log line. */
  raw: string;
  /** evt.Meta.source_ip after CrowdSec's traefik-logs parser; null when the line did not parse. */
  sourceIp: string | null;
  /** The whitelists parser marked the event whitelisted (dropped). */
  whitelisted: boolean;
}

/** The hub the installed package ships, or null (with what is missing) when there is none. */
export function findCrowdsecHub(install: CrowdsecInstall | null = findCrowdsecInstall()): { hubDir: string } | { missing: string } {
  if (install === null) return { missing: 'the crowdsec binaries (run `bash scripts/install-crowdsec.sh`)' };
  const root = dirname(dirname(install.configDir));
  const candidates = [join(root, 'usr/share/crowdsec/hub'), '/usr/share/crowdsec/hub'];
  for (const hubDir of candidates) {
    const needed = ['.index.json', ...HUB_PARSERS.map(([, p]) => p)].map((p) => join(hubDir, p));
    if (needed.every((p) => existsSync(p))) return { hubDir };
  }
  return {
    missing: `the hub files crowdsecurity/traefik-logs, crowdsecurity/whitelists, dateparse-enrich and syslog-logs (and .index.json) in ${candidates.join(' or ')}; the Debian crowdsec package ships them under usr/share/crowdsec/hub`,
  };
}

export async function replayThroughCrowdsec(lines: readonly string[]): Promise<ReplayedLine[]> {
  const install = findCrowdsecInstall();
  const hub = findCrowdsecHub(install);
  if (install === null || 'missing' in hub) throw new Error(`cannot replay through CrowdSec: missing ${'missing' in hub ? hub.missing : 'crowdsec'}`);
  const dir = mkdtempSync(join(tmpdir(), 'edgelens-crowdsec-replay-'));
  try {
    const etc = join(dir, 'etc');
    for (const stage of ['s00-raw', 's01-parse', 's02-enrich']) mkdirSync(join(etc, 'parsers', stage), { recursive: true });
    for (const d of ['scenarios', 'postoverflows', 'notifications']) mkdirSync(join(etc, d), { recursive: true });
    mkdirSync(join(dir, 'data'));
    mkdirSync(join(dir, 'dump'));
    // Installed hub items are symlinks into the hub, as cscli makes them (a plain file is a "local" item).
    for (const [stage, path] of HUB_PARSERS) symlinkSync(join(hub.hubDir, path), join(etc, 'parsers', stage, path.split('/').pop() ?? path));
    writeFileSync(join(etc, 'profiles.yaml'), readFileSync(join(install.configDir, 'profiles.yaml')));
    writeFileSync(join(etc, 'simulation.yaml'), readFileSync(join(install.configDir, 'simulation.yaml')));
    writeFileSync(join(etc, 'acquis.yaml'), '');
    const patterns = join(install.configDir, 'patterns');
    if (existsSync(patterns)) symlinkSync(patterns, join(etc, 'patterns'));
    const port = await freeTcpPort();
    const creds = join(etc, 'local_api_credentials.yaml');
    const config = {
      common: { daemonize: false, log_media: 'stdout', log_level: 'warning', working_dir: dir },
      config_paths: {
        config_dir: `${etc}/`,
        data_dir: `${join(dir, 'data')}/`,
        simulation_path: join(etc, 'simulation.yaml'),
        hub_dir: `${hub.hubDir}/`,
        index_path: join(hub.hubDir, '.index.json'),
        notification_dir: `${join(etc, 'notifications')}/`,
        plugin_dir: `${install.pluginDir}/`,
      },
      crowdsec_service: { acquisition_path: join(etc, 'acquis.yaml'), parser_routines: 1 },
      db_config: { type: 'sqlite', db_path: join(dir, 'data', 'crowdsec.db'), use_wal: false },
      api: {
        client: { credentials_path: creds },
        // The agent needs a LAPI to log in to; it listens on loopback only, with no online API.
        server: { listen_uri: `127.0.0.1:${port}`, profiles_path: join(etc, 'profiles.yaml'), console_path: join(etc, 'console.yaml') },
      },
      prometheus: { enabled: false },
    };
    const cfg = join(dir, 'config.yaml');
    writeFileSync(cfg, dumpYaml(config));
    const log = join(dir, 'traefik.log');
    writeFileSync(log, `${lines.join('\n')}\n`);
    const opts = { cwd: dir, timeout: 60_000 };
    await execFileP(install.cscli, ['-c', cfg, 'machines', 'add', 'replay', '--auto', '-f', creds, '--url', `http://127.0.0.1:${port}`], opts);
    try {
      await execFileP(install.crowdsec, ['-c', cfg, '-dsn', `file://${log}`, '-type', 'traefik', '-dump-data', join(dir, 'dump')], opts);
    } catch (err) {
      // Time-machine mode ends with a fatal log line after dumping; the dump is what counts.
      if (!existsSync(join(dir, 'dump', 'parser-dump.yaml'))) throw new Error('crowdsec -dsn produced no parser dump', { cause: err });
    }
    return readParserDump(readFileSync(join(dir, 'dump', 'parser-dump.yaml'), 'utf8'), lines);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface DumpEvent {
  evt?: { Line?: { Raw?: string }; Meta?: Record<string, string>; Whitelisted?: boolean };
  success?: boolean;
}

/** parser-dump.yaml: stage → parser → [{ evt, success }]; the whitelists parser's output says Whitelisted. */
function readParserDump(text: string, lines: readonly string[]): ReplayedLine[] {
  const dump = loadYaml(text, { schema: CORE_SCHEMA }) as Record<string, Record<string, DumpEvent[]> | undefined>;
  const parsed = new Map<string, DumpEvent>();
  for (const e of dump['s01-parse']?.['crowdsecurity/traefik-logs'] ?? []) if (e.success && e.evt?.Line?.Raw) parsed.set(e.evt.Line.Raw, e);
  const wl = new Map<string, DumpEvent>();
  for (const e of dump['s02-enrich']?.['crowdsecurity/whitelists'] ?? []) if (e.evt?.Line?.Raw) wl.set(e.evt.Line.Raw, e);
  return lines.map((raw) => ({
    raw,
    sourceIp: parsed.get(raw)?.evt?.Meta?.source_ip ?? null,
    whitelisted: wl.get(raw)?.evt?.Whitelisted === true,
  }));
}
