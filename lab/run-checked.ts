// A setup command run for a test (ip netns, ip link, iptables…): its output, or an error naming the
// command and what it wrote on stderr, so a failing namespace setup says why.
import { execFileSync } from 'node:child_process';

export function runChecked(cmd: string, args: readonly string[], timeoutMs = 15_000): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
  } catch (cause) {
    const e = cause as { stderr?: string };
    throw new Error(`${cmd} ${args.join(' ')} failed: ${e.stderr?.trim() ?? String(cause)}`, { cause });
  }
}
