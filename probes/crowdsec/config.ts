// CrowdSec settings from an env-like object. A function of its arguments: the
// env is passed in, and secret files are read through the `readFile` passed in
// (defaults to the real file system).
import { readFileSync } from 'node:fs';
import { parseLapiUrl } from './url';

export interface CrowdsecConfig {
  /** The LAPI base URL (validated: http/https, no credentials). */
  url: string;
  apiKey?: string;
  machine?: { id: string; password: string };
}

export type CrowdsecConfigResult =
  /** `config` is null when EDGELENS_CROWDSEC_URL is not set: CrowdSec is simply not configured. */
  | { ok: true; config: CrowdsecConfig | null }
  /** One line for the user; it names variables and files, never their secret contents. */
  | { ok: false; error: string };

export type EnvLike = Readonly<Record<string, string | undefined>>;

export const CROWDSEC_ENV = {
  url: 'EDGELENS_CROWDSEC_URL',
  key: 'EDGELENS_CROWDSEC_KEY',
  keyFile: 'EDGELENS_CROWDSEC_KEY_FILE',
  machineId: 'EDGELENS_CROWDSEC_MACHINE_ID',
  machinePassword: 'EDGELENS_CROWDSEC_MACHINE_PASSWORD',
  machinePasswordFile: 'EDGELENS_CROWDSEC_MACHINE_PASSWORD_FILE',
} as const;

function readFileUtf8(path: string): string {
  return readFileSync(path, 'utf8');
}

function nonEmpty(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t === undefined || t === '' ? undefined : t;
}

class ConfigError extends Error {}

/** A secret from `NAME` or from the file named by `NAME_FILE` (a mounted Kubernetes secret), trimmed. */
function secret(env: EnvLike, name: string, fileName: string, readFile: (path: string) => string): string | undefined {
  const direct = nonEmpty(env[name]);
  const file = nonEmpty(env[fileName]);
  if (direct !== undefined && file !== undefined) throw new ConfigError(`set either ${name} or ${fileName}, not both`);
  if (file === undefined) return direct;
  let text: string;
  try {
    text = readFile(file);
  } catch (err) {
    const code = err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : 'error';
    throw new ConfigError(`${fileName}: cannot read ${file} (${code})`, { cause: err });
  }
  const value = nonEmpty(text);
  if (value === undefined) throw new ConfigError(`${fileName}: ${file} is empty`);
  return value;
}

export function readCrowdsecConfig(env: EnvLike, readFile: (path: string) => string = readFileUtf8): CrowdsecConfigResult {
  try {
    const url = nonEmpty(env[CROWDSEC_ENV.url]);
    const apiKey = secret(env, CROWDSEC_ENV.key, CROWDSEC_ENV.keyFile, readFile);
    const machineId = nonEmpty(env[CROWDSEC_ENV.machineId]);
    const machinePassword = secret(env, CROWDSEC_ENV.machinePassword, CROWDSEC_ENV.machinePasswordFile, readFile);

    if (url === undefined) {
      if (apiKey !== undefined || machineId !== undefined || machinePassword !== undefined) {
        return { ok: false, error: `CrowdSec credentials are set but ${CROWDSEC_ENV.url} is not` };
      }
      return { ok: true, config: null };
    }
    const parsed = parseLapiUrl(url);
    if (!parsed.ok) return { ok: false, error: `${CROWDSEC_ENV.url}: ${parsed.reason}` };
    if ((machineId === undefined) !== (machinePassword === undefined)) {
      return { ok: false, error: `${CROWDSEC_ENV.machineId} and ${CROWDSEC_ENV.machinePassword}(_FILE) go together: set both or neither` };
    }
    const config: CrowdsecConfig = { url };
    if (apiKey !== undefined) config.apiKey = apiKey;
    if (machineId !== undefined && machinePassword !== undefined) config.machine = { id: machineId, password: machinePassword };
    return { ok: true, config };
  } catch (err) {
    if (err instanceof ConfigError) return { ok: false, error: err.message };
    throw err;
  }
}
