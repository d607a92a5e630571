import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { POSTGRES_CAPABILITIES, SQLITE_CAPABILITIES, type Capabilities } from './capabilities.ts';
import { commitMarkerPending, writeCommitMarker } from './commit-marker.ts';
import { groupCommit } from './group-commit.ts';
import { migrate } from './migrate.ts';
import { NodeSqliteDatabase } from './node-sqlite-database.ts';
import { preparedStatementNames } from './queries/run-sql.ts';
import type { Database } from './schema.ts';
import type { Store } from './store.ts';
import type { ThreadWriteLock } from './thread-write-lock.ts';

export interface StoreOptions {
  /** A `postgres://` URL; when absent, Minga keeps its data in SQLite under `dataDir`. */
  databaseUrl?: string | undefined;
  dataDir: string;
  /** Connections in the PostgreSQL pool. */
  poolSize?: number;
  /** SQLite, with several threads of one process writing: the lock they take turns with. */
  writeLock?: ThreadWriteLock;
  /** False for a second connection of a process that has already brought the schema up to date. */
  migrate?: boolean;
}

// Counters come back from PostgreSQL as strings unless told otherwise; ours fit in a double.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

// WAL lets readers run beside the writer; synchronous=NORMAL keeps every commit across a process crash
// (only an OS crash may lose the last commits); the journal size limit keeps the WAL bounded. A large page
// cache and memory-mapped reads keep index pages of a big store from costing a system call each.
export const SQLITE_PRAGMAS = `
    pragma journal_mode = wal;
    pragma synchronous = normal;
    pragma journal_size_limit = 67108864;
    pragma wal_autocheckpoint = 4000;
    pragma cache_size = -262144;
    pragma mmap_size = 1073741824;
    pragma temp_store = memory;
  `;

const THREADED_AUTOCHECKPOINT_PAGES = 16_000;

/** Opens the configured store and brings its schema up to date. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const { db, caps, sqlite } = options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolSize ?? 10)
    : openSqlite(options.dataDir, options.writeLock !== undefined);
  if (options.migrate !== false) await migrate(db as Kysely<unknown>, caps);
  // SQLite runs one writing transaction at a time anyway (taking turns with the process's other threads,
  // if any): those that queue up on a connection commit together. PostgreSQL runs them side by side on its pool.
  const transaction: Store['transaction'] = caps.dialect === 'sqlite'
    ? groupCommit(db, writeCommitMarker, options.writeLock, sqlite)
    : (fn) =>
        db.transaction().execute(async (tx) => {
          const result = await fn(tx);
          await writeCommitMarker(tx);
          return result;
        });
  return {
    db,
    caps,
    transaction,
    // On SQLite every write takes its turn through a transaction. On PostgreSQL a statement is atomic on its
    // own, unless the request's first commit must also mark its Idempotency-Key.
    statement: caps.dialect === 'sqlite' ? transaction : (fn) => (commitMarkerPending() ? transaction(fn) : fn(db)),
    ping: async () => {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    close: async () => {
      await db.destroy();
    },
  };
}

function openPostgres(url: string, max: number): { db: Kysely<Database>; caps: Capabilities; sqlite?: undefined } {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client that loses its server must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  // The work loop's statements run thousands of times a second: each connection prepares them once, by
  // name, instead of having the server parse and plan them at every call.
  pool.on('connect', (client) => {
    // ...and plans them once: left to choose, PostgreSQL kept planning some at every call (the consensus
    // read of a submit was planned at 4 of 10 calls, its planning costing five times its execution).
    // Queued first on the new connection, so it runs before anything else does.
    void client.query('set plan_cache_mode = force_generic_plan').catch(() => {});
    const query = client.query.bind(client) as (config: unknown, values?: unknown) => unknown;
    (client as { query: unknown }).query = (config: unknown, values?: unknown) => {
      const name = typeof config === 'string' ? preparedStatementNames.get(config) : undefined;
      return name === undefined ? query(config, values) : query({ name, text: config, values });
    };
  });
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), caps: POSTGRES_CAPABILITIES };
}

function openSqlite(dataDir: string, threaded: boolean): { db: Kysely<Database>; caps: Capabilities; sqlite: NodeSqliteDatabase } {
  mkdirSync(dataDir, { recursive: true });
  const database = new NodeSqliteDatabase(join(dataDir, 'minga.sqlite'), 5_000);
  database.raw.exec(SQLITE_PRAGMAS);
  // Threads checkpoint after their turn to write (group-commit.ts); the automatic one is the safety net.
  if (threaded) database.raw.exec(`pragma wal_autocheckpoint = ${THREADED_AUTOCHECKPOINT_PAGES}`);
  return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database }) }), caps: SQLITE_CAPABILITIES, sqlite: database };
}
