// Browser-side transport: typed fetchers for /api/v1. Every response is
// validated with the lib/model zod schema, and every failure — an
// `{ error: { code, message } }` body, a dropped connection, a body that does
// not match the contract — becomes one ApiError the UI can show.
import type { z } from 'zod';
import {
  apiErrorBodySchema,
  clusterReportSchema,
  historyResponseSchema,
  type HistoryRange,
  type HistoryResponse,
  haproxyOutputSchema,
  healthSchema,
  labStateSchema,
  probesResponseSchema,
  type ProbesResponse,
  type ProbesRunRequest,
  whatIfSchema,
  type ClusterReport,
  type HaproxyBackend,
  type HaproxyBind,
  type HaproxyOutput,
  type Health,
  type LabState,
  type WhatIf,
  crowdsecReportSchema,
  logReportSchema,
  type CrowdsecReport,
  type LogReport,
  summarySchema,
  type Summary,
  agentsResponseSchema,
  type AgentsResponse,
} from '@/lib/model';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** Machine-readable code from the server, or `network` / `bad-response` for client-side failures. */
  readonly code: string;
  /** HTTP status; 0 when no response arrived. */
  readonly status: number;

  constructor(code: string, message: string, status: number, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.status = status;
  }
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Origin to prefix paths with; empty (same origin) in the browser. */
  baseUrl?: string;
}

async function request<S extends z.ZodType>(
  method: 'GET' | 'POST',
  path: string,
  schema: S,
  opts: RequestOptions & { body?: unknown } = {},
): Promise<z.infer<S>> {
  const url = `${opts.baseUrl ?? ''}/api/v1/${path}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      signal: opts.signal,
      headers: { accept: 'application/json', ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      cache: 'no-store',
    });
  } catch (err) {
    // An abort is TanStack Query cancelling a stale request, not a failure to show.
    if (opts.signal?.aborted) throw err;
    throw new ApiError('network', `Could not reach the edgelens server (${method} ${url}).`, 0, { cause: err });
  }

  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch (err) {
    throw new ApiError('bad-response', `${method} ${url} answered ${res.status} with a body that is not JSON.`, res.status, { cause: err });
  }

  if (!res.ok) {
    const body = apiErrorBodySchema.safeParse(json);
    if (body.success) throw new ApiError(body.data.error.code, body.data.error.message, res.status);
    throw new ApiError('http', `${method} ${url} failed with HTTP ${res.status}.`, res.status);
  }

  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? ` at ${first.path.join('.') || '(root)'}: ${first.message}` : '';
    throw new ApiError('bad-response', `${method} ${url} returned data that does not match the API contract${where}.`, res.status, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

export function fetchHealth(opts?: RequestOptions): Promise<Health> {
  return request('GET', 'health', healthSchema, opts);
}

export function fetchCluster(opts?: RequestOptions): Promise<ClusterReport> {
  return request('GET', 'cluster', clusterReportSchema, opts);
}

/** Lab mode only; outside it the server answers 404 (an ApiError with status 404). */
export function fetchLab(opts?: RequestOptions): Promise<LabState> {
  return request('GET', 'lab', labStateSchema, opts);
}

export function postLabScenario(name: string, opts?: RequestOptions): Promise<LabState> {
  return request('POST', 'lab/scenario', labStateSchema, { ...opts, body: { name } });
}

/** The POST /api/v1/haproxy body (the server's haproxyRequestSchema): a Service or manual backends. */
export interface HaproxyRequestBody {
  service?: { namespace: string; name: string };
  mode?: 'pod' | 'nodeport';
  backends?: HaproxyBackend[];
  binds?: HaproxyBind[];
  proxy?: 'v1' | 'v2';
  http?: boolean;
  egress?: string;
  trustedIPs?: string[];
  entryPoint?: string;
  /** Service ports to serve (default every TCP port; a Traefik Service: 443, plus 80 with http). */
  ports?: number[];
  receiver?: 'auto' | 'traefik' | 'postfix' | 'dovecot' | 'generic';
}

/** Invalid input is a 400 ApiError (`invalid-input`) whose message names the field and the bad value. */
export function postHaproxy(body: HaproxyRequestBody, opts?: RequestOptions): Promise<HaproxyOutput> {
  return request('POST', 'haproxy', haproxyOutputSchema, { ...opts, body });
}

const whatIfReportSchema = clusterReportSchema.extend({ whatIf: whatIfSchema });
export type WhatIfReport = ClusterReport & { whatIf: WhatIf };

/**
 * The cluster as it would be after `changes` (each `NS/NAME:etp=Local,ip=IP,key=KEY`).
 * A bad change is a 400 ApiError (`invalid-what-if`); a report without `whatIf` breaks the contract.
 */
export function fetchWhatIf(changes: readonly string[], opts?: RequestOptions): Promise<WhatIfReport> {
  const query = new URLSearchParams(changes.map((c) => ['whatIf', c])).toString();
  return request('GET', `cluster?${query}`, whatIfReportSchema, opts);
}

/** The latest edge probe results per configured target, their history and the edge findings. */
export function fetchProbes(opts?: RequestOptions & { since?: HistoryRange }): Promise<ProbesResponse> {
  return request('GET', opts?.since ? `probes?since=${opts.since}` : 'probes', probesResponseSchema, opts);
}

/** The node × target matrix from the agents' latest reports (GET /api/v1/agents). */
export function fetchAgents(opts?: RequestOptions): Promise<AgentsResponse> {
  return request('GET', 'agents', agentsResponseSchema, opts);
}

/**
 * Runs known targets now (all when the body is empty) and returns the new results. Names only:
 * an unknown name is a 400 ApiError `unknown-target`.
 */
export function postProbesRun(body: ProbesRunRequest = {}, opts?: RequestOptions): Promise<ProbesResponse> {
  return request('POST', 'probes/run', probesResponseSchema, { ...opts, body });
}

/** The Traefik access log sampled from its pods (or a "no source" report in snapshot mode). */
export function fetchLogs(opts?: RequestOptions): Promise<LogReport> {
  return request('GET', 'logs', logReportSchema, opts);
}

/** CrowdSec's decisions classified with the cluster's addresses; not configured / unreachable are verdicts, not errors. */
export function fetchCrowdsec(opts?: RequestOptions): Promise<CrowdsecReport> {
  return request('GET', 'crowdsec', crowdsecReportSchema, opts);
}

/** The three first-screen answers, computed on the server (lib/analyzers/summary). */
export function fetchSummary(opts?: RequestOptions): Promise<Summary> {
  return request('GET', 'summary', summarySchema, opts);
}

/** What changed in the range (findings, announcers, source outages, client classes per minute). */
export function fetchHistory(since: HistoryRange, opts?: RequestOptions): Promise<HistoryResponse> {
  return request('GET', `history?since=${since}`, historyResponseSchema, opts);
}
