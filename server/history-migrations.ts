// The history database's schema, as numbered migrations. A file records how far it got in
// PRAGMA user_version; opening runs the missing steps in order, each in one transaction, so an
// old file (an older edgelens) is brought up to date and a half-applied step never exists.
// Never edit a released step: add the next one.
import type Database from 'better-sqlite3';

export const MIGRATIONS: readonly string[] = [
  // 1: probe samples, per-minute client-class counts per router, the findings timeline.
  `CREATE TABLE probe_samples (
     at INTEGER NOT NULL,          -- ms since the epoch
     target TEXT NOT NULL,
     kind TEXT NOT NULL,           -- tcp | h3
     ok INTEGER NOT NULL,
     handshake_ms REAL,
     total_ms REAL,
     error TEXT
   );
   CREATE INDEX probe_samples_at ON probe_samples (at);
   CREATE INDEX probe_samples_target ON probe_samples (target, kind, at);
   CREATE TABLE client_classes (
     minute INTEGER NOT NULL,      -- ms since the epoch, start of the minute
     router TEXT NOT NULL,
     class TEXT NOT NULL,
     requests INTEGER NOT NULL,
     PRIMARY KEY (minute, router, class)
   );
   CREATE TABLE finding_events (
     at INTEGER NOT NULL,
     event TEXT NOT NULL,          -- appeared | resolved
     key TEXT NOT NULL,            -- rule + subjects: the identity of a finding across reads
     rule TEXT NOT NULL,
     severity TEXT NOT NULL,
     message TEXT NOT NULL
   );
   CREATE INDEX finding_events_at ON finding_events (at);`,
  // 2: announcer changes per LB IP and source outages, for "what changed".
  `CREATE TABLE announcer_events (
     at INTEGER NOT NULL,
     ip TEXT NOT NULL,
     from_node TEXT,
     to_node TEXT
   );
   CREATE INDEX announcer_events_at ON announcer_events (at);
   CREATE TABLE source_events (
     at INTEGER NOT NULL,
     source TEXT NOT NULL,
     up INTEGER NOT NULL,
     reason TEXT
   );
   CREATE INDEX source_events_at ON source_events (at);`,
  // 3: client_classes now holds each log sample's per-minute series (router '*': all routers), merged
  // with MAX per minute; the rows written before were whole-sample totals per router stamped on one
  // minute, not per-minute counts, so they go. probe_samples learn which run wrote them (run_at).
  `DELETE FROM client_classes;
   ALTER TABLE probe_samples ADD COLUMN run_at INTEGER;`,
];

/** Runs the migrations after the file's user_version, up to `target` (default: all). Returns the version reached. */
export function migrate(db: Database.Database, target = MIGRATIONS.length): number {
  const current = Number(db.pragma('user_version', { simple: true }));
  if (current > MIGRATIONS.length) {
    throw new Error(`the history file is at schema version ${current}, newer than this edgelens knows (${MIGRATIONS.length}); use a newer edgelens or another EDGELENS_HISTORY_PATH`);
  }
  for (let v = current; v < target; v++) {
    const sql = MIGRATIONS[v];
    if (sql === undefined) break;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return Number(db.pragma('user_version', { simple: true }));
}
