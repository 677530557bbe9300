// What the three answers are computed from. Each report may be missing, with the reason it is
// (a source that could not be read is said so in the answer, never silently skipped).
import type { ClusterReport, LbImplementation, LbService } from '../../model/cluster';
import type { CrowdsecReport } from '../../model/crowdsec';
import type { LogReport } from '../../model/logs';
import type { ProbesResponse } from '../../model/probe';

export type Reading<T> = { ok: true; data: T } | { ok: false; reason: string } | null;

export interface SummaryInput {
  cluster: Reading<ClusterReport>;
  logs: Reading<LogReport>;
  probes: Reading<ProbesResponse>;
  crowdsec: Reading<CrowdsecReport>;
  now: Date;
}

export const dataOf = <T>(r: Reading<T>): T | null => (r && r.ok ? r.data : null);

export interface LbServiceAt {
  ip: string;
  svc: LbService;
  /** Which load balancer serves it (reports written before the field existed were MetalLB's). */
  implementation: LbImplementation;
}

export const nameOf = (svc: LbService): string => `${svc.namespace}/${svc.name}`;

/** HTTP(S) ports of a Service, by the one classification (lib/analyzers/ports.ts, carried in the report). */
export const webPortsOf = (svc: LbService): string[] => svc.webPorts ?? [];
export const quicPortsOf = (svc: LbService): string[] => svc.quicPorts ?? [];

export function services(report: ClusterReport, state: 'assigned' | 'requested'): LbServiceAt[] {
  return report.loadBalancers.flatMap((lb) =>
    lb.services.filter((s) => (state === 'requested' ? s.state === 'requested' : s.state !== 'requested')).map((svc) => ({ ip: lb.ip, svc, implementation: lb.implementation ?? 'metallb' })),
  );
}

/** Can the access logs answer: entries were sampled and some have an IP client. */
export function logsAnswer(logs: LogReport | null): logs is LogReport {
  return logs !== null && logs.sampling?.from !== 'none' && logs.parsed > 0 && logs.verdict !== 'unknown';
}

/** Why the logs cannot answer, in a few words a user can act on. */
export function logsGap(r: Reading<LogReport>): string {
  if (r === null) return 'no access log was given';
  if (!r.ok) return `the access logs could not be sampled: ${r.reason}`;
  const logs = r.data;
  if (logs.sampling?.from === 'none') return 'no access log to sample (a snapshot holds no pod logs)';
  if (logs.parsed > 0) {
    return logs.noClient && logs.noClient === logs.parsed
      ? `none of the ${fmt(logs.parsed)} access-log entries carries a client field (accessLog.fields drops it)`
      : `none of the ${fmt(logs.parsed)} access-log entries has an IP client address`;
  }
  const problem = logs.sampling?.problems?.[0];
  if (problem) return `the access logs could not be sampled: ${problem.reason === 'forbidden' ? `reading ${problem.kind} is forbidden (RBAC)` : problem.detail}`;
  const sources = logs.sources ?? [];
  const failed = sources.filter((s) => s.error !== undefined);
  if (failed.length > 0 && failed.length === sources.length) return `no Traefik pod log could be read (${failed[0]?.error ?? 'error'})`;
  if (logs.lines === 0) return 'the Traefik pods have not logged a request yet';
  return `none of the ${fmt(logs.lines)} log lines is an access-log entry — is Traefik's access log on?`;
}

const fmt = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
