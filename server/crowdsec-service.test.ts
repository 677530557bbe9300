// The CrowdSec service over a loopback HTTP server that answers like a LAPI
// (decision objects in the shape of lib/analyzers/__fixtures__/lapi-decisions.json,
// captured from the real LAPI 1.4.6) — so reads can be counted and made to hang —
// and the lab's own homelab-before Traefik log.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { analyzeLogText } from '@/lib/logs/stream';
import { addressContextFromObjects } from '@/lib/logs/address-context';
import type { Decision } from '@/lib/model';
import { generatePodLog, accessLogMode, nodeInternalIPs, announcerInternalIP } from '@/lab/podlogs';
import { loadScenario } from '@/lab/scenarios';
import { crowdsecMetrics } from './client-ip-metrics';
import { createCrowdsecService, type CrowdsecContext } from './crowdsec-service';
import { renderMetrics } from './metrics';

const KEY = 'edgelens-test-bouncer-key-0123456789';

interface FakeLapi {
  url: string;
  decisionReads: number;
  decisions: Decision[];
  /** When true, /health and /v1/decisions never answer. */
  hang: boolean;
  close(): Promise<void>;
}

async function startFakeLapi(): Promise<FakeLapi> {
  const hung: ServerResponse[] = [];
  const state = { decisionReads: 0, decisions: [] as Decision[], hang: false };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (state.hang) {
      hung.push(res);
      return;
    }
    if (req.url === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"up"}');
      return;
    }
    if (req.url?.startsWith('/v1/decisions')) {
      state.decisionReads++;
      if (req.headers['x-api-key'] !== KEY) {
        res.writeHead(403, { 'content-type': 'application/json' }).end('{"message":"access forbidden"}');
        return;
      }
      // A little latency, so concurrent requests overlap like against a real LAPI.
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(state.decisions.length ? JSON.stringify(state.decisions) : 'null'), 30);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const r of hung) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

const decision = (id: number, value: string, scope = 'Ip'): Decision => ({
  id,
  origin: 'crowdsec',
  type: 'ban',
  scope,
  value,
  duration: '3h59m58.552970731s',
  scenario: 'crowdsecurity/http-probing',
});

/** The lab's homelab-before scenario: its addresses and the Traefik log its pods write. */
function homelabBefore(): CrowdsecContext {
  const objects = loadScenario('homelab-before');
  const addresses = addressContextFromObjects(objects);
  const now = new Date('2026-12-01T12:00:00Z');
  const pods = objects.filter((o) => o.kind === 'Pod' && accessLogMode(o) !== null);
  const text = pods
    .flatMap((p) => generatePodLog(p, { now, nodeIPs: nodeInternalIPs(objects), announcerIP: announcerInternalIP(objects, p.metadata.namespace) }))
    .map((l) => l.text)
    .join('\n');
  return { addresses, logs: analyzeLogText(`${text}\n`, addresses) };
}

describe('CrowdSec service', () => {
  let lapi: FakeLapi;
  const env = () => ({ EDGELENS_CROWDSEC_URL: lapi.url, EDGELENS_CROWDSEC_KEY: KEY });
  const noContext = async (): Promise<CrowdsecContext> => ({ addresses: null, logs: null });

  beforeAll(async () => {
    lapi = await startFakeLapi();
  });
  afterEach(() => {
    lapi.hang = false;
    lapi.decisions = [];
    lapi.decisionReads = 0;
  });
  afterAll(async () => {
    await lapi.close();
  });

  it('homelab-before with only public decisions is not ok: blind on its SNATed routers', async () => {
    lapi.decisions = [decision(1, '203.0.113.50'), decision(2, '198.51.100.23')];
    const ctx = homelabBefore();
    expect(ctx.logs?.verdict).toBe('snat');
    const svc = createCrowdsecService({ env, context: async () => ctx, ttlMs: 0 });
    const report = await svc.get();
    expect(report.verdict).toBe('blind');
    expect(report.blindRouters?.length).toBeGreaterThan(0);
    expect(report.findings.some((f) => f.rule === 'crowdsec-blind')).toBe(true);
    // The logs report and the CrowdSec report count the same requests the same way.
    for (const r of report.routers ?? []) {
      const rows = (ctx.logs?.routers ?? []).filter((x) => x.router === r.router);
      const sum = (k: 'visible' | 'whitelisted' | 'unusable') => rows.reduce((a, x) => a + (x.crowdsec?.[k] ?? 0), 0);
      expect([r.visible, r.whitelisted, r.unusable]).toEqual([sum('visible'), sum('whitelisted'), sum('unusable')]);
    }
    expect(ctx.logs?.crowdsec?.sight).toBe('blind');
    // The logs report's private-only finding counts the same whitelist drops.
    expect(ctx.logs?.crowdsec?.whitelisted).toBeGreaterThan(0);
    expect(report.polling?.effects.join(' ')).toContain('LastPull');
  });

  it('counts all 5,003 decisions (5,000 public + 3 internal), and the metric says public 5000', async () => {
    const publicOnes = Array.from({ length: 5000 }, (_, i) => decision(i + 10, `203.0.${Math.floor(i / 250)}.${i % 250}`));
    lapi.decisions = [...publicOnes, decision(1, '10.0.20.103'), decision(2, '10.0.20.200'), decision(3, '10.0.20.103/32', 'Range')];
    const ctx = homelabBefore();
    const report = await createCrowdsecService({ env, context: async () => ({ addresses: ctx.addresses, logs: null }), ttlMs: 0 }).get();
    expect(report.decisionsTotal).toBe(5003);
    expect(report.decisionsByClass).toEqual({ public: 5000, node: 2, lb: 1 });
    expect(report.decisions.length).toBe(203); // the displayed list stays capped
    const text = renderMetrics(crowdsecMetrics(report));
    expect(text).toContain('edgelens_crowdsec_decisions{class="public"} 5000');
    expect(text).toContain('edgelens_crowdsec_decisions{class="node"} 2');
    // A /32 Range on a node says which node it covers.
    const range = report.findings.find((f) => f.subjects[0]?.name === '3');
    expect(range?.evidence.join('\n')).toContain('covers node address 10.0.20.103');
  });

  it('10 concurrent cold requests make one LAPI read', async () => {
    lapi.decisions = [decision(1, '203.0.113.50')];
    const svc = createCrowdsecService({ env, context: noContext, ttlMs: 15_000 });
    const reports = await Promise.all(Array.from({ length: 10 }, () => svc.get()));
    expect(lapi.decisionReads).toBe(1);
    expect(svc.reads).toBe(1);
    expect(new Set(reports.map((r) => r.generatedAt)).size).toBe(1);
  });

  it('a hung LAPI: answers within the wait, serves the last reading marked stale, and lapi_up is 0', async () => {
    lapi.decisions = [decision(1, '203.0.113.50')];
    const svc = createCrowdsecService({ env, context: noContext, ttlMs: 0, timeoutMs: 2000 });
    const first = await svc.get();
    expect(first.verdict).toBe('ok');
    lapi.hang = true;
    const started = performance.now();
    const stale = await svc.get({ maxWaitMs: 200 });
    // Functional bound, not a benchmark: well under the 2 s LAPI timeout.
    expect(performance.now() - started).toBeLessThan(1500);
    expect(stale.stale?.since).toBe(first.generatedAt);
    expect(stale.decisionsTotal).toBe(1);
    expect(renderMetrics(crowdsecMetrics(stale))).toContain('edgelens_crowdsec_lapi_up 0');
    // Once the LAPI timeout passes, the reading is an honest "unreachable".
    const after = await svc.get();
    expect(after.verdict).toBe('unreachable');
    expect(after.stale).toBeUndefined();
  });

  it('a hung LAPI before any reading: an unreachable report, not a wait', async () => {
    lapi.hang = true;
    const svc = createCrowdsecService({ env, context: noContext, ttlMs: 0, timeoutMs: 2000 });
    const r = await svc.get({ maxWaitMs: 100 });
    expect(r.verdict).toBe('unreachable');
    expect(r.lapi.error).toContain('no answer from the LAPI within 100 ms');
    expect(renderMetrics(crowdsecMetrics(r))).toContain('edgelens_crowdsec_lapi_up 0');
  });

  it('a rejected key is its own verdict: auth-failed', async () => {
    const svc = createCrowdsecService({ env: () => ({ ...env(), EDGELENS_CROWDSEC_KEY: 'wrong-key-123456' }), context: noContext, ttlMs: 0 });
    const r = await svc.get();
    expect(r.verdict).toBe('auth-failed');
    expect(r.lapi).toMatchObject({ reachable: true, auth: 'failed' });
  });
});
