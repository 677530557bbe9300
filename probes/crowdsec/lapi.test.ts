import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lapiObservationSchema } from '@/lib/model';
import { readLapi, type LapiReadConfig } from './lapi';

const KEY = '74d7fbc39e4903f63f7d4d1ba4d7e023';
const PASSWORD = 'o7RDTYUfpq2cTbORCoR9d9m5oM1TPYbgl1f8M9Y9OF8W7qP8DxPMvP39ACAYu9qu';
const TOKEN = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpZCI6ImVkZ2VsZW5zLWxhYiJ9.R3tzyNWa5f-ib2tpoHK4RWIVpo0b20sZ8P9YYIXSFTQ';
const SECRETS = [KEY, PASSWORD, TOKEN];
const BASE = 'http://127.0.0.1:8080';
const NOW = () => new Date('2026-11-22T03:30:00Z');

const decisionsJson = readFileSync(new URL('../../lib/analyzers/__fixtures__/lapi-decisions.json', import.meta.url), 'utf8');
const alertsJson = readFileSync(new URL('../../lib/analyzers/__fixtures__/lapi-alerts.json', import.meta.url), 'utf8');

type Handler = (req: Request) => Response | Promise<Response>;
const json = (status: number, body: string): Response => new Response(body, { status, headers: { 'Content-Type': 'application/json' } });

/** A fetch that answers like a LAPI (override per route) and records what it was sent. */
function fakeLapi(overrides: Record<string, Handler> = {}) {
  const seen: Array<{ route: string; headers: Headers; body: string; redirect: RequestRedirect }> = [];
  const routes: Record<string, Handler> = {
    'GET /health': () => json(200, '{"status":"up"}'),
    'GET /v1/decisions': (req) => (req.headers.get('x-api-key') === KEY ? json(200, decisionsJson) : json(403, '{"message":"access forbidden"}')),
    'POST /v1/watchers/login': async (req) => {
      const body = (await req.json()) as { password?: string };
      return body.password === PASSWORD ? json(200, JSON.stringify({ code: 200, expire: '2026-11-22T04:30:00Z', token: TOKEN })) : json(401, '{"code":401,"message":"incorrect Username or Password"}');
    },
    'GET /v1/alerts': (req) => (req.headers.get('authorization') === `Bearer ${TOKEN}` ? json(200, alertsJson) : json(401, '{"code":401,"message":"token contains an invalid number of segments"}')),
    ...overrides,
  };
  const fetchImpl: typeof fetch = async (input, init) => {
    const req = new Request(input, init);
    const url = new URL(req.url);
    const route = `${req.method} ${url.pathname}`;
    seen.push({ route: `${route}${url.search}`, headers: req.headers, body: req.method === 'POST' ? await req.clone().text() : '', redirect: init?.redirect ?? 'follow' });
    const handler = routes[route];
    return handler ? handler(req) : json(404, '{"message":"not found"}');
  };
  return { fetchImpl, seen };
}

const read = (fetchImpl: typeof fetch, over: Partial<LapiReadConfig> = {}) =>
  readLapi({ url: BASE, apiKey: KEY, machine: { id: 'edgelens-lab', password: PASSWORD }, fetchImpl, now: NOW, ...over });

function expectNoSecrets(value: unknown): void {
  const text = JSON.stringify(value);
  for (const s of SECRETS) expect(text).not.toContain(s);
}

function connectError(code: string, message: string): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code }) });
}

describe('readLapi against a well-behaved LAPI', () => {
  it('reads health, decisions and alerts, and sends the key, token and a name/version User-Agent', async () => {
    const lapi = fakeLapi();
    const obs = await read(lapi.fetchImpl);
    expect(lapiObservationSchema.parse(obs)).toEqual(obs);
    expect(obs).toMatchObject({ url: BASE, observedAt: '2026-11-22T03:30:00.000Z', health: { ok: true, up: true, status: 200 } });
    expect(obs.decisions?.items.map((d) => d.value)).toEqual(['203.0.113.50', 'XX', '10.0.20.103', '10.0.0.0/8', '10.42.1.17']);
    expect(obs.alerts).toMatchObject({ ok: true, step: 'alerts' });
    expect(obs.alerts?.items).toHaveLength(5);
    expect(lapi.seen.map((s) => s.route)).toEqual(['GET /health', 'GET /v1/decisions', 'POST /v1/watchers/login', 'GET /v1/alerts?limit=100']);
    for (const s of lapi.seen) {
      expect(s.headers.get('user-agent')).toMatch(/^edgelens\/\d/);
      expect(s.redirect).toBe('manual');
    }
    expect(JSON.parse(lapi.seen[2]?.body ?? '')).toEqual({ machine_id: 'edgelens-lab', password: PASSWORD, scenarios: [] });
    expectNoSecrets(obs);
  });

  it('treats a JSON null decision list as empty', async () => {
    const obs = await read(fakeLapi({ 'GET /v1/decisions': () => json(200, 'null') }).fetchImpl);
    expect(obs.decisions).toMatchObject({ ok: true, items: [] });
  });

  it('reads nothing it has no credentials for', async () => {
    const lapi = fakeLapi();
    const obs = await readLapi({ url: BASE, fetchImpl: lapi.fetchImpl, now: NOW });
    expect(obs.decisions).toBeNull();
    expect(obs.alerts).toBeNull();
    expect(lapi.seen.map((s) => s.route)).toEqual(['GET /health']);
  });

  it('keeps a path prefix (LAPI behind a reverse proxy)', async () => {
    const seen: string[] = [];
    const fetchImpl: typeof fetch = async (input) => {
      seen.push(new URL(input instanceof Request ? input.url : input).pathname);
      return json(200, 'null');
    };
    const obs = await readLapi({ url: 'https://lapi.example.test/crowdsec', apiKey: KEY, fetchImpl });
    expect(seen).toEqual(['/crowdsec/health', '/crowdsec/v1/decisions']);
    expect(obs.url).toBe('https://lapi.example.test/crowdsec');
  });

  it('goes on to the decisions when /health is missing (404)', async () => {
    const obs = await read(fakeLapi({ 'GET /health': () => json(404, '{"message":"not found"}') }).fetchImpl);
    expect(obs.health).toMatchObject({ ok: false, error: 'http', status: 404, up: null });
    expect(obs.decisions?.ok).toBe(true);
  });
});

describe('readLapi: auth failures', () => {
  it('reports a wrong bouncer key as auth with the status and the LAPI message', async () => {
    const obs = await read(fakeLapi().fetchImpl, { apiKey: 'wrong-key-0000', machine: undefined });
    expect(obs.decisions).toMatchObject({ ok: false, error: 'auth', status: 403, detail: 'GET /v1/decisions: HTTP 403 (access forbidden)', items: [] });
  });

  it('reports a wrong machine password at the login step', async () => {
    const obs = await read(fakeLapi().fetchImpl, { machine: { id: 'edgelens-lab', password: 'not-the-password' } });
    expect(obs.alerts).toMatchObject({ ok: false, error: 'auth', status: 401, step: 'login' });
    expect(obs.alerts?.detail).toContain('incorrect Username or Password');
    expect(JSON.stringify(obs)).not.toContain('not-the-password');
  });

  it('never repeats a secret the LAPI echoes back in an error body', async () => {
    const lapi = fakeLapi({
      'GET /v1/decisions': (req) => json(403, JSON.stringify({ message: `key ${req.headers.get('x-api-key') ?? ''} is unknown` })),
      'GET /v1/alerts': (req) => json(401, JSON.stringify({ message: `token ${req.headers.get('authorization') ?? ''} expired` })),
    });
    const obs = await read(lapi.fetchImpl);
    expect(obs.decisions?.detail).toBe('GET /v1/decisions: HTTP 403 (key [redacted] is unknown)');
    expect(obs.alerts).toMatchObject({ error: 'auth', step: 'alerts', detail: 'GET /v1/alerts: HTTP 401 (token Bearer [redacted] expired)' });
    expectNoSecrets(obs);
  });

  it('never repeats a secret from a 500 body or a raw text body', async () => {
    const lapi = fakeLapi({
      'GET /v1/decisions': () => new Response(`panic: bad key ${KEY}\n`, { status: 500 }),
      'POST /v1/watchers/login': () => new Response(`<html>password ${PASSWORD}</html>`, { status: 502 }),
    });
    const obs = await read(lapi.fetchImpl);
    expect(obs.decisions).toMatchObject({ error: 'http', status: 500 });
    expect(obs.alerts).toMatchObject({ error: 'http', status: 502, step: 'login' });
    expectNoSecrets(obs);
  });

  it('refuses to send a key that is not a valid header value, without echoing it', async () => {
    const lapi = fakeLapi();
    const badKey = `${KEY}\nX-Injected: 1`;
    const obs = await read(lapi.fetchImpl, { apiKey: badKey });
    expect(obs.decisions).toMatchObject({ ok: false, error: 'auth', status: null });
    expect(lapi.seen.map((s) => s.route)).not.toContain('GET /v1/decisions');
    expectNoSecrets(obs);
  });
});

describe('readLapi: network failures are observations', () => {
  it('reports a refused connection once, without trying the other endpoints', async () => {
    let calls = 0;
    const fetchImpl: typeof fetch = async () => {
      calls++;
      throw connectError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:8080');
    };
    const obs = await read(fetchImpl);
    expect(calls).toBe(1);
    expect(obs.health).toMatchObject({ ok: false, error: 'refused', status: null, detail: 'GET /health: connection refused (connect ECONNREFUSED 127.0.0.1:8080)' });
    expect(obs.decisions).toMatchObject({ ok: false, error: 'refused', items: [] });
    expect(obs.alerts).toMatchObject({ ok: false, error: 'refused', step: 'login' });
  });

  it('sees ECONNREFUSED inside an AggregateError (IPv4 and IPv6 both refused)', async () => {
    const agg = new AggregateError(
      [Object.assign(new Error('connect ECONNREFUSED ::1:8080'), { code: 'ECONNREFUSED' }), Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8080'), { code: 'ECONNREFUSED' })],
      '',
    );
    const obs = await readLapi({ url: 'http://localhost:8080', fetchImpl: async () => Promise.reject(new TypeError('fetch failed', { cause: agg })) });
    expect(obs.health.error).toBe('refused');
  });

  it.each([
    ['ENOTFOUND', 'getaddrinfo ENOTFOUND crowdsec-service', 'dns'],
    ['EAI_AGAIN', 'getaddrinfo EAI_AGAIN crowdsec-service', 'dns'],
    ['EHOSTUNREACH', 'connect EHOSTUNREACH 10.0.20.5:8080', 'unreachable'],
    ['UND_ERR_CONNECT_TIMEOUT', 'Connect Timeout Error', 'timeout'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate', 'tls'],
  ])('classifies %s (%s) as %s', async (code, message, kind) => {
    const obs = await readLapi({ url: BASE, apiKey: KEY, fetchImpl: async () => Promise.reject(connectError(code, message)) });
    expect(obs.health.error).toBe(kind);
    expect(obs.health.detail).toContain(message);
  });

  it('times out a LAPI that never answers, as "timeout"', async () => {
    const hang: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    const obs = await readLapi({ url: BASE, apiKey: KEY, timeoutMs: 20, fetchImpl: hang });
    expect(obs.health).toMatchObject({ ok: false, error: 'timeout', detail: 'GET /health: no answer within 20 ms' });
  });

  it('reports cancellation by the caller as "aborted"', async () => {
    const ctl = new AbortController();
    ctl.abort();
    const obs = await readLapi({ url: BASE, apiKey: KEY, signal: ctl.signal, fetchImpl: async (_i, init) => Promise.reject(init?.signal?.reason) });
    expect(obs.health.error).toBe('aborted');
  });
});

describe('readLapi: answers that are not a LAPI', () => {
  it('flags a non-JSON answer and a non-list decision body as invalid-response', async () => {
    const html = await read(fakeLapi({ 'GET /v1/decisions': () => new Response('<html>login</html>', { status: 200 }) }).fetchImpl);
    expect(html.decisions).toMatchObject({ ok: false, error: 'invalid-response', status: 200 });
    const obj = await read(fakeLapi({ 'GET /v1/decisions': () => json(200, '{"new":[]}') }).fetchImpl);
    expect(obj.decisions).toMatchObject({ ok: false, error: 'invalid-response' });
  });

  it('does not follow a redirect (it would carry the key elsewhere)', async () => {
    const lapi = fakeLapi({ 'GET /v1/decisions': () => new Response(null, { status: 302, headers: { Location: 'http://elsewhere.example.test/' } }) });
    const obs = await read(lapi.fetchImpl);
    expect(obs.decisions).toMatchObject({ ok: false, error: 'http', status: 302 });
    expect(obs.decisions?.detail).toContain('not followed');
  });

  it('reports a login answer without a token as invalid-response', async () => {
    const obs = await read(fakeLapi({ 'POST /v1/watchers/login': () => json(200, '{"code":200}') }).fetchImpl);
    expect(obs.alerts).toMatchObject({ ok: false, error: 'invalid-response', step: 'login' });
  });
});

describe('readLapi: URL validation', () => {
  it.each([
    [`http://bouncer:${KEY}@127.0.0.1:8080`, 'http://127.0.0.1:8080', /credentials/],
    ['file:///etc/crowdsec/config.yaml', 'file:///etc/crowdsec/config.yaml', /http or https/],
    [`http://127.0.0.1:8080/?api_key=${KEY}`, 'http://127.0.0.1:8080', /query or fragment/],
    ['127.0.0.1:8080', '(invalid URL)', /needs a scheme/],
  ])('refuses %s without sending anything or echoing a secret', async (url, display, reason) => {
    let calls = 0;
    const obs = await readLapi({ url, apiKey: KEY, fetchImpl: async () => {
      calls++;
      return json(200, 'null');
    } });
    expect(calls).toBe(0);
    expect(obs.url).toBe(display);
    expect(obs.health).toMatchObject({ ok: false, error: 'invalid-url', detail: expect.stringMatching(reason) });
    expect(obs.decisions?.error).toBe('invalid-url');
    expectNoSecrets(obs);
  });
});
