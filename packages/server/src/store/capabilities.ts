/**
 * Everything that differs between the two backends, named once. Queries consult these flags instead of
 * asking which database they run on.
 */
export interface Capabilities {
  readonly dialect: 'sqlite' | 'postgres';
  /** Most bind parameters one statement may carry. */
  readonly maxBindParameters: number;
  /** `FOR UPDATE SKIP LOCKED` exists: several processes may share a queue without blocking each other. */
  readonly skipLocked: boolean;
  /** Several server processes may share this store. */
  readonly multiProcess: boolean;
  /**
   * Transactions write at once, so a row read in order to be changed is locked as it is read
   * (`SELECT … FOR NO KEY UPDATE`): otherwise another transaction may change it between the read and the write.
   * Where false, one transaction writes at a time and every read inside it is current.
   */
  readonly rowLocks: boolean;
  /**
   * Tables can skip the write-ahead log (PostgreSQL `UNLOGGED`): their writes commit without waiting for a
   * disk flush, and a crash empties them. For state that may be lost, such as rate-limit buckets.
   */
  readonly unloggedTables: boolean;
  /**
   * Data-modifying statements may stand in WITH clauses, so independent writes go to the database as one
   * statement (store/queries/run-sql-batch.ts): one round trip instead of one per write.
   */
  readonly writableCtes: boolean;
  /** The column type of an auto-incrementing 64-bit sequence, for migrations. */
  readonly serialPrimaryKey: 'integer primary key autoincrement' | 'bigserial primary key';
  /**
   * How the event feed stays gapless. `seq`: one writer at a time, so sequence order is commit order.
   * `transaction`: concurrent writers may commit out of sequence order, so events carry their transaction id
   * and readers stop below the oldest transaction still running.
   */
  readonly eventOrder: 'seq' | 'transaction';
  /** The SQL expression of the writing transaction's order for events: its id, or 0 under `seq` order. */
  readonly transactionOrderSql: string;
  /**
   * The SQL expression of the counter shard row a transaction bumps (project_counters, project_hourly_shards).
   * Concurrent writers each keep to their own connection's row, so they never wait on one another's counters;
   * one writer at a time needs one row.
   */
  readonly counterShardSql: string;
  /** The bind placeholder for the parameter at `index` (0-based) of a raw statement. */
  placeholder(index: number): string;
  /** True when an error thrown by the driver is a unique-constraint violation. */
  isUniqueViolation(error: unknown): boolean;
  /** True when the database aborted a statement to break a deadlock (or a serialization conflict): retrying may succeed. */
  isTransientConflict(error: unknown): boolean;
}

export const SQLITE_CAPABILITIES: Capabilities = Object.freeze({
  dialect: 'sqlite',
  maxBindParameters: 32_766,
  skipLocked: false,
  multiProcess: false,
  rowLocks: false,
  unloggedTables: false,
  // SQLite's WITH takes SELECTs only; its statements cost no round trip anyway.
  writableCtes: false,
  serialPrimaryKey: 'integer primary key autoincrement',
  placeholder: () => '?',
  eventOrder: 'seq',
  transactionOrderSql: '0',
  counterShardSql: '0',
  isUniqueViolation: (e: unknown) =>
    e instanceof Error && /UNIQUE constraint failed|SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)/.test(`${e.message} ${(e as { code?: string }).code}`),
  // One writer at a time: nothing to wait on, so nothing to break.
  isTransientConflict: () => false,
});

export const POSTGRES_CAPABILITIES: Capabilities = Object.freeze({
  dialect: 'postgres',
  maxBindParameters: 65_535,
  skipLocked: true,
  multiProcess: true,
  rowLocks: true,
  unloggedTables: true,
  writableCtes: true,
  serialPrimaryKey: 'bigserial primary key',
  placeholder: (index: number) => `$${index + 1}`,
  eventOrder: 'transaction',
  transactionOrderSql: 'pg_current_xact_id()::text::bigint',
  // Backend process ids of one pool are mostly consecutive: 64 rows keep up to 64 connections apart.
  counterShardSql: '(pg_backend_pid() % 64)',
  isUniqueViolation: (e: unknown) => (e as { code?: string } | null)?.code === '23505',
  isTransientConflict: (e: unknown) => ['40P01', '40001'].includes((e as { code?: string } | null)?.code ?? ''),
});
