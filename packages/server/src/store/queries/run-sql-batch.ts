import type { Capabilities } from '../capabilities.ts';
import type { Tx } from '../store.ts';
import { runSql } from './run-sql.ts';

/** One write of a batch: its text with `?` for each parameter (and no other `?`), and its parameters. */
export interface Statement {
  text: string;
  params: readonly unknown[];
}

export interface StatementResult<R> {
  rows: R[];
  changes: number;
}

const combined = new Map<string, string>();
const RETURNING = /\sreturning\s/i;

/**
 * Runs writes that are independent of one another — none reads or writes a row another one writes, and none
 * needs another's effect — in one round trip where the backend allows it (`caps.writableCtes`: one statement
 * of data-modifying WITH clauses, all run against one snapshot), else one after another. At most one of them
 * may have a RETURNING clause. Returns, in order, each statement's rows (of its RETURNING clause) and the
 * rows it changed. A caller that finds a write did not apply throws, which undoes the whole transaction,
 * the batch's other writes included.
 */
export async function runSqlBatch<R = Record<string, unknown>>(tx: Tx, caps: Capabilities, statements: readonly Statement[]): Promise<StatementResult<R>[]> {
  let returning = -1;
  for (let i = 0; i < statements.length; i++) {
    if (!RETURNING.test((statements[i] as Statement).text)) continue;
    if (returning >= 0) throw new Error('a batch may carry one RETURNING clause');
    returning = i;
  }
  if (!caps.writableCtes || statements.length === 1) {
    const results: StatementResult<R>[] = [];
    for (const s of statements) results.push(await runSql<R>(tx, caps, s.text, s.params));
    return results;
  }
  const params: unknown[] = [];
  for (const s of statements) params.push(...s.params);
  const { rows } = await runSql<Record<string, unknown>>(tx, caps, combinedText(statements, returning), params);
  return statements.map((_, i) => {
    const changes = Number(rows[0]?.[`minga_changes_${i}`] ?? 0);
    if (i !== returning) return { rows: [], changes };
    const own = changes === 0 ? [] : rows.map(withoutCounts);
    return { rows: own as R[], changes };
  });
}

/**
 * `with s0 as (…), s1 as (…) select <rows changed by each> [, the returning statement's rows]`. Each write
 * without a RETURNING clause gets `returning 1`, so that the rows it changed can be counted.
 */
function combinedText(statements: readonly Statement[], returning: number): string {
  const key = statements.map((s) => s.text).join('\u0000');
  let text = combined.get(key);
  if (text === undefined) {
    const clauses = statements.map((s, i) => `s${i} as (${i === returning ? s.text : `${s.text} returning 1`})`);
    const counts = statements.map((_, i) => `(select count(*) from s${i}) as minga_changes_${i}`).join(', ');
    text =
      returning < 0
        ? `with ${clauses.join(', ')} select ${counts}`
        : `with ${clauses.join(', ')} select c.*, r.* from (select ${counts}) c left join s${returning} r on true`;
    if (combined.size > 200) combined.clear();
    combined.set(key, text);
  }
  return text;
}

function withoutCounts(row: Record<string, unknown>): Record<string, unknown> {
  const own: Record<string, unknown> = {};
  for (const key in row) if (!key.startsWith('minga_changes_')) own[key] = row[key];
  return own;
}
