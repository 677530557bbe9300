// `edgelens logs`: classify the client addresses of a Traefik access log — a
// file, stdin, or the Traefik pods' own logs read through the Kubernetes API.
//
// Speed matters on the file path (`npm run bench -- logs` times the whole
// command on a 1 GB file): only zod-free modules are imported statically; the
// snapshot parser and the Kubernetes client are imported when they are used.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { edgelensHome } from '@/lab/paths';
import { mergeAddressContexts } from '@/lib/logs/address-context';
import { analyzeLogFile } from '@/probes/logfile/file';
import type { FormatOption } from '@/lib/logs/format';
import { analyzeLogStream } from '@/lib/logs/stream';
import type { AddressContext, LogReport, NodeSource } from '@/lib/model/logs';
import { parseCommandArgs, parsePositiveInt } from '../args';
import { openClusterFromFlags } from '../cluster-flags';
import { addressFlags } from '../address-flags';
import { UsageError } from '../errors';
import { formatLogReport } from '../format/logs-text';
import { type Io, printJson, readInput } from '../io';
import { clusterAddresses, decodedStream, sniffFile, unreadable } from '../log-input';

export const logsUsage = `Usage: edgelens logs [FILE|-] [--snapshot FILE | --kubeconfig PATH [--context NAME] | --no-cluster] [--node-ip IP,…] [--pod-cidr CIDR,…] [--lb-ip IP,…] [--format auto|json|clf] [--json]
       edgelens logs --from-cluster [--selector LABELS] [--namespace NS] [--tail N] [--since DURATION] [--max-bytes SIZE]
                     [--kubeconfig PATH] [--context NAME] [--lab [--scenario NAME]] [--node-ip …] [--json]

Classifies the client addresses of a Traefik access log (JSON, common or genericCLF) and says whether
real client IPs reach Traefik. Reads FILE, stdin ("-", or a pipe), or — with --from-cluster, or when
no FILE is given at a terminal — the logs of every Traefik replica through the Kubernetes API (the
pods behind Traefik's LoadBalancer Service, or those matching --selector). Node IPs, pod ranges and
LB IPs come from the cluster whenever one is configured (kubeconfig, in-cluster; also for FILE and
stdin, unless --no-cluster), from --snapshot (a kubectl List), and from the flags. Without a complete
node list, traffic carried by a few private addresses is suspect-snat (exit 1), never preserved.
FILE and stdin may be gzip-compressed (a rotated access.log.1.gz).
  --tail N           last N lines per pod (default 2000)
  --since DURATION   only lines newer than this (90s, 15m, 1h30m)
  --max-bytes SIZE   at most this much log per pod (default 8M)
Exit: 0 no error findings, 1 error findings (client-ip-snat, client-ip-spoofable) or verdict suspect-snat,
2 bad usage or unreadable input (UTF-16, binary, another compressor).`;

const CLUSTER_FLAGS = ['selector', 'namespace', 'tail', 'since', 'max-bytes', 'kubeconfig', 'context', 'lab', 'scenario'] as const;
/** Flags that only make sense when reading the pods' logs (the others also say where node addresses come from). */
const POD_LOG_FLAGS = ['selector', 'namespace', 'tail', 'since', 'max-bytes'] as const;

function describeFsError(path: string, err: unknown): UsageError {
  const code = (err as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : err instanceof Error ? err.message : String(err);
  return new UsageError(`cannot read ${path}: ${why}`, { cause: err });
}

/** The bundled worker entry; the CLI bundle is code-split, so import.meta.url does not say where dist/ is. */
function logsWorkerUrl(): URL | undefined {
  const file = join(edgelensHome(), 'dist', 'logs-worker.mjs');
  return existsSync(file) ? pathToFileURL(file) : undefined;
}

function isTty(stream: NodeJS.ReadableStream): boolean {
  return (stream as { isTTY?: boolean }).isTTY === true;
}

async function snapshotAddresses(path: string, io: Io): Promise<AddressContext> {
  const text = await readInput(path, io);
  const [{ parseSnapshot, SnapshotError }, { addressContextFromObjects }] = await Promise.all([
    import('@/lib/snapshot/parse'),
    import('@/lib/logs/address-context'),
  ]);
  try {
    return addressContextFromObjects(parseSnapshot(text, { source: 'snapshot' }).objects);
  } catch (err) {
    if (err instanceof SnapshotError) throw new UsageError(`--snapshot ${path}: ${err.message}`, { cause: err });
    throw err;
  }
}

export async function logsCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      snapshot: { type: 'string' },
      'node-ip': { type: 'string', multiple: true },
      'pod-cidr': { type: 'string', multiple: true },
      'lb-ip': { type: 'string', multiple: true },
      format: { type: 'string' },
      json: { type: 'boolean' },
      'from-cluster': { type: 'boolean' },
      selector: { type: 'string' },
      namespace: { type: 'string' },
      tail: { type: 'string' },
      since: { type: 'string' },
      'max-bytes': { type: 'string' },
      kubeconfig: { type: 'string' },
      context: { type: 'string' },
      lab: { type: 'boolean' },
      scenario: { type: 'string' },
      'no-cluster': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    { positionals: 1 },
  );
  if (values.help) {
    io.out(logsUsage);
    return 0;
  }
  const format = (values.format ?? 'auto') as FormatOption;
  if (format !== 'auto' && format !== 'json' && format !== 'clf') throw new UsageError(`--format takes auto, json or clf, got "${values.format ?? ''}"`);
  const flags: Partial<AddressContext> = addressFlags(values);
  const file = positionals[0];
  const clusterFlag = CLUSTER_FLAGS.find((f) => values[f] !== undefined);
  const fromCluster = file === undefined && (values['from-cluster'] === true || clusterFlag !== undefined || isTty(io.stdin));

  if (file !== undefined && values['from-cluster']) throw new UsageError('give a FILE or --from-cluster, not both');
  const podLogFlag = POD_LOG_FLAGS.find((f) => values[f] !== undefined);
  if (!fromCluster && podLogFlag !== undefined) throw new UsageError(`--${podLogFlag} only applies to --from-cluster (reading Traefik pod logs)`);
  if (values['no-cluster'] && (fromCluster || clusterFlag !== undefined)) throw new UsageError('--no-cluster cannot be combined with reading the cluster');
  if (values.snapshot !== undefined && clusterFlag !== undefined && !fromCluster) {
    throw new UsageError(`--snapshot and --${clusterFlag} both say where node addresses come from: give one`);
  }

  if (fromCluster) {
    if (values.snapshot !== undefined) throw new UsageError('--snapshot cannot be combined with --from-cluster: the cluster itself says which addresses are nodes, pods and LBs');
    return fromClusterCommand(values, flags, format, io);
  }

  const { report, describe, noAddresses } = await analyzeLogInput(file, values, flags, format, io);
  return print(report, io, values.json === true, { describe, noAddresses });
}

export interface LogInputValues {
  snapshot?: string;
  kubeconfig?: string;
  context?: string;
  lab?: boolean;
  scenario?: string;
  'no-cluster'?: boolean;
}

/**
 * A log FILE (or stdin for "-"/undefined), judged with the addresses of a snapshot, or of the
 * cluster when one is configured, plus the flags. Shared with `edgelens status`.
 */
export async function analyzeLogInput(
  file: string | undefined,
  values: LogInputValues,
  flags: Partial<AddressContext>,
  format: FormatOption,
  io: Io,
): Promise<{ report: LogReport; describe: string; noAddresses: boolean }> {
  const snapshot = values.snapshot === undefined ? undefined : await snapshotAddresses(values.snapshot, io);
  const known = snapshot === undefined && !values['no-cluster'] ? await clusterAddresses(values, io) : null;
  if (known?.note) io.err(`edgelens: note: ${known.note}; judging without the cluster's node list`);
  const ctx = mergeAddressContexts(snapshot, known?.ctx, flags);
  const flagged = (flags.nodeIPs ?? []).length > 0;
  const nodeSource: NodeSource =
    snapshot && snapshot.nodeIPs.length > 0 ? 'snapshot' : known?.nodeSource === 'cluster' ? 'cluster' : flagged ? 'flags' : 'none';
  const noAddresses = ctx.nodeIPs.length + ctx.podCIDRs.length + ctx.lbIPs.length === 0;
  let report: LogReport;
  let describe: string;
  if (file === undefined || file === '-') {
    // No FILE and stdin is not a terminal: a pipe (`kubectl logs … | edgelens logs`).
    describe = 'stdin';
    let seen = 0;
    const counted = (async function* () {
      for await (const chunk of io.stdin as AsyncIterable<Buffer | string>) {
        seen += chunk.length;
        yield chunk;
      }
    })();
    report = await analyzeLogStream(decodedStream(counted, 'stdin'), ctx, { format, nodeSource });
    if (file === undefined && seen === 0) throw new UsageError('nothing on stdin: give a FILE, pipe a log in, or use --from-cluster');
  } else {
    describe = file;
    let kind;
    try {
      if (statSync(file).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      kind = sniffFile(file);
    } catch (err) {
      throw describeFsError(file, err);
    }
    const bad = unreadable(file, kind);
    if (bad) throw bad;
    try {
      report =
        kind.kind === 'gzip'
          ? await analyzeLogStream(decodedStream(createReadStream(file), file), ctx, { format, nodeSource })
          : await analyzeLogFile(file, ctx, { format, workerUrl: logsWorkerUrl(), nodeSource });
    } catch (err) {
      if (typeof (err as NodeJS.ErrnoException).code === 'string') throw describeFsError(file, err);
      throw err;
    }
  }
  return { report, describe, noAddresses };
}

/** Exit 1 on error findings, and on a suspected SNAT: never an all-clear on the SNAT signature. */
export function logsExitCode(report: LogReport): number {
  return report.findings.some((f) => f.severity === 'error') || report.verdict === 'suspect-snat' ? 1 : 0;
}

function print(report: LogReport, io: Io, json: boolean, text: { describe: string; noAddresses?: boolean }): number {
  if (json) printJson(io, report);
  else io.out(formatLogReport(report, text));
  return logsExitCode(report);
}

interface ClusterValues {
  selector?: string;
  namespace?: string;
  tail?: string;
  since?: string;
  'max-bytes'?: string;
  kubeconfig?: string;
  context?: string;
  lab?: boolean;
  scenario?: string;
  json?: boolean;
}

async function fromClusterCommand(values: ClusterValues, flags: Partial<AddressContext>, format: FormatOption, io: Io): Promise<number> {
  const { readTraefikLogs, parseDurationSeconds, parseByteSize, parseSelector, SelectorSyntaxError, DEFAULT_TAIL_LINES } = await import('@/probes/podlogs');
  const tailLines = parsePositiveInt('--tail', values.tail, DEFAULT_TAIL_LINES, 10_000_000);
  const sinceSeconds = values.since === undefined ? undefined : (parseDurationSeconds(values.since) ?? undefined);
  if (values.since !== undefined && sinceSeconds === undefined) throw new UsageError(`--since takes a duration such as 90s, 15m or 1h30m, got "${values.since}"`);
  const limitBytes = values['max-bytes'] === undefined ? undefined : (parseByteSize(values['max-bytes']) ?? undefined);
  if (values['max-bytes'] !== undefined && limitBytes === undefined) throw new UsageError(`--max-bytes takes a size such as 8M or 512k, got "${values['max-bytes']}"`);
  if (values.selector !== undefined) {
    try {
      parseSelector(values.selector);
    } catch (err) {
      if (err instanceof SelectorSyntaxError) throw new UsageError(`--selector: ${err.message}`, { cause: err });
      throw err;
    }
  }

  const source = await openClusterFromFlags(values, io);
  try {
    if (!source.kubeConfig) throw new UsageError('no Kubernetes API to read pod logs from');
    const { podLogReport } = await import('@/lib/logs/pod-log-report');
    const { observation } = await readTraefikLogs(source.kubeConfig, {
      selector: values.selector,
      namespace: values.namespace,
      tailLines,
      sinceSeconds,
      limitBytes,
      extraAddresses: flags,
      parse: { format },
    });
    const report = podLogReport(observation);
    const read = (report.sources ?? []).some((s) => s.lines > 0 || s.error === undefined);
    if (!read) {
      // Nothing could be read at all: unreadable input (exit 2), one line that says why.
      const problem = report.sampling?.problems?.[0];
      const failed = report.sources?.find((s) => s.error !== undefined);
      const why = problem
        ? `${problem.reason}: ${problem.detail}${problem.rbac ? ` (needs RBAC ${problem.rbac})` : ''}`
        : failed
          ? `${failed.namespace}/${failed.pod}: ${failed.error ?? ''}${failed.rbac ? ` (needs RBAC ${failed.rbac})` : ''}`
          : 'no Traefik pod found';
      throw new UsageError(`no Traefik pod log could be read from ${source.describe}: ${why}`);
    }
    return print(report, io, values.json === true, { describe: source.describe });
  } finally {
    await source.close();
  }
}
