// Reads a CrowdSec Local API: health, the decisions a bouncer sees, and
// optionally the alerts a machine sees. Returns an observation (data with a
// reason) and never throws for network, HTTP or auth failures.
import { alertListSchema, decisionListSchema, LAPI_NETWORK_ERRORS } from '@/lib/model';
import type { Alert, Decision, LapiCall, LapiErrorKind, LapiObservation } from '@/lib/model';
import { lapiCall, type CallOptions } from './http';
import { parseLapiUrl } from './url';

export interface LapiReadConfig {
  url: string;
  /** A dedicated bouncer key (a real bouncer's key would move its LastPull window). */
  apiKey?: string;
  machine?: { id: string; password: string };
  /** Per request; default 5000 ms. */
  timeoutMs?: number;
  signal?: AbortSignal;
  fetchImpl?: typeof fetch;
  /** `limit` for GET /v1/alerts; default 100. */
  alertsLimit?: number;
  /** "name/version"; default "edgelens/0.1.0" (see CallOptions.userAgent). */
  userAgent?: string;
  /** Clock for `observedAt` (tests). */
  now?: () => Date;
}

const DEFAULT_TIMEOUT_MS = 5000;
const DEFAULT_ALERTS_LIMIT = 100;
export const DEFAULT_USER_AGENT = 'edgelens/0.1.0';

type Health = LapiObservation['health'];
type Decisions = NonNullable<LapiObservation['decisions']>;
type Alerts = NonNullable<LapiObservation['alerts']>;

function failedCall(error: LapiErrorKind, detail: string): LapiCall {
  return { ok: false, error, status: null, detail, ms: null };
}

/** A header value fetch would reject (and echo in its error): refuse it before sending. */
function headerSafe(value: string): boolean {
  return /^[\x21-\x7e]+$/.test(value);
}

export async function readLapi(cfg: LapiReadConfig): Promise<LapiObservation> {
  const observedAt = (cfg.now ?? (() => new Date()))().toISOString();
  const apiKey = cfg.apiKey === undefined || cfg.apiKey === '' ? undefined : cfg.apiKey;
  const machine = cfg.machine;
  const parsed = parseLapiUrl(cfg.url);

  if (!parsed.ok) {
    const call = failedCall('invalid-url', parsed.reason);
    return {
      url: parsed.display,
      observedAt,
      health: { ...call, up: null },
      decisions: apiKey === undefined ? null : { ...call, items: [] },
      alerts: machine === undefined ? null : { ...call, step: 'login', items: [] },
    };
  }

  const secrets = [apiKey, machine?.password].filter((s): s is string => s !== undefined && s !== '');
  const opts: CallOptions = {
    fetchImpl: cfg.fetchImpl ?? fetch,
    timeoutMs: cfg.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    secrets,
    userAgent: cfg.userAgent ?? DEFAULT_USER_AGENT,
    ...(cfg.signal ? { signal: cfg.signal } : {}),
  };
  const base = parsed.base;

  const health = await readHealth(base, opts);
  // Nothing answered: do not wait for two more timeouts to learn the same thing.
  if (health.error !== null && LAPI_NETWORK_ERRORS.includes(health.error)) {
    const skipped = failedCall(health.error, `not attempted: ${health.detail ?? 'the LAPI did not answer /health'}`);
    return {
      url: parsed.display,
      observedAt,
      health,
      decisions: apiKey === undefined ? null : { ...skipped, items: [] },
      alerts: machine === undefined ? null : { ...skipped, step: 'login', items: [] },
    };
  }

  const [decisions, alerts] = await Promise.all([
    apiKey === undefined ? Promise.resolve(null) : readDecisions(base, apiKey, opts),
    machine === undefined ? Promise.resolve(null) : readAlerts(base, machine, cfg.alertsLimit ?? DEFAULT_ALERTS_LIMIT, opts),
  ]);
  return { url: parsed.display, observedAt, health, decisions, alerts };
}

async function readHealth(base: URL, opts: CallOptions): Promise<Health> {
  const { call, body } = await lapiCall(new URL('health', base), { method: 'GET' }, opts);
  if (!call.ok) return { ...call, up: null };
  const up = typeof body === 'object' && body !== null && 'status' in body && body.status === 'up';
  return { ...call, up };
}

async function readDecisions(base: URL, apiKey: string, opts: CallOptions): Promise<Decisions> {
  if (!headerSafe(apiKey)) {
    return { ...failedCall('auth', 'the bouncer key contains characters that cannot be sent in an HTTP header (spaces or a line break?)'), items: [] };
  }
  const { call, body } = await lapiCall(new URL('v1/decisions', base), { method: 'GET', headers: { 'X-Api-Key': apiKey, Accept: 'application/json' } }, opts);
  if (!call.ok) return { ...call, items: [] };
  const items = decisionListSchema.safeParse(body);
  if (!items.success) {
    return { ...call, ok: false, error: 'invalid-response', detail: 'GET /v1/decisions: the answer is not a list of decisions', items: [] };
  }
  return { ...call, items: items.data satisfies Decision[] };
}

async function readAlerts(base: URL, machine: { id: string; password: string }, limit: number, opts: CallOptions): Promise<Alerts> {
  const login = await lapiCall(
    new URL('v1/watchers/login', base),
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ machine_id: machine.id, password: machine.password, scenarios: [] }),
    },
    opts,
  );
  if (!login.call.ok) return { ...login.call, step: 'login', items: [] };
  const token = tokenOf(login.body);
  if (token === null || !headerSafe(token)) {
    return { ...login.call, ok: false, error: 'invalid-response', detail: 'POST /v1/watchers/login: the answer carries no token', step: 'login', items: [] };
  }

  const url = new URL('v1/alerts', base);
  url.searchParams.set('limit', String(limit));
  const withToken: CallOptions = { ...opts, secrets: [...opts.secrets, token] };
  const { call, body } = await lapiCall(url, { method: 'GET', headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } }, withToken);
  if (!call.ok) return { ...call, step: 'alerts', items: [] };
  const items = alertListSchema.safeParse(body);
  if (!items.success) {
    return { ...call, ok: false, error: 'invalid-response', detail: 'GET /v1/alerts: the answer is not a list of alerts', step: 'alerts', items: [] };
  }
  return { ...call, step: 'alerts', items: items.data satisfies Alert[] };
}

function tokenOf(body: unknown): string | null {
  if (typeof body === 'object' && body !== null && 'token' in body && typeof body.token === 'string' && body.token !== '') return body.token;
  return null;
}
