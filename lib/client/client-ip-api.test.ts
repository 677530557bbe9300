import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, fetchCrowdsec, fetchLogs } from './api';
import { queryKey } from './query-keys';

// A real HTTP server on loopback standing in for the edgelens API.
let server: Server;
let baseUrl = '';
const bodies = new Map<string, { status: number; body: unknown }>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const r = bodies.get(req.url ?? '') ?? { status: 404, body: { error: { code: 'not-found', message: 'no route' } } };
    res.writeHead(r.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(r.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const logs = {
  lines: 1,
  parsed: 1,
  malformed: 0,
  format: 'json',
  classes: { node: 1, pod: 0, lb: 0, loopback: 0, private: 0, cgnat: 0, linklocal: 0, public: 0, documentation: 0 },
  routers: [],
  topClients: [],
  verdict: 'snat',
  findings: [],
  sources: [{ pod: 'traefik-a', namespace: 'traefik', lines: 1, bytes: 10 }],
  sampling: { from: 'pods', target: 'pods of LoadBalancer Service traefik/traefik', sampledAt: '2024-05-01T12:00:00Z' },
};

describe('Client-IP fetchers', () => {
  it('fetch and validate the logs and CrowdSec reports', async () => {
    bodies.set('/api/v1/logs', { status: 200, body: logs });
    bodies.set('/api/v1/crowdsec', {
      status: 200,
      body: {
        lapi: { url: '', reachable: false, healthy: null, auth: 'not-configured' },
        decisions: [],
        decisionsTotal: 0,
        decisionsOmitted: 0,
        verdict: 'not-configured',
        explanation: 'CrowdSec is not configured',
        findings: [],
        generatedAt: '2024-05-01T12:00:00Z',
      },
    });
    expect((await fetchLogs({ baseUrl })).sources?.[0]?.pod).toBe('traefik-a');
    expect((await fetchCrowdsec({ baseUrl })).verdict).toBe('not-configured');
  });

  it('a report that breaks the contract is a bad-response ApiError naming the field', async () => {
    bodies.set('/api/v1/logs', { status: 200, body: { ...logs, verdict: 'maybe' } });
    const err = await fetchLogs({ baseUrl }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'bad-response' });
    expect((err as ApiError).message).toContain('verdict');
  });

  it('keys the two reports under the one query-key root', () => {
    expect(queryKey('logs')).toEqual(['edgelens-api-v1', 'logs']);
    expect(queryKey('crowdsec')).toEqual(['edgelens-api-v1', 'crowdsec']);
  });
});
