// The V8 heap of the server sized for its container. Node sizes its old space from the machine's
// memory, not the cgroup limit: in a 512 MiB pod on a 32 GiB node it would let garbage grow far
// past the limit before collecting, and the kernel kills the pod instead. The server also starts
// HTTP/3 runner processes (their own capped heaps) in the same cgroup, so it takes 40 %.
import { readFileSync } from 'node:fs';

const HEAP_SHARE = 0.4;
const MIN_HEAP_MIB = 96;

/** The memory limit of this process' cgroup (v2, then v1), or null when unlimited / unknown. */
export function containerMemoryLimit(read: (path: string) => string = (p) => readFileSync(p, 'utf8')): number | null {
  for (const path of ['/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes']) {
    try {
      const text = read(path).trim();
      if (text === 'max') return null;
      const n = Number(text);
      // cgroup v1 reports "unlimited" as a huge page-rounded number.
      if (Number.isFinite(n) && n > 0 && n < 2 ** 60) return n;
    } catch {
      // not this cgroup version
    }
  }
  return null;
}

/** NODE_OPTIONS for the server: the caller's, plus --max-old-space-size from the limit unless already set. */
export function serverNodeOptions(nodeOptions: string | undefined, limitBytes: number | null): string | undefined {
  if (limitBytes === null || /--max-old-space-size/.test(nodeOptions ?? '')) return nodeOptions;
  const mib = Math.max(MIN_HEAP_MIB, Math.floor((limitBytes / 2 ** 20) * HEAP_SHARE));
  return [nodeOptions, `--max-old-space-size=${mib}`].filter((s) => s && s.length > 0).join(' ');
}
