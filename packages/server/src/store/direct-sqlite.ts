import type { NodeSqliteDatabase } from './node-sqlite-database.ts';

/** The SQLite connection of each transaction a group commit has open, while it is open. */
const open = new WeakMap<object, NodeSqliteDatabase>();

/**
 * On SQLite a transaction's statements can run straight on its connection, synchronously: the group commit
 * holds the connection for the whole batch. Kysely's path to the same connection costs seven async steps and
 * about 3.5 KB of garbage a statement, more than SQLite's own work for the short statements of a claim, and
 * all of it inside the write lock the serving threads take turns with. Registered by groupCommit for the
 * lifetime of a batch's transaction; nothing outside a transaction runs this way (a statement on the bare
 * connection could read another batch's uncommitted writes).
 */
export function openDirect(tx: object, database: NodeSqliteDatabase): void {
  open.set(tx, database);
}

export function closeDirect(tx: object): void {
  open.delete(tx);
}

/** The connection to run `tx`'s statements on directly, if `tx` is an open SQLite group-commit transaction. */
export function directConnection(tx: object): NodeSqliteDatabase | undefined {
  return open.get(tx);
}

/** Runs one statement directly, with runSql's result: its rows, and the rows it changed or returned. */
export function runDirect<R>(database: NodeSqliteDatabase, sql: string, params: readonly unknown[]): { rows: R[]; changes: number } {
  const statement = database.prepare(sql);
  if (statement.reader) {
    const rows = statement.all(params) as R[];
    return { rows, changes: rows.length };
  }
  return { rows: [], changes: Number(statement.run(params).changes ?? 0) };
}
