import { CompiledQuery } from 'kysely';
import type { Capabilities } from '../capabilities.ts';
import type { Database } from '../schema.ts';
import { directConnection, runDirect } from '../direct-sqlite.ts';
import type { Tx } from '../store.ts';
import type { Statement } from './run-sql-batch.ts';

const statements = new Map<string, string>();

function statementFor(placeholder: Capabilities['placeholder'], table: string, columns: readonly string[], rows: number, computed: Readonly<Record<string, string>>): string {
  const extra = Object.keys(computed);
  const key = `${placeholder(0)}|${table}|${columns.length}|${rows}|${extra.map((column) => `${column}=${computed[column]}`).join(',')}`;
  let text = statements.get(key);
  if (text === undefined) {
    const tuples: string[] = [];
    for (let r = 0, p = 0; r < rows; r++) {
      const marks: string[] = [];
      for (let c = 0; c < columns.length; c++) marks.push(placeholder(p++));
      for (const column of extra) marks.push(computed[column] as string);
      tuples.push(`(${marks.join(',')})`);
    }
    text = `insert into ${table} (${[...columns, ...extra].join(',')}) values ${tuples.join(',')}`;
    if (statements.size > 200) statements.clear();
    statements.set(key, text);
  }
  return text;
}

/**
 * The bulk-insert path of task ingest: multi-row INSERTs in chunks that fit the backend's bind-parameter
 * limit, with the statement text cached per shape. It skips the query builder, whose per-value compilation
 * cost more than the database's own work at batch sizes of thousands. `computed` gives columns whose value
 * is the same SQL expression in every row (fixed text from the code, never input).
 */
export async function insertRows<T extends keyof Database>(
  tx: Tx,
  caps: Capabilities,
  table: T,
  columns: readonly (keyof Database[T] & string)[],
  rows: readonly Record<string, unknown>[],
  computed?: Readonly<Partial<Record<keyof Database[T] & string, string>>>,
): Promise<void> {
  const direct = directConnection(tx);
  const perStatement = Math.max(1, Math.min(2_000, Math.floor(caps.maxBindParameters / columns.length)));
  for (let start = 0; start < rows.length; start += perStatement) {
    const slice = rows.slice(start, start + perStatement);
    const params = valuesOf(columns, slice);
    const text = statementFor(caps.placeholder, table, columns, slice.length, (computed ?? {}) as Record<string, string>);
    if (direct) runDirect(direct, text, params);
    else await tx.executeQuery(CompiledQuery.raw(text, params));
  }
}

const QUESTION_MARK = () => '?';

/**
 * A few rows' INSERT as one write of a batch (store/queries/run-sql-batch.ts), with `?` placeholders;
 * `suffix` is fixed text from the code (an ON CONFLICT clause).
 */
export function insertStatement<T extends keyof Database>(
  table: T,
  columns: readonly (keyof Database[T] & string)[],
  rows: readonly Record<string, unknown>[],
  computed?: Readonly<Partial<Record<keyof Database[T] & string, string>>>,
  suffix = '',
): Statement {
  const text = statementFor(QUESTION_MARK, table, columns, rows.length, (computed ?? {}) as Record<string, string>);
  return { text: suffix ? `${text} ${suffix}` : text, params: valuesOf(columns, rows) };
}

function valuesOf(columns: readonly string[], rows: readonly Record<string, unknown>[]): unknown[] {
  const params: unknown[] = new Array(rows.length * columns.length);
  let i = 0;
  for (const row of rows) for (const column of columns) params[i++] = row[column];
  return params;
}
