import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, fetchCluster, fetchHealth, fetchLab, fetchWhatIf, postHaproxy, postLabScenario } from './api';

// A real HTTP server on loopback answering the way the edgelens API does (and the ways it must not).
type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
const routes = new Map<string, Handler>();
let server: Server;
let baseUrl = '';

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const handler = routes.get(`${req.method} ${req.url}`);
      if (handler) handler(req, body, res);
      else json(res, 404, { error: { code: 'not-found', message: `no route ${req.url}` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
});

async function apiError(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected an ApiError, the call succeeded');
}

describe('fetchers', () => {
  it('returns a validated cluster report with defaults filled in', async () => {
    routes.set('GET /api/v1/cluster', (_req, _body, res) =>
      json(res, 200, {
        source: 'lab',
        loadBalancers: [
          {
            ip: '10.0.20.200',
            announcer: { node: 'k8s-node3', source: 'ServiceL2Status' },
            services: [
              { namespace: 'traefik', name: 'traefik', externalTrafficPolicy: 'Cluster', sharingKey: 'shared', ports: ['TCP/443', 'UDP/443'], readyEndpoints: 3, endpointNodes: ['k8s-node4'] },
            ],
          },
        ],
        findings: [{ rule: 'etp-cluster-snat', severity: 'warning', subjects: [{ kind: 'Service', namespace: 'traefik', name: 'traefik' }], message: 'm', fix: 'f' }],
      }),
    );
    const report = await fetchCluster({ baseUrl });
    expect(report.loadBalancers[0]?.services[0]?.ports).toEqual(['TCP/443', 'UDP/443']);
    expect(report.findings[0]?.evidence).toEqual([]);
    expect(report.gaps).toEqual([]);
    expect(report.nodes).toEqual([]);
  });

  it('turns an { error } body into an ApiError with code, message and status', async () => {
    routes.set('GET /api/v1/cluster', (_req, _body, res) =>
      json(res, 503, { error: { code: 'cluster-unreachable', message: 'The API server at https://10.0.0.1:6443 did not answer.' } }),
    );
    const err = await apiError(fetchCluster({ baseUrl }));
    expect(err).toMatchObject({ code: 'cluster-unreachable', status: 503, message: 'The API server at https://10.0.0.1:6443 did not answer.' });
  });

  it('reports the lab endpoint outside lab mode as a 404 ApiError', async () => {
    const err = await apiError(fetchLab({ baseUrl }));
    expect(err.status).toBe(404);
    expect(err.code).toBe('not-found');
  });

  it('rejects a 200 body that breaks the contract, naming the field', async () => {
    routes.set('GET /api/v1/health', (_req, _body, res) => json(res, 200, { status: 'ok', mode: 'cloud', version: '1' }));
    const err = await apiError(fetchHealth({ baseUrl }));
    expect(err.code).toBe('bad-response');
    expect(err.message).toContain('mode');
    expect(err.cause).toBeDefined();
  });

  it('rejects an HTML error page with a readable message', async () => {
    routes.set('GET /api/v1/health', (_req, _body, res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad gateway</html>'));
    const err = await apiError(fetchHealth({ baseUrl }));
    expect(err).toMatchObject({ code: 'bad-response', status: 502 });
  });

  it('reports an unreachable server as a network ApiError that keeps the cause', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused.
    const err = await apiError(fetchHealth({ baseUrl: 'http://127.0.0.1:1' }));
    expect(err).toMatchObject({ code: 'network', status: 0 });
    expect(err.cause).toBeInstanceOf(Error);
  });

  it('POSTs the scenario name as JSON and returns the new lab state', async () => {
    let received: unknown;
    routes.set('POST /api/v1/lab/scenario', (req, body, res) => {
      received = { type: req.headers['content-type'], body: JSON.parse(body) as unknown };
      json(res, 200, { scenario: 'homelab-after', scenarios: ['homelab-before', 'homelab-after'] });
    });
    const state = await postLabScenario('homelab-after', { baseUrl });
    expect(received).toEqual({ type: 'application/json', body: { name: 'homelab-after' } });
    expect(state.scenario).toBe('homelab-after');
  });

  it('POSTs a HAProxy request and returns the validated config', async () => {
    let received: unknown;
    routes.set('POST /api/v1/haproxy', (_req, body, res) => {
      received = JSON.parse(body) as unknown;
      json(res, 200, { haproxyCfg: 'global\n', traefik: { static: 's', cli: ['--x'], helmValues: 'h' }, trustedIPs: ['10.0.20.5'], warnings: [] });
    });
    const out = await postHaproxy({ service: { namespace: 'traefik', name: 'traefik' }, mode: 'pod', proxy: 'v1', egress: '10.0.20.5' }, { baseUrl });
    expect(received).toEqual({ service: { namespace: 'traefik', name: 'traefik' }, mode: 'pod', proxy: 'v1', egress: '10.0.20.5' });
    expect(out.trustedIPs).toEqual(['10.0.20.5']);
  });

  it('keeps the server reason for rejected HAProxy input', async () => {
    routes.set('POST /api/v1/haproxy', (_req, _body, res) =>
      json(res, 400, { error: { code: 'invalid-input', message: 'invalid haproxy input: egress: "1.2.3.4 #x" is not an IPv4 or IPv6 address' } }),
    );
    const err = await apiError(postHaproxy({ backends: [{ address: '10.0.0.1', port: 8443 }], egress: '1.2.3.4 #x' }, { baseUrl }));
    expect(err).toMatchObject({ code: 'invalid-input', status: 400 });
    expect(err.message).toContain('"1.2.3.4 #x"');
  });

  it('asks for a what-if with one whatIf parameter per change and requires the whatIf part', async () => {
    const report = { source: 'lab', loadBalancers: [], findings: [] };
    const whatIf = { changes: [{ namespace: 'traefik', name: 'traefik', etp: 'Local' }], resolved: [], new: [], blastRadius: [], checklist: [] };
    const changes = ['traefik/traefik:etp=Local,ip=10.0.20.203', 'mail/mailserver:key='];
    const url = `/api/v1/cluster?${new URLSearchParams(changes.map((c) => ['whatIf', c])).toString()}`;
    routes.set(`GET ${url}`, (_req, _body, res) => json(res, 200, { ...report, whatIf }));
    const out = await fetchWhatIf(changes, { baseUrl });
    expect(out.whatIf.changes[0]?.etp).toBe('Local');

    // A server that ignores whatIf would answer the plain report: that must not pass for "no effect".
    routes.set(`GET ${url}`, (_req, _body, res) => json(res, 200, report));
    const err = await apiError(fetchWhatIf(changes, { baseUrl }));
    expect(err.code).toBe('bad-response');
    expect(err.message).toContain('whatIf');
  });
});
