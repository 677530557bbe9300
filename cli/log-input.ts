// The input side of `edgelens logs` / `status` / `crowdsec`: what the bytes are (text, gzip,
// something unreadable: exit 2 with one line), and which node/pod addresses judge them —
// from a snapshot, or from the cluster whenever one is configured (kubeconfig, in-cluster,
// --lab), also for `logs -` from stdin. The Kubernetes client is loaded only when used.
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { addressContextFromObjects } from '@/lib/logs/address-context';
import { sniffInput, SNIFF_BYTES, type InputKind } from '@/lib/logs/sniff';
import type { AddressContext, NodeSource } from '@/lib/model/logs';
import { UsageError } from './errors';
import type { Io } from './io';

/** The head of a file, for sniffing. */
export function sniffFile(path: string): InputKind {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const n = readSync(fd, buf, 0, SNIFF_BYTES, 0);
    return sniffInput(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
}

export function unreadable(what: string, kind: InputKind): UsageError | null {
  return kind.kind === 'unreadable' ? new UsageError(`${what} is not a text access log: it looks like ${kind.looksLike}`) : null;
}

/** A gzip stream decompressed; a corrupt one is unreadable input. */
function gunzipped(source: AsyncIterable<Buffer | string>, what: string): AsyncIterable<Buffer> {
  const gunzip = createGunzip();
  const out = Readable.from(source).pipe(gunzip);
  return (async function* () {
    try {
      for await (const chunk of out as AsyncIterable<Buffer>) yield chunk;
    } catch (err) {
      throw new UsageError(`${what}: not a valid gzip stream (${err instanceof Error ? err.message : String(err)})`, { cause: err });
    }
  })();
}

/**
 * Stdin (or any stream) as text chunks: sniffed on its first bytes; gzip is decompressed,
 * anything else that is not text is a UsageError before a single line is counted.
 */
export function decodedStream(source: AsyncIterable<Buffer | string>, what: string): AsyncIterable<Buffer | string> {
  return (async function* () {
    const it = source[Symbol.asyncIterator]();
    const head: Buffer[] = [];
    let size = 0;
    let done = false;
    while (size < SNIFF_BYTES) {
      const next = await it.next();
      if (next.done) {
        done = true;
        break;
      }
      const b = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
      head.push(b);
      size += b.length;
    }
    const first = Buffer.concat(head);
    const kind = sniffInput(first.subarray(0, SNIFF_BYTES));
    const bad = unreadable(what, kind);
    if (bad) throw bad;
    const rest = (async function* () {
      if (first.length > 0) yield first;
      if (done) return;
      for (;;) {
        const next = await it.next();
        if (next.done) return;
        yield next.value;
      }
    })();
    if (kind.kind === 'gzip') yield* gunzipped(rest, what);
    else yield* rest;
  })();
}

/** Is a cluster configured (as kubectl would find it)? Checked without loading the Kubernetes client. */
export function clusterConfigured(env: NodeJS.ProcessEnv): boolean {
  const files = env.KUBECONFIG ? env.KUBECONFIG.split(delimiter).filter(Boolean) : [join(homedir(), '.kube', 'config')];
  return files.some((f) => existsSync(f)) || !!env.KUBERNETES_SERVICE_HOST;
}

export interface ClusterAddressFlags {
  kubeconfig?: string;
  context?: string;
  lab?: boolean;
  scenario?: string;
}

export interface KnownAddresses {
  ctx: Partial<AddressContext>;
  nodeSource: NodeSource;
  /** Why the cluster could not be read (a note for stderr), or null. */
  note: string | null;
}

/**
 * Node/pod/LB addresses from the cluster, when one is configured or named by the flags.
 * A cluster that cannot be read is a note, not a failure: the log is still judged (and
 * node identity is then incomplete, so few private sources are suspect-snat, never preserved).
 */
export async function clusterAddresses(flags: ClusterAddressFlags, io: Io, timeoutMs = 8_000): Promise<KnownAddresses | null> {
  const named = flags.lab === true || flags.kubeconfig !== undefined || flags.context !== undefined || io.env.EDGELENS_MODE === 'lab';
  if (!named && !clusterConfigured(io.env)) return null;
  const { openClusterFromFlags } = await import('./cluster-flags');
  const source = await openClusterFromFlags(flags, io);
  try {
    const snapshot = await source.read(AbortSignal.timeout(timeoutMs));
    const nodeGap = snapshot.gaps.find((g) => g.kind === 'Node');
    const ctx = addressContextFromObjects(snapshot.objects);
    if (nodeGap || ctx.nodeIPs.length === 0) {
      return { ctx, nodeSource: 'none', note: `could not read the nodes of ${source.describe}${nodeGap ? `: ${nodeGap.reason} — ${nodeGap.detail}` : ''}` };
    }
    return { ctx, nodeSource: 'cluster', note: null };
  } catch (err) {
    return { ctx: {}, nodeSource: 'none', note: `could not read ${source.describe}: ${err instanceof Error ? err.message : String(err)}` };
  } finally {
    await source.close();
  }
}
