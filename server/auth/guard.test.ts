import { describe, expect, it } from 'vitest';
import { loadAccessConfig } from '../config';
import { guardRequest, MAX_BODY_BYTES, type RequestFacts } from './guard';
import { sessionValue } from './token';

const TOKEN = 'sentinel-token-0123456789abcdef';
const tokenCfg = loadAccessConfig({ EDGELENS_AUTH_TOKEN: TOKEN, EDGELENS_HOST: '0.0.0.0', EDGELENS_ALLOWED_HOSTS: 'edgelens.example.org' });
const openCfg = loadAccessConfig({});

const req = (over: Partial<RequestFacts> = {}): RequestFacts => ({
  method: 'GET',
  pathname: '/api/v1/cluster',
  host: '127.0.0.1:3000',
  origin: null,
  secFetchSite: null,
  contentLength: null,
  authorization: null,
  cookie: null,
  ...over,
});
const token = () => TOKEN;

describe('guardRequest: token', () => {
  it('refuses an API route and a page without the token, with no detail', () => {
    const api = guardRequest(req(), tokenCfg, token);
    expect(api).toEqual({ pass: false, status: 401, code: 'unauthorized', message: 'authentication required' });
    const page = guardRequest(req({ pathname: '/clients' }), tokenCfg, token);
    expect(page).toMatchObject({ pass: false, status: 401, page: true });
  });
  it('refuses a wrong token and accepts the right one as Bearer or session cookie', () => {
    expect(guardRequest(req({ authorization: `Bearer ${TOKEN}x` }), tokenCfg, token).pass).toBe(false);
    expect(guardRequest(req({ authorization: `Bearer ${TOKEN.toUpperCase()}` }), tokenCfg, token).pass).toBe(false);
    expect(guardRequest(req({ authorization: `Bearer ${TOKEN}` }), tokenCfg, token).pass).toBe(true);
    expect(guardRequest(req({ cookie: `a=b; edgelens_session=${sessionValue(TOKEN)}` }), tokenCfg, token).pass).toBe(true);
    // The raw token as a cookie is not a session.
    expect(guardRequest(req({ cookie: `edgelens_session=${TOKEN}` }), tokenCfg, token).pass).toBe(false);
  });
  it('keeps health open, and /metrics open unless EDGELENS_METRICS_AUTH=token', () => {
    expect(guardRequest(req({ pathname: '/api/v1/health', host: '10.1.2.3:3000' }), tokenCfg, token).pass).toBe(true);
    expect(guardRequest(req({ pathname: '/metrics' }), tokenCfg, token).pass).toBe(true);
    const strict = loadAccessConfig({ EDGELENS_AUTH_TOKEN: TOKEN, EDGELENS_METRICS_AUTH: 'token' });
    expect(guardRequest(req({ pathname: '/metrics' }), strict, token)).toMatchObject({ status: 401 });
  });
  it('lets the agent routes carry the agent token (checked by the route), and nothing else of the agents API', () => {
    const agentReport = req({ method: 'POST', pathname: '/api/v1/agents/report', authorization: 'Bearer agent-token-0123456789', contentLength: '2048' });
    expect(guardRequest(agentReport, tokenCfg, token).pass).toBe(true);
    expect(guardRequest(req({ pathname: '/api/v1/agents/plan', authorization: 'Bearer agent-token-0123456789' }), tokenCfg, token).pass).toBe(true);
    // The matrix is user data: it needs the user's token.
    expect(guardRequest(req({ pathname: '/api/v1/agents' }), tokenCfg, token).pass).toBe(false);
    // The body cap and the Host check still apply to agents.
    expect(guardRequest({ ...agentReport, contentLength: String(MAX_BODY_BYTES + 1) }, tokenCfg, token)).toMatchObject({ status: 413 });
    expect(guardRequest({ ...agentReport, host: 'evil.example' }, tokenCfg, token)).toMatchObject({ status: 421 });
  });
  it('locks everyone out when the token file cannot be read', () => {
    const broken = () => {
      throw new Error('ENOENT');
    };
    expect(guardRequest(req({ authorization: `Bearer ${TOKEN}` }), tokenCfg, broken)).toMatchObject({ status: 401 });
  });
  it('EDGELENS_AUTH=none lets a proxy in front do auth', () => {
    const none = loadAccessConfig({ EDGELENS_AUTH: 'none', EDGELENS_HOST: '0.0.0.0' });
    expect(guardRequest(req(), none, () => null).pass).toBe(true);
  });
  it('without a token, a non-loopback bind serves nothing (fail closed)', () => {
    const lan = loadAccessConfig({ EDGELENS_HOST: '0.0.0.0' });
    expect(guardRequest(req(), lan, () => null)).toMatchObject({ status: 401 });
    expect(guardRequest(req(), openCfg, () => null).pass).toBe(true);
  });
});

describe('guardRequest: no open doors', () => {
  it('refuses a foreign Host (DNS rebinding), accepts IP literals, localhost and configured names', () => {
    expect(guardRequest(req({ host: 'attacker.example:3000' }), openCfg, () => null)).toMatchObject({ status: 421, code: 'host-not-allowed' });
    expect(guardRequest(req({ host: null }), openCfg, () => null)).toMatchObject({ status: 421 });
    for (const host of ['localhost:3000', '127.0.0.1', '[::1]:3000', '10.0.20.5:3000']) expect(guardRequest(req({ host }), openCfg, () => null).pass).toBe(true);
    expect(guardRequest(req({ host: 'EDGELENS.example.org', authorization: `Bearer ${TOKEN}` }), tokenCfg, token).pass).toBe(true);
    expect(guardRequest(req({ host: 'edgelens.example.org' }), openCfg, () => null)).toMatchObject({ status: 421 });
  });
  it('refuses cross-origin state-changing requests, lets same-origin and non-browser clients through', () => {
    const post = (over: Partial<RequestFacts>) => guardRequest(req({ method: 'POST', pathname: '/api/v1/lab/scenario', ...over }), openCfg, () => null);
    expect(post({ origin: 'http://evil.example', secFetchSite: 'cross-site' })).toMatchObject({ status: 403, code: 'cross-origin' });
    expect(post({ origin: 'http://evil.example' })).toMatchObject({ status: 403 });
    expect(post({ secFetchSite: 'same-site' })).toMatchObject({ status: 403 });
    expect(post({ origin: 'null' })).toMatchObject({ status: 403 });
    expect(post({ origin: 'http://127.0.0.1:3000', secFetchSite: 'same-origin' }).pass).toBe(true);
    expect(post({}).pass).toBe(true);
    // Behind a proxy that rewrites Host, the browser's origin is the forwarded host.
    expect(post({ host: '10.0.0.5:3000', forwardedHost: 'edgelens.example.org', origin: 'https://edgelens.example.org', secFetchSite: 'same-origin' }).pass).toBe(true);
    // GETs are not state-changing: a cross-site image tag still meets the token check, not this one.
    expect(guardRequest(req({ secFetchSite: 'cross-site' }), openCfg, () => null).pass).toBe(true);
  });
  it('refuses declared bodies over 1 MB before anything reads them', () => {
    const post = (contentLength: string) => guardRequest(req({ method: 'POST', contentLength }), openCfg, () => null);
    expect(post(String(100 * 1024 * 1024))).toMatchObject({ status: 413, code: 'body-too-large' });
    expect(post(String(MAX_BODY_BYTES + 1))).toMatchObject({ status: 413 });
    expect(post(String(MAX_BODY_BYTES)).pass).toBe(true);
    expect(post('abc')).toMatchObject({ status: 400 });
  });
});
