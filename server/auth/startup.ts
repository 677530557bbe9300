// Checked by `edgelens serve` before it binds: a server others can reach never starts
// without auth. One line for the user (exit 2), naming variables, never secret values.
import { ConfigError, loadAccessConfig } from '../config';
import { tokenReader, TokenUnavailableError } from './token';

export function accessProblem(env: Record<string, string | undefined>, readFile?: (path: string) => string): string | null {
  let cfg;
  try {
    cfg = loadAccessConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  if (cfg.auth === 'open' && !cfg.bindIsLoopback) {
    return `refusing to serve on ${cfg.bind.slice(0, 64)} without auth: set EDGELENS_AUTH_TOKEN or EDGELENS_AUTH_TOKEN_FILE, or EDGELENS_AUTH=none when an auth proxy (e.g. oauth2-proxy) stands in front`;
  }
  if (cfg.auth === 'token') {
    try {
      tokenReader(cfg, readFile)();
    } catch (err) {
      if (err instanceof TokenUnavailableError) return err.message;
      throw err;
    }
  }
  return null;
}
