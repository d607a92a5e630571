import { CompiledQuery } from 'kysely';
import type { Capabilities } from '../capabilities.ts';
import { directConnection, runDirect } from '../direct-sqlite.ts';
import type { Tx } from '../store.ts';

const texts = new Map<string, string>();

/**
 * The hot statements' texts on a backend with numbered placeholders, each with the name it is prepared
 * under on every connection (see open-store.ts): parsed and planned once per connection, not per call.
 * The set is small and fixed by the code (one text per query shape); past the bound, statements simply run
 * unprepared.
 */
export const preparedStatementNames = new Map<string, string>();
const MAX_PREPARED = 1_000;

/** The statement with each `?` replaced by the backend's placeholder, computed once per text. */
function statementFor(caps: Capabilities, text: string): string {
  if (caps.placeholder(0) === '?') return text;
  let statement = texts.get(text);
  if (statement === undefined) {
    let i = 0;
    statement = text.replace(/\?/g, () => caps.placeholder(i++));
    if (texts.size > 500) texts.clear();
    texts.set(text, statement);
    if (preparedStatementNames.size < MAX_PREPARED && !preparedStatementNames.has(statement)) {
      preparedStatementNames.set(statement, `minga_${preparedStatementNames.size}`);
    }
  }
  return statement;
}

/**
 * Runs one statement of the work loop's hot path, written once in the SQL both backends share, with `?`
 * for each parameter (the text must hold no other `?`). It skips the query builder, whose cost per
 * statement was larger than the database's own at thousands of claims a second. Returns the rows (of a
 * SELECT or a RETURNING clause) and the number of rows a write changed; for a statement that returns rows,
 * the rows it returned (SQLite runs a write with a RETURNING clause as a query, and reports no changes).
 */
export async function runSql<R = Record<string, unknown>>(tx: Tx, caps: Capabilities, text: string, params: readonly unknown[]): Promise<{ rows: R[]; changes: number }> {
  const direct = directConnection(tx);
  if (direct) return runDirect<R>(direct, text, params);
  const result = await tx.executeQuery<R>(CompiledQuery.raw(statementFor(caps, text), params as unknown[]));
  return { rows: result.rows as R[], changes: result.rows.length > 0 ? result.rows.length : Number(result.numAffectedRows ?? 0) };
}
