// The pods/log subresource: query parameters as kube-apiserver validates them,
// and the selection of lines (sinceSeconds/sinceTime, tailLines, limitBytes).
import type { KubeObject } from '../lib/model/kube';
import { podContainers, rfc3339Nano, type LogLine } from './podlogs';
import { badRequest, type KubeStatus } from './status';

export interface LogQuery {
  container?: string;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: Date;
  limitBytes?: number;
  timestamps: boolean;
  follow: boolean;
}

function bool(v: string | null): boolean {
  return v === 'true' || v === '1';
}

function intParam(q: URLSearchParams, name: string, min: number): number | undefined | KubeStatus {
  const raw = q.get(name);
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n)) return badRequest(`${name}: Invalid value: "${raw}": must be an integer`);
  if (n < min) return badRequest(`${name}: Invalid value: ${n}: must be greater than or equal to ${min}`);
  return n;
}

const isStatus = (v: unknown): v is KubeStatus => typeof v === 'object' && v !== null && 'kind' in v && v.kind === 'Status';

/** Validates the query against the pod; returns a 400 Status like the API server on bad input. */
export function parseLogQuery(q: URLSearchParams, pod: KubeObject): LogQuery | KubeStatus {
  const tailLines = intParam(q, 'tailLines', 0);
  const sinceSeconds = intParam(q, 'sinceSeconds', 1);
  const limitBytes = intParam(q, 'limitBytes', 1);
  if (isStatus(tailLines)) return tailLines;
  if (isStatus(sinceSeconds)) return sinceSeconds;
  if (isStatus(limitBytes)) return limitBytes;
  const sinceRaw = q.get('sinceTime');
  let sinceTime: Date | undefined;
  if (sinceRaw) {
    sinceTime = new Date(sinceRaw);
    if (Number.isNaN(sinceTime.getTime())) return badRequest(`sinceTime: Invalid value: "${sinceRaw}": must be RFC3339`);
    if (sinceSeconds !== undefined) return badRequest('at most one of `sinceTime` or `sinceSeconds` may be specified');
  }
  const containers = podContainers(pod);
  let container = q.get('container') || undefined;
  if (container !== undefined && containers.length > 0 && !containers.includes(container)) {
    return badRequest(`container ${container} is not valid for pod ${pod.metadata.name}`);
  }
  if (container === undefined && containers.length > 1) {
    return badRequest(`a container name must be specified for pod ${pod.metadata.name}, choose one of: [${containers.join(' ')}]`);
  }
  container ??= containers[0];
  if (bool(q.get('previous'))) {
    return badRequest(`previous terminated container "${container ?? ''}" in pod "${pod.metadata.name}" not found`);
  }
  return {
    container,
    tailLines,
    sinceSeconds,
    sinceTime,
    limitBytes,
    timestamps: bool(q.get('timestamps')),
    follow: bool(q.get('follow')),
  };
}

export function formatLine(line: LogLine, timestamps: boolean): string {
  return `${timestamps ? `${rfc3339Nano(line.time)} ` : ''}${line.text}\n`;
}

/** The lines the kubelet would return: since-filter first, then the last `tailLines`. */
export function selectLines(lines: readonly LogLine[], q: LogQuery, now: Date): LogLine[] {
  const since = q.sinceTime ?? (q.sinceSeconds !== undefined ? new Date(now.getTime() - q.sinceSeconds * 1000) : undefined);
  const recent = since ? lines.filter((l) => l.time.getTime() >= since.getTime()) : [...lines];
  return q.tailLines !== undefined ? recent.slice(Math.max(0, recent.length - q.tailLines)) : recent;
}

/** Truncates to `limitBytes` (UTF-8), like the kubelet's LimitWriter. */
export function limitText(text: string, limitBytes: number | undefined): string {
  if (limitBytes === undefined) return text;
  const buf = Buffer.from(text, 'utf8');
  return buf.length <= limitBytes ? text : buf.subarray(0, limitBytes).toString('utf8');
}
