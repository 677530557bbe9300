// TanStack Query hooks over lib/client/api. Keys come only from queryKey().
import { useEffect } from 'react';
import { skipToken, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchHistory, fetchCrowdsec, fetchLogs, fetchSummary, fetchCluster, fetchHealth, fetchLab, fetchWhatIf, postHaproxy, postLabScenario, type ApiError, type HaproxyRequestBody, fetchProbes, postProbesRun, fetchAgents } from './api';
import { queryKey } from './query-keys';
import { useRefreshInterval } from './refresh';
import type { HistoryRange, ProbesRunRequest } from '@/lib/model';

/**
 * The server re-reads the cluster when it changes (watch); polling this often
 * makes the page follow it without a reload.
 */
export const CLUSTER_REFETCH_MS = 3_000;

export function useHealth() {
  return useQuery<Awaited<ReturnType<typeof fetchHealth>>, ApiError>({
    queryKey: queryKey('health'),
    queryFn: ({ signal }) => fetchHealth({ signal }),
    staleTime: 30_000,
    // Polled: the degraded banner must follow a source going down and coming back.
    refetchInterval: 5_000,
  });
}

/** What changed recently (GET /api/v1/history), refreshed each minute. */
export function useHistory(since: HistoryRange) {
  return useQuery<Awaited<ReturnType<typeof fetchHistory>>, ApiError>({
    queryKey: queryKey('history', { since }),
    queryFn: ({ signal }) => fetchHistory(since, { signal }),
    refetchInterval: 60_000,
  });
}

/**
 * The history behind a ranged chart (`null`: the page shows the latest sample, nothing is asked).
 * Polled like the log sample: each sample the page takes adds to the newest minutes.
 */
export function useRangeHistory(since: HistoryRange | null) {
  return useQuery<Awaited<ReturnType<typeof fetchHistory>>, ApiError>({
    queryKey: queryKey('history', { since: since ?? undefined }),
    queryFn: since === null ? skipToken : ({ signal }) => fetchHistory(since, { signal }),
    refetchInterval: useRefreshInterval(LOGS_REFETCH_MS),
  });
}

export function useCluster() {
  return useQuery<Awaited<ReturnType<typeof fetchCluster>>, ApiError>({
    queryKey: queryKey('cluster'),
    queryFn: ({ signal }) => fetchCluster({ signal }),
    refetchInterval: useRefreshInterval(CLUSTER_REFETCH_MS),
  });
}

/**
 * The lab's scenario and choices; only asked for when `enabled` (health says lab mode).
 * Polled like the cluster so a switch made elsewhere (CLI, another tab) shows in the banner too.
 */
export function useLabScenario(enabled: boolean) {
  return useQuery<Awaited<ReturnType<typeof fetchLab>>, ApiError>({
    queryKey: queryKey('lab'),
    queryFn: ({ signal }) => fetchLab({ signal }),
    enabled,
    refetchInterval: useRefreshInterval(CLUSTER_REFETCH_MS),
  });
}

export function useSwitchScenario() {
  const client = useQueryClient();
  return useMutation<Awaited<ReturnType<typeof postLabScenario>>, ApiError, string>({
    mutationFn: (name) => postLabScenario(name),
    onSuccess: async (state) => {
      client.setQueryData(queryKey('lab'), state);
      // Everything derived from the cluster changes with the scenario; refetch now instead of waiting for the poll.
      await Promise.all([
        client.invalidateQueries({ queryKey: queryKey('cluster') }),
        client.invalidateQueries({ queryKey: queryKey('health') }),
        client.invalidateQueries({ queryKey: queryKey('lab') }),
        // The lab serves each scenario's own Traefik pod logs.
        client.invalidateQueries({ queryKey: queryKey('logs') }),
        client.invalidateQueries({ queryKey: queryKey('crowdsec') }),
        // The answers every page leads with are computed from all of the above.
        client.invalidateQueries({ queryKey: queryKey('summary') }),
        // Service-mode HAProxy configs are built from the cluster's endpoints.
        client.invalidateQueries({ queryKey: queryKey('haproxy') }),
      ]);
    },
  });
}

/**
 * The generated HAProxy + Traefik config for one request; `null` asks for nothing.
 * The output is a pure function of the request (and, in service mode, of the
 * cluster), so it is a query keyed by the request rather than a mutation.
 */
export function useHaproxy(body: HaproxyRequestBody | null) {
  return useQuery<Awaited<ReturnType<typeof postHaproxy>>, ApiError>({
    // The body is built in a fixed field order, so its JSON is a stable key.
    queryKey: queryKey('haproxy', { request: body === null ? undefined : JSON.stringify(body) }),
    queryFn: body === null ? skipToken : ({ signal }) => postHaproxy(body, { signal }),
    staleTime: 30_000,
  });
}

/**
 * The what-if report for `changes`; nothing is asked while the list is empty.
 * Keyed under 'cluster', so a scenario switch (which invalidates the cluster) refreshes the preview too.
 */
export function useWhatIf(changes: readonly string[]) {
  return useQuery<Awaited<ReturnType<typeof fetchWhatIf>>, ApiError>({
    queryKey: queryKey('cluster', { whatIf: changes.length === 0 ? undefined : changes.join('\n') }),
    queryFn: changes.length === 0 ? skipToken : ({ signal }) => fetchWhatIf(changes, { signal }),
  });
}

/** The server runs probes on its own schedule; poll often enough that a scheduled run shows up soon. */
export const PROBES_REFETCH_MS = 5_000;

/** `since`: each target's history and runs over that range, from the history store (the Edge page's time range). */
export function useProbes(since: HistoryRange | null = null) {
  const client = useQueryClient();
  const query = useQuery<Awaited<ReturnType<typeof fetchProbes>>, ApiError>({
    queryKey: queryKey('probes', { since: since ?? undefined }),
    queryFn: ({ signal }) => fetchProbes({ signal, ...(since ? { since } : {}) }),
    // A new range is a new document: keep the old one on screen (marked by the caption) until it arrives.
    placeholderData: (previous) => previous,
    refetchInterval: useRefreshInterval(PROBES_REFETCH_MS),
  });
  // New probe results change the HTTP/3 answer: re-read the summary at once, so the answer a page
  // leads with never lags the probe totals beneath it by a polling interval. Structural sharing keeps
  // `data` the same object while nothing changed, so an unchanged poll re-reads nothing.
  const data = query.data;
  useEffect(() => {
    if (data !== undefined) void client.invalidateQueries({ queryKey: queryKey('summary') });
  }, [client, data]);
  return query;
}

/** The agents' matrix: refreshed like the probes (agents report on their own schedule). */
export function useAgents() {
  return useQuery<Awaited<ReturnType<typeof fetchAgents>>, ApiError>({
    queryKey: queryKey('agents'),
    queryFn: ({ signal }) => fetchAgents({ signal }),
    refetchInterval: PROBES_REFETCH_MS,
  });
}

/** "Run now": the answer is the new document, so it replaces the cached one at once. */
export function useRunProbes() {
  const client = useQueryClient();
  return useMutation<Awaited<ReturnType<typeof postProbesRun>>, ApiError, ProbesRunRequest | undefined>({
    mutationFn: (body) => postProbesRun(body ?? {}),
    onSuccess: async (doc) => {
      client.setQueryData(queryKey('probes'), doc);
      await client.invalidateQueries({ queryKey: queryKey('summary') });
      // Ranged views (?since=) read the store: refetch them so the new run shows there too.
      await client.invalidateQueries({ queryKey: queryKey('probes'), predicate: (q) => q.queryKey.length > 2 });
    },
  });
}

/** The server samples Traefik's pod logs with a short cache; polling keeps the Client IPs page current. */
export const LOGS_REFETCH_MS = 15_000;

export function useLogs() {
  return useQuery<Awaited<ReturnType<typeof fetchLogs>>, ApiError>({
    queryKey: queryKey('logs'),
    queryFn: ({ signal }) => fetchLogs({ signal }),
    refetchInterval: useRefreshInterval(LOGS_REFETCH_MS),
  });
}

export function useCrowdsec() {
  return useQuery<Awaited<ReturnType<typeof fetchCrowdsec>>, ApiError>({
    queryKey: queryKey('crowdsec'),
    queryFn: ({ signal }) => fetchCrowdsec({ signal }),
    refetchInterval: useRefreshInterval(LOGS_REFETCH_MS),
  });
}

/** The answers follow the cluster, the log sample and the probes; the server caches each. */
export const SUMMARY_REFETCH_MS = 5_000;

export function useSummary() {
  return useQuery<Awaited<ReturnType<typeof fetchSummary>>, ApiError>({
    queryKey: queryKey('summary'),
    queryFn: ({ signal }) => fetchSummary({ signal }),
    refetchInterval: SUMMARY_REFETCH_MS,
  });
}
