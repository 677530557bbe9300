// Traefik access logs straight from the pods: find the Traefik replicas, read
// each one's log through the Kubernetes API (pods/log with tailLines,
// sinceSeconds and limitBytes), all replicas in parallel, streaming every
// chunk into a log accumulator, and merge the counts. A pod that cannot be read
// (403 on pods/log, gone since the list, container not started) becomes a source
// row with the reason; it never fails the whole read. This probe returns
// observations only (counts, sources, how the sample was taken): the report,
// its verdict and findings are built by lib/logs/pod-log-report.ts.
import type { KubeConfig } from '@kubernetes/client-node';
import type { Gap } from '../../lib/model/cluster';
import type { KubeObject } from '../../lib/model/kube';
import type { AddressContext, LogSampling, LogSource, NodeSource } from '../../lib/model/logs';
import type { PodLogObservation } from '../../lib/logs/pod-log-report';
import { createLogAccumulator, type LogAccumulatorOptions } from '../../lib/logs/accumulator';
import { addressContextFromObjects, mergeAddressContexts } from '../../lib/logs/address-context';
import type { AccumulatorState } from '../../lib/logs/state';
import { statusMessage, transportGap } from '../kube/errors';
import { readCluster } from '../kube/read-cluster';
import { openPodLog, podLogPath } from './log-request';
import { DEFAULT_CONCURRENCY, DEFAULT_LIMIT_BYTES, DEFAULT_TAIL_LINES, formatBytes, type PodLogSelection } from './options';
import { findTraefikPods, type PodTarget } from './targets';

export interface ReadTraefikLogsOptions extends PodLogSelection {
  /** Services, Pods and Nodes already read (the server's cached snapshot); read now when absent. */
  cluster?: { objects: readonly KubeObject[]; gaps: readonly Gap[] };
  /** Addresses known besides the cluster's own (CLI flags), merged on top. */
  extraAddresses?: Partial<AddressContext>;
  /** Accumulator options: format (default auto), topClients. */
  parse?: Pick<LogAccumulatorOptions, 'format' | 'topClients' | 'crowdsecHub' | 'crowdsecWhitelist'>;
  /** Pods read at once (default 8). */
  concurrency?: number;
  /** Deadline for the whole read, cluster listing included (default 20 s). */
  timeoutMs?: number;
  /** Aborting it makes the read reject with the signal's reason (the caller asked to stop). */
  signal?: AbortSignal;
  now?: () => Date;
}

export interface TraefikLogRead {
  /** What was read: merged counts, one row per pod, how the sample was taken. */
  observation: PodLogObservation;
  /** What the classifier knew: node IPs, pod ranges, LB IPs (for CrowdSec's classification too). */
  addresses: AddressContext;
}

/** The RBAC rule that allows reading pod logs. */
export const POD_LOG_RBAC = 'apiGroups: [""], resources: ["pods/log"], verbs: ["get"]';

/** Bytes held back while looking for the end of a line; longer lines go to the parser (which calls them malformed). */
const HOLD_MAX = 2 * 1024 * 1024;

interface PodResult {
  source: LogSource;
  state: AccumulatorState | null;
}

function httpFailure(t: PodTarget, status: number, text: string): Pick<LogSource, 'reason' | 'error' | 'rbac'> {
  const message = statusMessage(text);
  switch (status) {
    case 403:
      return { reason: 'forbidden', error: `reading the log is forbidden (403): ${message || 'pods/log denied'}`, rbac: POD_LOG_RBAC };
    case 404:
      return { reason: 'not-found', error: `pod ${t.namespace}/${t.name} is gone (404${message ? `: ${message}` : ''})` };
    case 401:
      return { reason: 'error', error: `unauthorized (401): the API server rejected the credentials: ${message}` };
    default:
      return { reason: 'error', error: `HTTP ${status}: ${message || 'no message'}` };
  }
}

async function readPod(
  kc: KubeConfig,
  t: PodTarget,
  sel: Required<Pick<PodLogSelection, 'tailLines' | 'limitBytes'>> & Pick<PodLogSelection, 'sinceSeconds'>,
  ctx: AddressContext,
  parse: LogAccumulatorOptions,
  signal: AbortSignal,
  deadline: { signal: AbortSignal; ms: number },
): Promise<PodResult> {
  const base: LogSource = {
    pod: t.name,
    namespace: t.namespace,
    ...(t.container !== undefined ? { container: t.container } : {}),
    ...(t.node !== undefined ? { node: t.node } : {}),
    lines: 0,
    bytes: 0,
  };
  const server = kc.getCurrentCluster()?.server ?? 'the API server';
  const path = podLogPath(t.namespace, t.name, { container: t.container, tailLines: sel.tailLines, sinceSeconds: sel.sinceSeconds, limitBytes: sel.limitBytes });
  let res: Awaited<ReturnType<typeof openPodLog>>;
  try {
    res = await openPodLog(kc, path, signal);
  } catch (err) {
    const gap = transportGap('Pod', err, server, deadline.signal.aborted ? { ms: deadline.ms } : null);
    return { source: { ...base, reason: gap.reason === 'unreachable' ? 'unreachable' : 'error', error: gap.detail }, state: null };
  }
  if (res.status !== 200 || res.stream === null) {
    const text = await res.text().catch(() => '');
    return { source: { ...base, ...httpFailure(t, res.status, text) }, state: null };
  }

  const acc = createLogAccumulator(ctx, parse);
  const reader = res.stream.getReader();
  let bytes = 0;
  let truncated = false;
  let pending: Buffer | null = null;
  let failure: Pick<LogSource, 'reason' | 'error'> | null = null;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      let chunk = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      // Enforced here too: an API server (or proxy) that ignores limitBytes must not make edgelens read without end.
      if (bytes + chunk.length > sel.limitBytes) {
        chunk = chunk.subarray(0, sel.limitBytes - bytes);
        truncated = true;
      }
      bytes += chunk.length;
      // Whole lines only: a line cut by the byte bound is not a malformed entry.
      const nl = chunk.lastIndexOf(10);
      if (nl < 0) {
        pending = pending ? Buffer.concat([pending, chunk]) : Buffer.from(chunk);
        if (pending.length > HOLD_MAX) {
          acc.addBuffer(pending);
          pending = null;
        }
      } else {
        if (pending) acc.addBuffer(pending);
        acc.addBuffer(chunk.subarray(0, nl + 1));
        pending = nl + 1 < chunk.length ? Buffer.from(chunk.subarray(nl + 1)) : null;
      }
      if (truncated) {
        await reader.cancel().catch(() => undefined);
        break;
      }
    }
  } catch (err) {
    const gap = transportGap('Pod', err, server, deadline.signal.aborted ? { ms: deadline.ms } : null);
    failure = { reason: gap.reason === 'unreachable' ? 'unreachable' : 'error', error: `the log stopped after ${formatBytes(bytes)}: ${gap.detail}` };
  }
  // The kubelet stops at exactly limitBytes: reaching it means the selection was cut.
  if (bytes >= sel.limitBytes) truncated = true;
  if (pending && !truncated && !failure) acc.addBuffer(pending);
  const state = acc.toState();
  return {
    source: { ...base, lines: state.lines, bytes, ...(truncated ? { truncated: true } : {}), ...(failure ?? {}) },
    state,
  };
}

/** Runs `fn` over `items` with at most `limit` at once, keeping the order of results. */
async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export async function readTraefikLogs(kc: KubeConfig, opts: ReadTraefikLogsOptions = {}): Promise<TraefikLogRead> {
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, deadline]) : deadline;
  const now = opts.now ?? (() => new Date());
  const sel = {
    tailLines: opts.tailLines ?? DEFAULT_TAIL_LINES,
    limitBytes: opts.limitBytes ?? DEFAULT_LIMIT_BYTES,
    ...(opts.sinceSeconds !== undefined ? { sinceSeconds: opts.sinceSeconds } : {}),
  };

  const cluster = opts.cluster ?? (await readCluster(kc, { kinds: ['Service', 'Pod', 'Node'], signal: opts.signal, timeoutMs }));
  if (opts.signal?.aborted) throw opts.signal.reason;
  const addresses = mergeAddressContexts(addressContextFromObjects(cluster.objects), opts.extraAddresses);
  const selection = findTraefikPods(cluster.objects, { selector: opts.selector, namespace: opts.namespace, gaps: cluster.gaps });
  const parse: LogAccumulatorOptions = { ...opts.parse };

  const results = await pool(selection.pods, opts.concurrency ?? DEFAULT_CONCURRENCY, (t) =>
    readPod(kc, t, sel, addresses, parse, signal, { signal: deadline, ms: timeoutMs }),
  );
  if (opts.signal?.aborted) throw opts.signal.reason;

  const main = createLogAccumulator(addresses, parse);
  for (const r of results) if (r.state) main.merge(r.state);
  const sources = results.map((r) => r.source);
  const nodeRead = !cluster.gaps.some((g) => g.kind === 'Node') && addresses.nodeIPs.length > 0;
  const nodeSource: NodeSource = nodeRead ? 'cluster' : (opts.extraAddresses?.nodeIPs ?? []).length > 0 ? 'flags' : 'none';
  const sampling: LogSampling = {
    from: 'pods',
    target: selection.describe,
    ...(opts.selector ? { selector: opts.selector } : {}),
    ...(opts.namespace ? { namespace: opts.namespace } : {}),
    tailLines: sel.tailLines,
    ...(sel.sinceSeconds !== undefined ? { sinceSeconds: sel.sinceSeconds } : {}),
    limitBytes: sel.limitBytes,
    sampledAt: now().toISOString(),
    ...(selection.problems.length > 0 ? { problems: selection.problems } : {}),
  };
  return {
    observation: { state: main.toState(), sources, sampling, nodeSource, ...(addresses.names ? { names: addresses.names } : {}) },
    addresses,
  };
}
