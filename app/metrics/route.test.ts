// GET /metrics after a lab run, through the real route and runtime: the embedded lab cluster, its
// Traefik pod logs, a CrowdSec LAPI that is down, and real TCP and HTTP/3 probes of a Caddy this
// test starts on loopback. The scrape is read with a strict Prometheus text parser; the Grafana
// dashboard and the alert rules may only name series that this scrape carries.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCaddy, type RunningCaddy } from '@/lab/caddy';
import { parsePrometheusText, samplesOf, type PromFamily } from '@/lab/prom-text';
import { promqlMetricNames } from '@/lab/promql-names';

let caddy: RunningCaddy;
/** Holds the LAPI's port for the whole test and resets every connection: a LAPI that is down, on a port no other test can take meanwhile. */
let deadLapi: Server;
let families: Map<string, PromFamily>;
const repo = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));

beforeAll(async () => {
  caddy = await startCaddy();
  deadLapi = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => deadLapi.listen(0, '127.0.0.1', resolve));
  const lapiPort = (deadLapi.address() as { port: number }).port;
  Object.assign(process.env, {
    EDGELENS_MODE: 'lab',
    EDGELENS_PROBE_INTERVAL: '0',
    EDGELENS_PROBE_SAMPLES: '2',
    EDGELENS_PROBE_SAMPLE_INTERVAL: '0',
    EDGELENS_PROBE_TIMEOUT: '3000',
    // Every connection is reset there: the LAPI is down.
    EDGELENS_CROWDSEC_URL: `http://127.0.0.1:${lapiPort}`,
    EDGELENS_CROWDSEC_KEY: 'metrics-test-key',
    EDGELENS_PROBE_TARGETS: JSON.stringify([{ name: 'caddy', host: '127.0.0.1', port: caddy.port, insecure: true }]),
  });
  const { getRuntime } = await import('@/server/runtime');
  const rt = await getRuntime();
  await rt.probes().run();
  const { GET } = await import('./route');
  const res = await GET();
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  families = parsePrometheusText(await res.text());
}, 120_000);

afterAll(async () => {
  const { getRuntime } = await import('@/server/runtime');
  await (await getRuntime().catch(() => null))?.close();
  await caddy?.stop();
  await new Promise<void>((resolve) => (deadLapi ? deadLapi.close(() => resolve()) : resolve()));
  for (const k of ['EDGELENS_MODE', 'EDGELENS_PROBE_INTERVAL', 'EDGELENS_PROBE_SAMPLES', 'EDGELENS_PROBE_SAMPLE_INTERVAL', 'EDGELENS_PROBE_TIMEOUT', 'EDGELENS_CROWDSEC_URL', 'EDGELENS_CROWDSEC_KEY', 'EDGELENS_PROBE_TARGETS']) delete process.env[k];
});

describe('GET /metrics after a lab run', () => {
  it('carries findings by rule and severity, per-source health, probe histograms, client classes, CrowdSec and process metrics', () => {
    const findings = samplesOf(families, 'edgelens_findings');
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((s) => s.labels.rule && ['error', 'warning', 'info'].includes(s.labels.severity ?? ''))).toBe(true);
    expect(samplesOf(families, 'edgelens_cluster_report_stale')[0]?.value).toBe(0);

    expect(samplesOf(families, 'edgelens_source_up', { source: 'kube' })[0]?.value).toBe(1);
    expect(samplesOf(families, 'edgelens_source_up', { source: 'probes' })[0]?.value).toBe(1);
    expect(samplesOf(families, 'edgelens_source_up', { source: 'crowdsec' })[0]?.value).toBe(0);
    expect(samplesOf(families, 'edgelens_source_last_success_timestamp_seconds', { source: 'kube' })[0]?.value).toBeGreaterThan(1.7e9);
    expect(samplesOf(families, 'edgelens_source_errors_total', { source: 'crowdsec' })[0]?.value).toBeGreaterThan(0);

    expect(families.get('edgelens_probe_handshake_seconds')?.type).toBe('histogram');
    for (const kind of ['tcp', 'h3']) {
      expect(samplesOf(families, 'edgelens_probe_handshake_seconds_count', { target: 'caddy', kind })[0]?.value).toBe(2);
      expect(samplesOf(families, 'edgelens_probe_success_ratio', { target: 'caddy', kind })[0]?.value).toBe(1);
      expect(samplesOf(families, 'edgelens_probe_handshake_seconds_bucket', { target: 'caddy', kind, le: '+Inf' })[0]?.value).toBe(2);
    }
    expect(samplesOf(families, 'edgelens_probe_samples_total', { target: 'caddy', kind: 'h3', outcome: 'ok' })[0]?.value).toBe(2);

    const classes = samplesOf(families, 'edgelens_client_requests');
    expect(classes.length).toBeGreaterThan(0);
    expect(classes.every((s) => s.labels.router && s.labels.class)).toBe(true);
    expect(samplesOf(families, 'edgelens_crowdsec_lapi_up')[0]?.value).toBe(0);
    expect(families.get('edgelens_crowdsec_decisions')?.type).toBe('gauge');

    expect(samplesOf(families, 'process_resident_memory_bytes')[0]?.value).toBeGreaterThan(0);
    expect(families.has('nodejs_heap_size_used_bytes')).toBe(true);
  });

  it('the Grafana dashboard only names series edgelens exports', () => {
    const dash = JSON.parse(readFileSync(repo('deploy/grafana/edgelens-dashboard.json'), 'utf8')) as { panels: Array<{ title: string; targets: Array<{ expr: string }> }> };
    expect(dash.panels.length).toBeGreaterThanOrEqual(10);
    for (const p of dash.panels) {
      expect(p.targets.length, p.title).toBeGreaterThan(0);
      for (const t of p.targets) {
        const names = promqlMetricNames(t.expr);
        expect(names.length, `${p.title}: ${t.expr}`).toBeGreaterThan(0);
        for (const n of names) expect(exported(n), `${p.title}: ${n}`).toBe(true);
      }
    }
  });

  it('the alert rules (source down, new error finding, HTTP/3 broken) only name series edgelens exports', () => {
    const doc = load(readFileSync(repo('deploy/kustomize/components/servicemonitor/prometheusrule.yaml'), 'utf8')) as { spec: { groups: Array<{ rules: Array<{ alert: string; expr: string }> }> } };
    const rules = doc.spec.groups.flatMap((g) => g.rules);
    expect(rules.map((r) => r.alert)).toEqual(['EdgelensSourceDown', 'EdgelensNewErrorFinding', 'EdgelensHTTP3Broken']);
    for (const r of rules) {
      const names = promqlMetricNames(r.expr);
      expect(names.length, r.alert).toBeGreaterThan(0);
      for (const n of names) expect(exported(n), `${r.alert}: ${n}`).toBe(true);
    }
  });
});

/** A series name of the scrape: a family, or a histogram's _bucket/_sum/_count, a counter's _total. */
function exported(name: string): boolean {
  if (families.has(name)) return true;
  const m = /^(.*)_(bucket|sum|count)$/.exec(name);
  return m?.[1] !== undefined && families.get(m[1])?.type === 'histogram';
}
