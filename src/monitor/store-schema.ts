// The monitor database's tables, and the one-way upgrades of files written by
// an older launchready (columns are only ever added, so an old file opens).

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS rollups(series TEXT NOT NULL, minute INTEGER NOT NULL, count INTEGER NOT NULL, ok INTEGER NOT NULL,
  dns REAL NOT NULL, connect REAL NOT NULL, tls REAL NOT NULL, ttfb REAL NOT NULL, hist BLOB NOT NULL, PRIMARY KEY(series, minute)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS rollups_minute ON rollups(minute);
CREATE TABLE IF NOT EXISTS counters(name TEXT NOT NULL, minute INTEGER NOT NULL, value REAL NOT NULL, PRIMARY KEY(name, minute)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS last_results(check_name TEXT PRIMARY KEY, at INTEGER NOT NULL, ok INTEGER NOT NULL, latency REAL NOT NULL, status INTEGER, detail TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS failures(check_name TEXT NOT NULL, at INTEGER NOT NULL, detail TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS failures_at ON failures(at);
CREATE TABLE IF NOT EXISTS alert_state(monitor TEXT PRIMARY KEY, state TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS incidents(id TEXT PRIMARY KEY, monitor TEXT NOT NULL, kind TEXT NOT NULL, severity TEXT NOT NULL,
  opened INTEGER NOT NULL, resolved INTEGER, summary TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS deliveries(incident TEXT NOT NULL, channel TEXT NOT NULL, kind TEXT NOT NULL, seq INTEGER NOT NULL,
  status TEXT NOT NULL, attempts INTEGER NOT NULL, next_at INTEGER NOT NULL, last_error TEXT, subject TEXT NOT NULL, body TEXT NOT NULL,
  created INTEGER NOT NULL, sent INTEGER, PRIMARY KEY(incident, channel, kind, seq));
CREATE TABLE IF NOT EXISTS snapshots(name TEXT PRIMARY KEY, digest TEXT NOT NULL, summary TEXT NOT NULL, at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/** Columns added after the first release, with their definitions. */
const ADDED_COLUMNS: [table: string, column: string, definition: string][] = [
  ['deliveries', 'idem_key', "TEXT NOT NULL DEFAULT ''"],
  ['deliveries', 'claimed', 'INTEGER'],
  ['deliveries', 'note', 'TEXT'],
  ['incidents', 'held', 'INTEGER NOT NULL DEFAULT 0'],
];

const INDEXES = `
CREATE INDEX IF NOT EXISTS deliveries_queue ON deliveries(channel, status);
CREATE INDEX IF NOT EXISTS incidents_opened ON incidents(opened);
`;

export function migrate(db: { exec(sql: string): unknown; prepare(sql: string): { all(...a: unknown[]): unknown[] } }): void {
  db.exec(SCHEMA);
  for (const [table, column, def] of ADDED_COLUMNS) {
    const cols = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
    if (!cols.includes(column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${def}`);
  }
  db.exec(INDEXES);
}

/** Tables copied from the in-memory copy back into the file when the file is usable again, with their key columns. */
export const SYNC_TABLES = ['rollups', 'counters', 'last_results', 'alert_state', 'incidents', 'deliveries', 'snapshots'] as const;
