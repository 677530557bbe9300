// Test-only: run the real `haproxy -c -f` on generated configs. Not imported by the
// generator (which stays pure); fails loudly when HAProxy is missing, because a test
// that cannot check the config must not pass.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CANDIDATES = ['/usr/sbin/haproxy', '/usr/local/sbin/haproxy', '/usr/bin/haproxy', '/usr/local/bin/haproxy'];

export function haproxyBinary(): string {
  const found = CANDIDATES.find((p) => existsSync(p));
  if (found) return found;
  try {
    return execFileSync('sh', ['-c', 'command -v haproxy'], { encoding: 'utf8' }).trim();
  } catch (cause) {
    throw new Error('haproxy is not installed (looked in /usr/sbin and PATH); install the Debian package `haproxy` (scripts/test.sh does)', { cause });
  }
}

export interface CheckResult {
  status: number | null;
  output: string;
}

/** `haproxy -c -f` on each config; one temp dir for the batch. */
export function haproxyCheck(configs: readonly string[]): CheckResult[] {
  const bin = haproxyBinary();
  const dir = mkdtempSync(join(tmpdir(), 'edgelens-haproxy-'));
  try {
    return configs.map((cfg, i) => {
      const file = join(dir, `c${i}.cfg`);
      writeFileSync(file, cfg);
      const r = spawnSync(bin, ['-c', '-f', file], { encoding: 'utf8', timeout: 20_000 });
      return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
