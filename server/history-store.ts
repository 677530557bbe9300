// History in SQLite (better-sqlite3): probe samples (grouped by run), per-minute client-class counts
// (from each log sample's series, all routers together: router '*'), the
// findings timeline (appeared / resolved), announcer changes and source outages. At
// EDGELENS_HISTORY_PATH (a PVC in the `history` Kustomize component), a temp file in lab mode,
// in memory otherwise. Old rows go after the retention (EDGELENS_HISTORY_RETENTION, default 7 d)
// and every table is capped in rows, so the file stays bounded whatever the load. Writes are
// synchronous and small (one transaction per probe run or report); a write that fails is logged
// once and never breaks the caller.
import Database from 'better-sqlite3';
import { probeErrorSchema, type ClusterReport, type Finding, type HistoryRange, type HistoryResponse, type LogReport, type ProbeHistoryPoint, type ProbeRunPoint, type SourceName } from '@/lib/model';
import { percentile } from '@/lib/analyzers/probe-summary';
import { migrate } from './history-migrations';
import type { ProbeRunRecord } from './metrics-registry';

export interface HistoryOptions {
  /** A file path, or ':memory:'. */
  path: string;
  retentionMs: number;
  /** Most rows kept per table (oldest go first). */
  maxRows?: number;
  now?: () => Date;
  log?: (line: string) => void;
}

export interface HistoryStore {
  readonly path: string;
  recordProbeRun(reports: readonly ProbeRunRecord[]): void;
  /**
   * Stores the sample's per-minute series (requests per minute by address class, all routers):
   * each minute keeps the MAX of what any sample counted, since overlapping samples see the same
   * minute, the newest (partial) minute grows from one sample to the next, and a minute cut at the
   * start of a later sample's window counts fewer than it had.
   */
  recordClientClasses(report: Pick<LogReport, 'series'>): void;
  /** Compares with the previous report: findings appeared / resolved, announcers changed. */
  recordReport(report: ClusterReport): void;
  recordSource(source: SourceName, up: boolean, reason: string | null): void;
  probeHistory(target: string, kind: string, sinceMs: number, limit?: number): ProbeHistoryPoint[];
  /**
   * One point per recorded run (the samples one run wrote; rows from before schema 3 count as one
   * run each), or with `bucketMs` one point per bucket of runs (at its start), so a week stays light.
   */
  probeRuns(target: string, kind: string, sinceMs: number, opts?: { bucketMs?: number; limit?: number }): ProbeRunPoint[];
  changes(range: HistoryRange): HistoryResponse;
  /** Deletes what is older than the retention and beyond the row caps; returns the rows deleted. */
  prune(): number;
  close(): void;
}

/** The `router` of client_classes rows: the log report's series counts all routers together. */
export const ALL_ROUTERS = '*';

export const RANGE_MS: Record<HistoryRange, number> = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 };
/** The client-class rows of GET /api/v1/history: per minute over 1 h, per 15 min over 24 h, per hour over 7 d. */
export const CLASS_BUCKET_MS: Record<HistoryRange, number> = { '1h': 60_000, '24h': 15 * 60_000, '7d': 60 * 60_000 };
const DEFAULT_MAX_ROWS = 500_000;
const TABLES = ['probe_samples', 'client_classes', 'finding_events', 'announcer_events', 'source_events'] as const;
const TIME_COLUMN: Record<(typeof TABLES)[number], string> = {
  probe_samples: 'at',
  client_classes: 'minute',
  finding_events: 'at',
  announcer_events: 'at',
  source_events: 'at',
};

/** A finding's identity across reads: its rule and what it is about. */
export function findingKey(f: Finding): string {
  const subjects = f.subjects.map((s) => JSON.stringify(s)).sort().join(',');
  return `${f.rule}|${f.ip ?? ''}|${subjects}`;
}

export function openHistory(opts: HistoryOptions): HistoryStore {
  const now = opts.now ?? (() => new Date());
  const log = opts.log ?? ((l: string) => console.error(l));
  const maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS;
  const db = new Database(opts.path);
  if (opts.path !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  migrate(db);

  let failing = false;
  const safely = (what: string, fn: () => void): void => {
    try {
      fn();
      failing = false;
    } catch (err) {
      if (!failing) log(`edgelens history: ${what} failed: ${err instanceof Error ? err.message : String(err)}`);
      failing = true;
    }
  };

  const insertSample = db.prepare('INSERT INTO probe_samples (at, target, kind, ok, handshake_ms, total_ms, error, run_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const upsertClass = db.prepare(
    'INSERT INTO client_classes (minute, router, class, requests) VALUES (?, ?, ?, ?) ON CONFLICT (minute, router, class) DO UPDATE SET requests = MAX(requests, excluded.requests)',
  );
  const insertFinding = db.prepare('INSERT INTO finding_events (at, event, key, rule, severity, message) VALUES (?, ?, ?, ?, ?, ?)');
  const insertAnnouncer = db.prepare('INSERT INTO announcer_events (at, ip, from_node, to_node) VALUES (?, ?, ?, ?)');
  const insertSource = db.prepare('INSERT INTO source_events (at, source, up, reason) VALUES (?, ?, ?, ?)');

  // What is open now, rebuilt from the file so a restart does not re-announce every finding.
  const open = new Map<string, { rule: string; severity: string; message: string }>();
  for (const row of db
    .prepare(
      `SELECT key, rule, severity, message, event FROM finding_events f
       WHERE at = (SELECT MAX(at) FROM finding_events g WHERE g.key = f.key) ORDER BY rowid`,
    )
    .all() as Array<{ key: string; rule: string; severity: string; message: string; event: string }>) {
    if (row.event === 'appeared') open.set(row.key, row);
    else open.delete(row.key);
  }
  const announcers = new Map<string, string | null>();
  for (const row of db.prepare('SELECT ip, to_node FROM announcer_events ORDER BY at, rowid').all() as Array<{ ip: string; to_node: string | null }>) {
    announcers.set(row.ip, row.to_node);
  }

  let writes = 0;
  const prune = (): number => {
    const cutoff = now().getTime() - opts.retentionMs;
    let deleted = 0;
    db.transaction(() => {
      for (const t of TABLES) {
        deleted += db.prepare(`DELETE FROM ${t} WHERE ${TIME_COLUMN[t]} < ?`).run(cutoff).changes;
        const count = (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
        if (count > maxRows) deleted += db.prepare(`DELETE FROM ${t} WHERE rowid IN (SELECT rowid FROM ${t} ORDER BY ${TIME_COLUMN[t]} LIMIT ?)`).run(count - maxRows).changes;
      }
    })();
    return deleted;
  };
  const afterWrite = (n: number): void => {
    writes += n;
    // Prune every few thousand rows: the cost stays small and the file bounded between prunes.
    if (writes >= 2_000) {
      writes = 0;
      prune();
    }
  };
  safely('pruning', () => void prune());

  return {
    path: opts.path,
    recordProbeRun(reports) {
      safely('recording probe samples', () => {
        const t = now().getTime();
        let n = 0;
        db.transaction(() => {
          for (const { target, kind, report } of reports) {
            for (const r of report.results) {
              const at = r.at ? Date.parse(r.at) : t;
              insertSample.run(Number.isNaN(at) ? t : at, target, kind, r.ok ? 1 : 0, r.handshakeMs, r.totalMs, r.error, t);
              n++;
            }
          }
        })();
        afterWrite(n);
      });
    },
    recordClientClasses(report) {
      safely('recording client classes', () => {
        let n = 0;
        db.transaction(() => {
          for (const point of report.series ?? []) {
            const at = Date.parse(point.t);
            if (Number.isNaN(at)) continue;
            const minute = Math.floor(at / 60_000) * 60_000;
            for (const [cls, v] of Object.entries(point)) {
              // Zero counts are not stored: a minute with no row for a class had none of it.
              if (cls === 't' || typeof v !== 'number' || !(v > 0)) continue;
              upsertClass.run(minute, ALL_ROUTERS, cls, v);
              n++;
            }
          }
        })();
        afterWrite(n);
      });
    },
    recordReport(report) {
      if (report.stale) return;
      safely('recording the findings timeline', () => {
        const t = now().getTime();
        const seen = new Map(report.findings.map((f) => [findingKey(f), f]));
        let n = 0;
        db.transaction(() => {
          for (const [key, f] of seen) {
            if (open.has(key)) continue;
            insertFinding.run(t, 'appeared', key, f.rule, f.severity, f.message);
            open.set(key, { rule: f.rule, severity: f.severity, message: f.message });
            n++;
          }
          for (const [key, f] of [...open]) {
            if (seen.has(key)) continue;
            insertFinding.run(t, 'resolved', key, f.rule, f.severity, f.message);
            open.delete(key);
            n++;
          }
          for (const lb of report.loadBalancers) {
            const node = lb.announcer?.node ?? null;
            if (announcers.has(lb.ip) && announcers.get(lb.ip) === node) continue;
            insertAnnouncer.run(t, lb.ip, announcers.get(lb.ip) ?? null, node);
            announcers.set(lb.ip, node);
            n++;
          }
        })();
        afterWrite(n);
      });
    },
    recordSource(source, up, reason) {
      safely('recording a source change', () => {
        insertSource.run(now().getTime(), source, up ? 1 : 0, reason);
        afterWrite(1);
      });
    },
    probeHistory(target, kind, sinceMs, limit = 2_000) {
      const rows = db
        .prepare('SELECT at, ok, handshake_ms, total_ms, error FROM probe_samples WHERE target = ? AND kind = ? AND at >= ? ORDER BY at DESC LIMIT ?')
        .all(target, kind, sinceMs, limit) as Array<{ at: number; ok: number; handshake_ms: number | null; total_ms: number | null; error: string | null }>;
      return rows.reverse().map((r) => ({
        at: new Date(r.at).toISOString(),
        ok: r.ok === 1,
        handshakeMs: r.handshake_ms,
        totalMs: r.total_ms,
        error: probeErrorSchema.safeParse(r.error).data ?? null,
      }));
    },
    probeRuns(target, kind, sinceMs, opts = {}) {
      const { bucketMs = 0, limit = 2_000 } = opts;
      const rows = db
        .prepare('SELECT COALESCE(run_at, at) AS run, ok, handshake_ms FROM probe_samples WHERE target = ? AND kind = ? AND at >= ? ORDER BY run, at')
        .all(target, kind, sinceMs) as Array<{ run: number; ok: number; handshake_ms: number | null }>;
      const points = new Map<number, { samples: number; ok: number; handshakes: number[]; runs: Set<number> }>();
      for (const r of rows) {
        const key = bucketMs > 0 ? Math.floor(r.run / bucketMs) * bucketMs : r.run;
        const p = points.get(key) ?? { samples: 0, ok: 0, handshakes: [], runs: new Set<number>() };
        p.samples++;
        p.runs.add(r.run);
        if (r.ok === 1) {
          p.ok++;
          if (r.handshake_ms !== null) p.handshakes.push(r.handshake_ms);
        }
        points.set(key, p);
      }
      return [...points].slice(-limit).map(([at, p]) => ({
        at: new Date(at).toISOString(),
        samples: p.samples,
        ok: p.ok,
        p50Ms: percentile(p.handshakes, 50),
        p95Ms: percentile(p.handshakes, 95),
        minMs: p.handshakes.length > 0 ? Math.min(...p.handshakes) : null,
        maxMs: p.handshakes.length > 0 ? Math.max(...p.handshakes) : null,
        ...(bucketMs > 0 ? { runs: p.runs.size } : {}),
      }));
    },
    changes(range) {
      const to = now().getTime();
      const from = to - RANGE_MS[range];
      const findings = db.prepare('SELECT at, event, rule, severity, message FROM finding_events WHERE at >= ? ORDER BY at DESC, rowid DESC LIMIT 500').all(from) as Array<{
        at: number;
        event: 'appeared' | 'resolved';
        rule: string;
        severity: string;
        message: string;
      }>;
      const announcerRows = db.prepare('SELECT at, ip, from_node, to_node FROM announcer_events WHERE at >= ? ORDER BY at DESC, rowid DESC LIMIT 500').all(from) as Array<{
        at: number;
        ip: string;
        from_node: string | null;
        to_node: string | null;
      }>;
      const sources = db.prepare('SELECT at, source, up, reason FROM source_events WHERE at >= ? ORDER BY at DESC, rowid DESC LIMIT 500').all(from) as Array<{
        at: number;
        source: string;
        up: number;
        reason: string | null;
      }>;
      // Over 24 h / 7 d the minutes are summed into 15-min / 1-h buckets here, so a week is at most
      // 168 rows per class instead of 10,080 (and no row limit cuts the newest minutes off).
      const bucket = CLASS_BUCKET_MS[range];
      const classes = db
        .prepare(
          `SELECT (minute / ${bucket}) * ${bucket} AS minute, router, class, SUM(requests) AS requests FROM client_classes WHERE minute >= ?
           GROUP BY 1, router, class ORDER BY 1, router, class`,
        )
        .all(from) as Array<{ minute: number; router: string; class: string; requests: number }>;
      return {
        range,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        persistent: opts.path !== ':memory:',
        findings: findings.map((r) => ({ at: new Date(r.at).toISOString(), event: r.event, rule: r.rule, severity: r.severity, message: r.message })),
        announcers: announcerRows.map((r) => ({ at: new Date(r.at).toISOString(), ip: r.ip, from: r.from_node, to: r.to_node })),
        sources: sources.map((r) => ({ at: new Date(r.at).toISOString(), source: r.source, up: r.up === 1, reason: r.reason })),
        classBucketMinutes: bucket / 60_000,
        clientClasses: classes.map((r) => ({ minute: new Date(r.minute).toISOString(), router: r.router, class: r.class, requests: r.requests })),
      };
    },
    prune,
    close: () => db.close(),
  };
}
