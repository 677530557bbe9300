// Locates the real programs the lab starts (caddy, gtlsclient, openssl). A missing program is a
// loud error naming the Debian package, so a test on a machine without it fails instead of passing.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const PACKAGE_FOR: Record<string, string> = {
  caddy: 'caddy',
  gtlsclient: 'ngtcp2-client',
  gtlsserver: 'ngtcp2-server',
  openssl: 'openssl',
  curl: 'curl',
};

export class MissingBinaryError extends Error {}

export function findBinary(name: string, env: Readonly<Record<string, string | undefined>> = process.env): string | null {
  for (const dir of (env.PATH ?? '/usr/local/bin:/usr/bin:/bin').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
}

export function requireBinary(name: string): string {
  const path = findBinary(name);
  if (path) return path;
  const pkg = PACKAGE_FOR[name] ?? name;
  throw new MissingBinaryError(
    `${name} not found on PATH: install the Debian package "${pkg}" (bash scripts/install-system-deps.sh does it)`,
  );
}
