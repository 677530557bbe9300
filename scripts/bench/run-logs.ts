// A tiny stand-in for `edgelens logs FILE --json`, used by the benchmark until
// the real CLI exists: analyzeLogFile on a file, JSON report on stdout.
//
//   npx tsx scripts/bench/run-logs.ts FILE [--node-ip IP,…] [--pod-cidr CIDR,…] [--lb-ip IP,…] [--worker PATH]
//
// Worker threads need the bundled worker entry: pass --worker, or bundle this
// script with esbuild next to a `logs-worker.mjs` (logs.bench.ts does that).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyzeLogFile } from '../../probes/logfile/file';

function list(args: string[], flag: string): string[] {
  const i = args.indexOf(flag);
  const v = i >= 0 ? args[i + 1] : undefined;
  return v ? v.split(',').filter(Boolean) : [];
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const valued = new Set(['--node-ip', '--pod-cidr', '--lb-ip', '--worker']);
  const file = args.find((a, i) => !a.startsWith('--') && !valued.has(args[i - 1] ?? ''));
  if (!file) {
    process.stderr.write('usage: run-logs FILE [--node-ip IP,…] [--pod-cidr CIDR,…] [--lb-ip IP,…] [--worker PATH]\n');
    process.exit(2);
  }
  const explicit = list(args, '--worker')[0];
  const sibling = new URL('./logs-worker.mjs', import.meta.url);
  const workerUrl = explicit ?? (existsSync(fileURLToPath(sibling)) ? sibling : undefined);
  const report = await analyzeLogFile(
    file,
    { nodeIPs: list(args, '--node-ip'), podCIDRs: list(args, '--pod-cidr'), lbIPs: list(args, '--lb-ip') },
    { workerUrl },
  );
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`run-logs: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
