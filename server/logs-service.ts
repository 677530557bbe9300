// GET /api/v1/logs: Traefik's access logs sampled from its pods through the
// Kubernetes API (the lab serves generated ones), on request, reused for a
// short time. In snapshot mode there are no pods to read: the report says so
// ("no source") instead of pretending.
import type { KubeConfig } from '@kubernetes/client-node';
import { createLogAccumulator } from '@/lib/logs/accumulator';
import { podLogReport } from '@/lib/logs/pod-log-report';
import { addressContextFromObjects } from '@/lib/logs/address-context';
import type { AddressContext, ClusterSnapshot, LogReport } from '@/lib/model';
import { readTraefikLogs } from '@/probes/podlogs';
import type { SourceMode } from './cluster-source';
import type { LogsSettings } from './logs-config';

export interface LogsSample {
  report: LogReport;
  /** What the classifier knew (also classifies CrowdSec decisions). */
  addresses: AddressContext;
}

export interface LogsServiceDeps {
  mode: SourceMode;
  kubeConfig: KubeConfig | null;
  /** The cluster snapshot behind the current cluster report (cached by the runtime). */
  getSnapshot(): Promise<ClusterSnapshot>;
  settings: LogsSettings;
  now?: () => Date;
}

export interface LogsService {
  get(): Promise<LogsSample>;
}

export const NO_SOURCE_EXPLANATION =
  'unknown: edgelens reads a snapshot file (EDGELENS_SNAPSHOT), which holds no pod logs, so there is no access log to judge. ' +
  'Point edgelens at the cluster (a kubeconfig or its in-cluster service account) to sample the Traefik pods, or classify a saved log with ' +
  '`edgelens logs FILE --snapshot SNAPSHOT`.';

/** The report when there is nothing to read: an empty report with a clear "no source" sampling. */
export function noSourceReport(addresses: AddressContext, now: Date): LogReport {
  const empty = createLogAccumulator(addresses, { nodeSource: addresses.nodeIPs.length > 0 ? 'snapshot' : 'none' }).finish();
  return {
    ...empty,
    explanation: NO_SOURCE_EXPLANATION,
    sources: [],
    sampling: { from: 'none', target: 'no pod logs: snapshot mode', sampledAt: now.toISOString() },
  };
}

export function createLogsService(deps: LogsServiceDeps): LogsService {
  const now = deps.now ?? (() => new Date());
  let cached: { sample: LogsSample; snapshot: ClusterSnapshot; at: number } | null = null;
  let inflight: { snapshot: ClusterSnapshot; promise: Promise<LogsSample> } | null = null;

  const sample = async (snapshot: ClusterSnapshot): Promise<LogsSample> => {
    if (deps.mode === 'snapshot' || deps.kubeConfig === null) {
      const addresses = addressContextFromObjects(snapshot.objects);
      return { report: noSourceReport(addresses, now()), addresses };
    }
    const { settings } = deps;
    const read = await readTraefikLogs(deps.kubeConfig, {
      cluster: snapshot,
      selector: settings.selector,
      namespace: settings.namespace,
      tailLines: settings.tailLines,
      sinceSeconds: settings.sinceSeconds,
      limitBytes: settings.limitBytes,
      timeoutMs: 20_000,
      now,
      // Which CrowdSec hub behaviour and whitelist the per-router CrowdSec tallies assume.
      ...(settings.crowdsec ? { parse: settings.crowdsec } : {}),
    });
    return { report: podLogReport(read.observation), addresses: read.addresses };
  };

  return {
    get: async () => {
      // A new snapshot (watch event, lab scenario switch, TTL) means a new cluster: sample again.
      const snapshot = await deps.getSnapshot();
      if (cached && cached.snapshot === snapshot && Date.now() - cached.at < deps.settings.ttlMs) return cached.sample;
      if (inflight?.snapshot === snapshot) return inflight.promise;
      const promise = sample(snapshot)
        .then((s) => {
          cached = { sample: s, snapshot, at: Date.now() };
          return s;
        })
        .finally(() => {
          if (inflight?.promise === promise) inflight = null;
        });
      inflight = { snapshot, promise };
      return promise;
    },
  };
}
