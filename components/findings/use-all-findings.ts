'use client';
// The four finding sources as one list, with which sources have answered yet:
// a source still loading or failing is said, never read as "no findings".
import { useMemo } from 'react';
import { useCluster, useCrowdsec, useLogs, useProbes } from '@/lib/client/hooks';
import { allFindings, type FindingSource, type SourcedFinding } from './sources';

export interface SourceState {
  source: FindingSource;
  state: 'loading' | 'ok' | 'error';
  message?: string;
}

export function useAllFindings(): { list: SourcedFinding[]; states: SourceState[] } {
  const cluster = useCluster();
  const logs = useLogs();
  const crowdsec = useCrowdsec();
  const probes = useProbes();
  const c = cluster.data?.findings;
  const l = logs.data?.findings;
  const s = crowdsec.data?.findings;
  const e = probes.data?.findings;
  const list = useMemo(() => allFindings({ cluster: c, logs: l, crowdsec: s, edge: e }), [c, l, s, e]);
  const stateOf = (source: FindingSource, q: { data?: unknown; error: { message: string } | null }): SourceState =>
    q.data !== undefined ? { source, state: 'ok' } : q.error ? { source, state: 'error', message: q.error.message } : { source, state: 'loading' };
  return {
    list,
    states: [stateOf('cluster', cluster), stateOf('logs', logs), stateOf('crowdsec', crowdsec), stateOf('edge', probes)],
  };
}
