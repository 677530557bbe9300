// The Prometheus registry of the process (prom-client). Three kinds of series:
// - families from the pure producers (clusterMetrics, logMetrics, crowdsecMetrics: MetricFamily[])
//   turned into prom-client gauges at every scrape, so those producers stay the single definition
//   of what the findings, client classes and CrowdSec numbers are;
// - per-source health (edgelens_source_up, _last_success_timestamp_seconds, _errors_total) read
//   from the source-health registry at scrape time;
// - probe outcomes observed as runs finish (success ratio, samples, handshake histogram);
// plus prom-client's default process metrics.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ProbeKind, ProbeReport } from '@/lib/model';
import type { MetricFamily } from './metrics';
import { SOURCE_NAMES, sourceHealth, type SourceHealth } from './source-health';

/** Handshake buckets (seconds): loopback and LAN answers in ms, a WAN in tens of ms, timeouts at seconds. */
const HANDSHAKE_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export interface ProbeRunRecord {
  target: string;
  kind: ProbeKind;
  report: ProbeReport;
}

export interface EdgelensMetrics {
  registry: Registry;
  /** Sets every producer family to this scrape's values; families absent now are emptied. */
  applyFamilies(families: readonly MetricFamily[]): void;
  recordProbeRun(reports: readonly ProbeRunRecord[]): void;
  render(): Promise<string>;
  contentType: string;
}

export function createMetrics(health: SourceHealth = sourceHealth()): EdgelensMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  new Gauge({
    name: 'edgelens_source_up',
    help: 'Whether the source answered its last read (1) or not (0); absent until first tried. Sources: kube, watch, podlogs, crowdsec, probes, agents.',
    labelNames: ['source'],
    registers: [registry],
    collect() {
      this.reset();
      for (const s of SOURCE_NAMES) {
        const st = health.get(s);
        if (st.up !== null) this.set({ source: s }, st.up ? 1 : 0);
      }
    },
  });
  new Gauge({
    name: 'edgelens_source_last_success_timestamp_seconds',
    help: 'When the source last answered (Unix seconds).',
    labelNames: ['source'],
    registers: [registry],
    collect() {
      this.reset();
      for (const s of SOURCE_NAMES) {
        const t = health.get(s).lastSuccess;
        if (t) this.set({ source: s }, Date.parse(t) / 1000);
      }
    },
  });
  const seenErrors = new Map<string, number>();
  new Counter({
    name: 'edgelens_source_errors_total',
    help: 'Failed reads per source since the server started.',
    labelNames: ['source'],
    registers: [registry],
    collect() {
      for (const s of SOURCE_NAMES) {
        const n = health.get(s).errors ?? 0;
        const delta = n - (seenErrors.get(s) ?? 0);
        if (delta > 0) this.inc({ source: s }, delta);
        else if (!seenErrors.has(s)) this.inc({ source: s }, 0);
        seenErrors.set(s, n);
      }
    },
  });

  const probeSuccess = new Gauge({
    name: 'edgelens_probe_success_ratio',
    help: 'Share of successful samples in the latest run of a target and kind (0..1).',
    labelNames: ['target', 'kind'],
    registers: [registry],
  });
  const probeSamples = new Counter({
    name: 'edgelens_probe_samples_total',
    help: 'Probe samples sent, by target, kind and outcome (ok, or the error: timeout, refused, tls, protocol, …).',
    labelNames: ['target', 'kind', 'outcome'],
    registers: [registry],
  });
  const handshake = new Histogram({
    name: 'edgelens_probe_handshake_seconds',
    help: 'Handshake time of successful probe samples (TCP+TLS, or QUIC), by target and kind.',
    labelNames: ['target', 'kind'],
    buckets: HANDSHAKE_BUCKETS,
    registers: [registry],
  });
  const probeLast = new Gauge({
    name: 'edgelens_probe_last_run_timestamp_seconds',
    help: 'When a target and kind was last probed (Unix seconds).',
    labelNames: ['target', 'kind'],
    registers: [registry],
  });

  // Producer families: one gauge per name, recreated when its label set changes.
  const families = new Map<string, { labels: string; metric: Gauge<string> }>();
  const familyGauge = (f: MetricFamily, labelNames: string[]): Gauge<string> => {
    const key = labelNames.join(',');
    const have = families.get(f.name);
    if (have && have.labels === key) return have.metric;
    if (have) registry.removeSingleMetric(f.name);
    // A producer "counter" is a total computed elsewhere (it can be set, not only increased): a
    // gauge carries it exactly; the producers today only emit gauges.
    const metric = new Gauge({ name: f.name, help: f.help, labelNames, registers: [registry] });
    families.set(f.name, { labels: key, metric });
    return metric;
  };

  return {
    registry,
    contentType: registry.contentType,
    applyFamilies(list) {
      const present = new Set<string>();
      for (const f of list) {
        const labelNames = [...new Set(f.samples.flatMap((s) => Object.keys(s.labels ?? {})))].sort();
        const g = familyGauge(f, labelNames);
        if (!present.has(f.name)) g.reset();
        present.add(f.name);
        for (const s of f.samples) g.set(s.labels ?? {}, s.value);
      }
      for (const [name, { metric }] of families) if (!present.has(name)) metric.reset();
    },
    recordProbeRun(reports) {
      for (const { target, kind, report } of reports) {
        const labels = { target, kind };
        probeSuccess.set(labels, report.samples === 0 ? 0 : report.ok / report.samples);
        probeLast.set(labels, Date.now() / 1000);
        for (const r of report.results) {
          probeSamples.inc({ ...labels, outcome: r.ok ? 'ok' : (r.error ?? 'error') });
          if (r.ok && r.handshakeMs !== null) handshake.observe(labels, r.handshakeMs / 1000);
        }
      }
    },
    render: () => registry.metrics(),
  };
}

const KEY = Symbol.for('edgelens.metrics');
type Holder = { [KEY]?: EdgelensMetrics };

/** The process' registry (Next.js may load this module once per route bundle). */
export function processMetrics(): EdgelensMetrics {
  const holder = globalThis as Holder;
  holder[KEY] ??= createMetrics();
  return holder[KEY];
}
