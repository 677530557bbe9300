// The probe API as the dashboard calls it, on a real runtime (embedded lab) with real probes
// against servers this test starts on loopback: a Caddy with HTTP/3, a Caddy that advertises h3
// with UDP swallowed, and a tiny DNS server for the hairpin case. Also: no open proxy.
import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorBodySchema, probesResponseSchema, type ProbesResponse } from '@/lib/model';
import { startCaddy, type RunningCaddy } from '@/lab/caddy';
import { startTinyDns, type TinyDnsServer } from '@/lab/dns-server';
import { LAB_NOT_PROBED } from '@/server/probe-targets';

let live: RunningCaddy;
let noH3: RunningCaddy;
let hole: dgram.Socket;
let dns: TinyDnsServer;
let routes: { GET: () => Promise<Response>; POST: (req: Request) => Promise<Response> };

beforeAll(async () => {
  live = await startCaddy();
  noH3 = await startCaddy({ h3: false, advertiseH3Header: true });
  // UDP on the no-h3 Caddy's port swallows every datagram: the classic "Alt-Svc promises h3, UDP is dropped".
  hole = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    hole.once('error', reject);
    hole.bind(noH3.port, '127.0.0.1', () => resolve());
  });
  // app.hairpin.test resolves (for the server) to 127.0.0.2, where nothing listens; its LB 127.0.0.1 serves it.
  dns = await startTinyDns({ 'app.hairpin.test': ['127.0.0.2'] });
  Object.assign(process.env, {
    EDGELENS_MODE: 'lab',
    EDGELENS_PROBE_INTERVAL: '0',
    EDGELENS_PROBE_SAMPLES: '2',
    EDGELENS_PROBE_SAMPLE_INTERVAL: '0',
    EDGELENS_PROBE_TIMEOUT: '3000',
    EDGELENS_DNS_SERVER: `127.0.0.1:${dns.port}`,
    EDGELENS_PROBE_TARGETS: JSON.stringify([
      { name: 'live', host: '127.0.0.1', port: live.port, insecure: true },
      { name: 'broken', host: '127.0.0.1', port: noH3.port, insecure: true },
      { name: 'hairpin', host: 'app.hairpin.test', port: live.port, sni: 'localhost', kinds: ['tcp'], insecure: true, lb: '127.0.0.1' },
    ]),
  });
  const get = await import('../route');
  const post = await import('./route');
  routes = { GET: get.GET, POST: post.POST };
});

afterAll(async () => {
  const { getRuntime } = await import('@/server/runtime');
  await (await getRuntime().catch(() => null))?.close();
  await live?.stop();
  await noH3?.stop();
  await new Promise<void>((resolve) => (hole ? hole.close(() => resolve()) : resolve()));
  await dns?.stop();
});

const post = (body: string) => routes.POST(new Request('http://localhost/api/v1/probes/run', { method: 'POST', body, headers: { 'content-type': 'application/json' } }));

async function errorOf(res: Response): Promise<{ status: number; code: string; message: string }> {
  const body = apiErrorBodySchema.parse(await res.json());
  return { status: res.status, ...body.error };
}

describe('GET /api/v1/probes', () => {
  it('lists configured targets and the lab LB IPs, the latter never probed', async () => {
    const res = await routes.GET();
    expect(res.status).toBe(200);
    const doc = probesResponseSchema.parse(await res.json());
    expect(doc.targets.filter((t) => t.source === 'config').map((t) => t.name)).toEqual(['live', 'broken', 'hairpin']);
    const lab = doc.targets.find((t) => t.host === '10.0.20.200');
    expect(lab).toMatchObject({ name: 'lb-10-0-20-200', source: 'discovered', probe: false, reason: LAB_NOT_PROBED, kinds: ['tcp', 'h3'] });
    expect(doc.settings).toMatchObject({ samples: 2, timeoutMs: 3000, scheduleMs: 0, probeDiscovered: false });
    expect(doc.nextRunAt).toBeNull();
  });
});

describe('POST /api/v1/probes/run', () => {
  let doc: ProbesResponse;

  beforeAll(async () => {
    const res = await post('{}');
    expect(res.status, await res.clone().text()).toBe(200);
    doc = probesResponseSchema.parse(await res.json());
  }, 60_000);

  it('the live Caddy: TCP and HTTP/3 ok, advertised and working', () => {
    const t = doc.targets.find((x) => x.name === 'live');
    expect(t?.tcp, JSON.stringify(t?.tcp?.results)).toMatchObject({ verdict: 'ok', ok: 2, successRatio: 1 });
    expect(t?.h3, JSON.stringify(t?.h3?.results)).toMatchObject({ verdict: 'ok', ok: 2, lastError: null });
    expect(t?.h3?.results[0]?.alpn).toBe('h3');
    expect(t?.h3?.p50Ms).toBeGreaterThan(0);
    expect(t?.h3?.history).toHaveLength(2);
    expect(t?.altSvc).toMatchObject({ verdict: 'working', message: 'HTTP/3 advertised and working' });
  });

  it('the broken one: advertised, UDP swallowed → the error in words and the edge findings', () => {
    const t = doc.targets.find((x) => x.name === 'broken');
    expect(t?.tcp?.verdict).toBe('ok');
    expect(t?.h3).toMatchObject({ verdict: 'failing', lastError: { error: 'timeout' } });
    expect(t?.h3?.lastError?.words).toMatch(new RegExp(`^UDP never answered: no reply to the QUIC Initial within 3 s — UDP/${noH3.port} is blocked or not forwarded`));
    expect(t?.altSvc.verdict).toBe('broken');
    const endpoint = `127.0.0.1:${noH3.port}`;
    const rules = doc.findings.filter((f) => f.subjects.some((s) => s.name === endpoint)).map((f) => f.rule).sort();
    expect(rules).toEqual(['h3-advertised-but-broken', 'h3-udp-timeout']);
    expect(doc.h3.verdict).toBe('broken');
  });

  it('hairpin: the name resolves (real DNS query) to an address that refuses, the LB answers → hairpin-failed', () => {
    const t = doc.targets.find((x) => x.name === 'hairpin');
    expect(t?.dns).toMatchObject({ addresses: ['127.0.0.2'], lbIps: ['127.0.0.1'], error: null });
    expect(dns.queries()).toContain('app.hairpin.test');
    expect(t?.tcp).toMatchObject({ verdict: 'failing', lastError: { error: 'refused' } });
    const hairpin = doc.findings.find((f) => f.rule === 'hairpin-failed');
    expect(hairpin?.subjects).toEqual([{ kind: 'Host', name: 'app.hairpin.test' }]);
    expect(hairpin?.evidence.join('\n')).toMatch(/127\.0\.0\.1.* with SNI app\.hairpin\.test: 2 of 2 ok/);
  });

  it('runs only the named targets and kinds', async () => {
    const before = doc.targets.find((x) => x.name === 'live')?.tcp?.history.length ?? 0;
    const res = await post('{"targets":["live"],"kinds":["tcp"]}');
    const next = probesResponseSchema.parse(await res.json());
    const t = next.targets.find((x) => x.name === 'live');
    expect(t?.tcp?.history).toHaveLength(before + 2);
    expect(t?.h3?.history).toHaveLength(2);
    expect(t?.tcp?.runs).toHaveLength(2);
  });

  it('an unknown name is 400 unknown-target', async () => {
    expect(await errorOf(await post('{"targets":["nope"]}'))).toMatchObject({ status: 400, code: 'unknown-target' });
    // An address in place of a name is just an unknown name: nothing is probed.
    expect(await errorOf(await post('{"targets":["127.0.0.1:22"]}'))).toMatchObject({ status: 400, code: 'unknown-target' });
  });

  it('a lab scenario target is 400 not-probed', async () => {
    expect(await errorOf(await post('{"targets":["lb-10-0-20-200"]}'))).toMatchObject({ status: 400, code: 'not-probed', message: /lab scenario address/ });
  });

  it.each([
    ['host and port', '{"host":"127.0.0.1","port":22}'],
    ['an address next to names', '{"targets":["live"],"address":"192.0.2.1:443"}'],
    ['a URL', '{"url":"https://203.0.113.9/"}'],
    ['a nested target', '{"targets":[{"host":"127.0.0.1","port":22}]}'],
  ])('a body with %s is 400 no-open-proxy (no SSRF)', async (_what, body) => {
    const e = await errorOf(await post(body));
    expect(e).toMatchObject({ status: 400, code: 'no-open-proxy' });
    expect(e.message).toMatch(/edgelens probe tcp\|h3 HOST:PORT/);
  });

  it('other bad bodies are 400 too', async () => {
    expect(await errorOf(await post('{"kinds":["udp"]}'))).toMatchObject({ status: 400, code: 'invalid-request' });
    expect(await errorOf(await post('{"extra":1}'))).toMatchObject({ status: 400, code: 'invalid-request' });
    expect(await errorOf(await post('{'))).toMatchObject({ status: 400, code: 'bad-json' });
  });
});
