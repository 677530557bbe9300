// The history store on real SQLite files: samples survive a restart, an old file (schema 1) is
// migrated with its rows kept, retention and the row cap delete, the findings timeline records
// appeared / resolved once (also across a restart) and announcer moves.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { minutePointSchema, type ClusterReport, type Finding, type LogReport, type ProbeReport } from '@/lib/model';
import { MIGRATIONS, migrate } from './history-migrations';
import { openHistory } from './history-store';

let dir: string;
let clock: Date;
const now = () => clock;
const file = () => join(dir, 'history.sqlite');
const DAY = 86_400_000;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'edgelens-history-test-'));
  clock = new Date('2026-12-07T10:00:00Z');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const report = (ok: boolean, at: string): ProbeReport => ({
  kind: 'tcp',
  target: '127.0.0.1:8443',
  sni: null,
  samples: 1,
  ok: ok ? 1 : 0,
  failed: ok ? 0 : 1,
  results: [{ ok, phase: ok ? 'done' : 'connect', error: ok ? null : 'timeout', handshakeMs: ok ? 2.5 : null, totalMs: 3, alpn: null, status: null, altSvc: null, at }],
  p50Ms: null,
  p95Ms: null,
  verdict: ok ? 'ok' : 'failing',
});

const finding = (rule: string, name: string): Finding => ({ rule, severity: 'error', subjects: [{ kind: 'Service', namespace: 'traefik', name }], message: `${rule} on ${name}`, evidence: [], fix: 'f' });
const cluster = (findings: Finding[], announcer: string): ClusterReport => ({
  source: 'kube',
  findings,
  gaps: [],
  nodes: [],
  loadBalancers: [{ ip: '10.0.20.200', announcer: { node: announcer, source: 'ServiceL2Status' }, services: [] }],
});

describe('history store', () => {
  it('probe samples survive a restart (open, record, close, open)', () => {
    const a = openHistory({ path: file(), retentionMs: 7 * DAY, now });
    a.recordProbeRun([{ target: 'web', kind: 'tcp', report: report(true, '2026-12-07T09:59:00.000Z') }]);
    a.recordProbeRun([{ target: 'web', kind: 'tcp', report: report(false, '2026-12-07T09:59:30.000Z') }]);
    a.close();
    const b = openHistory({ path: file(), retentionMs: 7 * DAY, now });
    expect(b.probeHistory('web', 'tcp', clock.getTime() - 3_600_000)).toEqual([
      { at: '2026-12-07T09:59:00.000Z', ok: true, handshakeMs: 2.5, totalMs: 3, error: null },
      { at: '2026-12-07T09:59:30.000Z', ok: false, handshakeMs: null, totalMs: 3, error: 'timeout' },
    ]);
    b.close();
  });

  it('migrates an old file (schema 1) and keeps its rows', () => {
    const old = new Database(file());
    expect(migrate(old, 1)).toBe(1);
    old.prepare('INSERT INTO probe_samples (at, target, kind, ok, handshake_ms, total_ms, error) VALUES (?, ?, ?, ?, ?, ?, ?)').run(clock.getTime() - 1000, 'web', 'h3', 1, 20, 25, null);
    old.close();
    const h = openHistory({ path: file(), retentionMs: 7 * DAY, now });
    expect(h.probeHistory('web', 'h3', 0)).toHaveLength(1);
    h.recordSource('kube', false, 'connection refused');
    expect(h.changes('1h').sources).toEqual([{ at: clock.toISOString(), source: 'kube', up: false, reason: 'connection refused' }]);
    h.close();
    const check = new Database(file());
    expect(check.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    check.close();
  });

  it('refuses a file from a newer edgelens instead of guessing', () => {
    const db = new Database(file());
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => openHistory({ path: file(), retentionMs: DAY, now })).toThrow(/newer than this edgelens knows/);
  });

  it('retention deletes what is older; the row cap keeps the newest', () => {
    const h = openHistory({ path: file(), retentionMs: DAY, now, maxRows: 3 });
    h.recordProbeRun([{ target: 'web', kind: 'tcp', report: report(true, '2026-12-05T10:00:00.000Z') }]);
    for (let i = 0; i < 4; i++) h.recordProbeRun([{ target: 'web', kind: 'tcp', report: report(true, `2026-12-07T09:0${i}:00.000Z`) }]);
    expect(h.probeHistory('web', 'tcp', 0)).toHaveLength(5);
    expect(h.prune()).toBe(2);
    expect(h.probeHistory('web', 'tcp', 0).map((p) => p.at)).toEqual(['2026-12-07T09:01:00.000Z', '2026-12-07T09:02:00.000Z', '2026-12-07T09:03:00.000Z']);
    h.close();
  });

  it('findings timeline: appeared and resolved once each, not again after a restart; announcer moves', () => {
    const a = openHistory({ path: file(), retentionMs: 7 * DAY, now });
    a.recordReport(cluster([finding('etp-cluster-snat', 'traefik')], 'node-a'));
    clock = new Date(clock.getTime() + 60_000);
    a.recordReport(cluster([finding('etp-cluster-snat', 'traefik')], 'node-a'));
    a.close();
    const b = openHistory({ path: file(), retentionMs: 7 * DAY, now });
    b.recordReport(cluster([finding('etp-cluster-snat', 'traefik')], 'node-a'));
    clock = new Date(clock.getTime() + 60_000);
    b.recordReport(cluster([], 'node-b'));
    // A stale report (API server down) says nothing about findings.
    b.recordReport({ ...cluster([], 'node-c'), stale: { message: 'm', reason: 'r', since: clock.toISOString(), lastSuccessAt: null, ageSeconds: null } });
    const changes = b.changes('24h');
    expect(changes.findings.map((f) => [f.event, f.rule])).toEqual([
      ['resolved', 'etp-cluster-snat'],
      ['appeared', 'etp-cluster-snat'],
    ]);
    expect(changes.announcers.map((x) => [x.from, x.to])).toEqual([
      ['node-a', 'node-b'],
      [null, 'node-a'],
    ]);
    expect(changes.persistent).toBe(true);
    b.close();
  });

  it('client classes: each minute of the sample series, all routers (*), merged with MAX', () => {
    const h = openHistory({ path: ':memory:', retentionMs: DAY, now });
    // The report's series shape: every class, zeros included (lib/logs/report.ts minutePoint).
    const logs = (points: Array<[string, Record<string, number>]>): Pick<LogReport, 'series'> => ({
      series: points.map(([t, counts]) => minutePointSchema.parse({ t, node: 0, pod: 0, public: 0, ...counts })),
    });
    // First sample: 09:57 full, 09:58 still filling.
    h.recordClientClasses(logs([['2026-12-07T09:57:00.000Z', { node: 40, public: 3 }], ['2026-12-07T09:58:00.000Z', { node: 12 }]]));
    // A later, overlapping sample: its window starts inside 09:57 (fewer lines of that minute), 09:58
    // grew, 09:59 is new and has a class 09:58 lacked.
    h.recordClientClasses(logs([['2026-12-07T09:57:00.000Z', { node: 9 }], ['2026-12-07T09:58:00.000Z', { node: 30, public: 1 }], ['2026-12-07T09:59:00.000Z', { node: 5, pod: 2 }]]));
    expect(h.changes('1h').clientClasses).toEqual([
      { minute: '2026-12-07T09:57:00.000Z', router: '*', class: 'node', requests: 40 },
      { minute: '2026-12-07T09:57:00.000Z', router: '*', class: 'public', requests: 3 },
      { minute: '2026-12-07T09:58:00.000Z', router: '*', class: 'node', requests: 30 },
      { minute: '2026-12-07T09:58:00.000Z', router: '*', class: 'public', requests: 1 },
      { minute: '2026-12-07T09:59:00.000Z', router: '*', class: 'node', requests: 5 },
      { minute: '2026-12-07T09:59:00.000Z', router: '*', class: 'pod', requests: 2 },
    ]);
    // Minutes older than the range stay out of it.
    h.recordClientClasses(logs([['2026-12-07T08:30:00.000Z', { node: 7 }]]));
    expect(h.changes('1h').clientClasses).toHaveLength(6);
    // Over 24 h, 15-min buckets: 08:30 alone, and 09:45–09:59 summed per class.
    expect(h.changes('24h').clientClasses).toEqual([
      { minute: '2026-12-07T08:30:00.000Z', router: '*', class: 'node', requests: 7 },
      { minute: '2026-12-07T09:45:00.000Z', router: '*', class: 'node', requests: 75 },
      { minute: '2026-12-07T09:45:00.000Z', router: '*', class: 'pod', requests: 2 },
      { minute: '2026-12-07T09:45:00.000Z', router: '*', class: 'public', requests: 4 },
    ]);
    expect(h.changes('24h').classBucketMinutes).toBe(15);
    expect(h.changes('1h').persistent).toBe(false);
    h.close();
  });

  it('schema 3 drops the old whole-sample client-class rows (they were not per-minute counts)', () => {
    const old = new Database(file());
    migrate(old, 2);
    old.prepare('INSERT INTO client_classes (minute, router, class, requests) VALUES (?, ?, ?, ?)').run(clock.getTime() - 60_000, 'web@kubernetes', 'node', 2000);
    old.prepare('INSERT INTO probe_samples (at, target, kind, ok, handshake_ms, total_ms, error) VALUES (?, ?, ?, ?, ?, ?, ?)').run(clock.getTime() - 1000, 'web', 'tcp', 1, 4, 5, null);
    old.close();
    const h = openHistory({ path: file(), retentionMs: 7 * DAY, now });
    expect(h.changes('1h').clientClasses).toEqual([]);
    // A sample written before runs were recorded is a run of its own.
    expect(h.probeRuns('web', 'tcp', 0)).toEqual([{ at: new Date(clock.getTime() - 1000).toISOString(), samples: 1, ok: 1, p50Ms: 4, p95Ms: 4, minMs: 4, maxMs: 4 }]);
    h.close();
  });

  it('probe runs: the samples one run wrote are one point (or a bucket of runs over long ranges), with success, percentiles, min and max', () => {
    const h = openHistory({ path: ':memory:', retentionMs: DAY, now });
    const run = (oks: boolean[], start: string): ProbeReport => ({
      ...report(true, start),
      samples: oks.length,
      results: oks.map((ok, i) => ({ ...report(ok, start).results[0]!, handshakeMs: ok ? 10 + i : null, at: new Date(Date.parse(start) + i * 200).toISOString() })),
    });
    h.recordProbeRun([{ target: 'web', kind: 'h3', report: run([true, false, true], '2026-12-07T09:59:00.000Z') }]);
    clock = new Date(clock.getTime() + 60_000);
    h.recordProbeRun([{ target: 'web', kind: 'h3', report: run([false, false, false], '2026-12-07T10:00:00.000Z') }]);
    expect(h.probeRuns('web', 'h3', 0)).toEqual([
      { at: '2026-12-07T10:00:00.000Z', samples: 3, ok: 2, p50Ms: 10, p95Ms: 12, minMs: 10, maxMs: 12 },
      { at: '2026-12-07T10:01:00.000Z', samples: 3, ok: 0, p50Ms: null, p95Ms: null, minMs: null, maxMs: null },
    ]);
    expect(h.probeRuns('web', 'h3', 0, { limit: 1 })).toHaveLength(1);
    // Over a day: one point per 15 minutes, saying how many runs it merged.
    expect(h.probeRuns('web', 'h3', 0, { bucketMs: 15 * 60_000 })).toEqual([{ at: '2026-12-07T10:00:00.000Z', samples: 6, ok: 2, p50Ms: 10, p95Ms: 12, minMs: 10, maxMs: 12, runs: 2 }]);
    h.close();
  });
});
