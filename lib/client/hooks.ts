// TanStack Query hooks over lib/client/api. Keys come only from queryKey().
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchCluster, fetchHealth, fetchLab, postLabScenario, type ApiError } from './api';
import { queryKey } from './query-keys';

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
  });
}

export function useCluster() {
  return useQuery<Awaited<ReturnType<typeof fetchCluster>>, ApiError>({
    queryKey: queryKey('cluster'),
    queryFn: ({ signal }) => fetchCluster({ signal }),
    refetchInterval: CLUSTER_REFETCH_MS,
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
    refetchInterval: CLUSTER_REFETCH_MS,
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
      ]);
    },
  });
}
