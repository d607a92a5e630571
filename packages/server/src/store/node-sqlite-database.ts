import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

type Param = null | number | bigint | string | Uint8Array;

/** node:sqlite binds no booleans or undefined; the rest of Minga may pass them freely. */
function bindable(values: ReadonlyArray<unknown>): Param[] {
  // Most calls carry no boolean and no undefined (bulk inserts bind tens of thousands of plain values):
  // check before copying, with an index: this runs a few times a request over long arrays, too rarely to be
  // optimised, and an unoptimised for-of allocates an iterator result per value.
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === undefined || typeof v === 'boolean') return values.map((x) => (x === undefined ? null : typeof x === 'boolean' ? (x ? 1 : 0) : (x as Param)));
  }
  return values as Param[];
}

/**
 * Presents node:sqlite's DatabaseSync as the better-sqlite3-like interface Kysely's SqliteDialect expects,
 * caching prepared statements by SQL text: the same query shapes run thousands of times a second.
 */
export class NodeSqliteDatabase implements SqliteDatabase {
  readonly raw: DatabaseSync;
  readonly #cache = new Map<string, SqliteStatement>();

  constructor(path: string, busyTimeoutMs: number) {
    this.raw = new DatabaseSync(path, { timeout: busyTimeoutMs });
  }

  prepare(sql: string): SqliteStatement {
    let statement = this.#cache.get(sql);
    if (statement) return statement;
    // Every transaction Minga opens writes: take the write lock at its start, so that a transaction never
    // finds, at its first write, that another connection wrote after its first read.
    const stmt: StatementSync = this.raw.prepare(sql === 'begin' ? 'begin immediate' : sql);
    const reader = stmt.columns().length > 0;
    statement = {
      reader,
      all: (p) => stmt.all(...bindable(p)),
      run: (p) => stmt.run(...bindable(p)),
      iterate: (p) => stmt.iterate(...bindable(p)),
    };
    if (this.#cache.size >= 500) this.#cache.delete(this.#cache.keys().next().value as string);
    this.#cache.set(sql, statement);
    return statement;
  }

  close(): void {
    this.#cache.clear();
    this.raw.close();
  }
}
