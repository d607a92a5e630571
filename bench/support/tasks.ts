import type { DatabaseSync } from 'node:sqlite';
import { normalizeTask, type NormalizedTask } from '@minga/api-contracts';
import type pg from 'pg';
import { newId, nowIso } from '../../packages/server/src/core/ids.ts';
import { newTaskRow } from '../../packages/server/src/core/tasks/new-task-row.ts';

const SUBJECTS = ['battery', 'camera', 'screen', 'speaker', 'keyboard', 'charger', 'case', 'strap'];
const VERDICTS = [
  'lasts two days and the camera is sharp',
  'died after a week and support never answered',
  'is fine, nothing special, does what it says',
  'arrived scratched but works perfectly',
  'is the best purchase I made this year',
];

/** One realistic create-task body (~300 B as JSON), varied by row number. */
export function taskBody(projectId: string, row: number): Record<string, unknown> {
  return {
    project_id: projectId,
    type: 'label_text',
    input: {
      text: `Review ${row}: the ${SUBJECTS[row % SUBJECTS.length]} ${VERDICTS[row % VERDICTS.length]}.`,
      categories: ['positive', 'negative', 'neutral'],
    },
    overlap: 3,
    priority: 'normal',
    tags: ['bench'],
    metadata: { source: 'bench', row },
  };
}

/** Request bodies (JSON text) of `batches` arrays of `size` tasks, rows numbered from `firstRow`. */
export function batchBodies(projectId: string, batches: number, size: number, firstRow = 0): string[] {
  const out: string[] = [];
  for (let b = 0; b < batches; b++) {
    const items = [];
    for (let i = 0; i < size; i++) items.push(taskBody(projectId, firstRow + b * size + i));
    out.push(JSON.stringify(items));
  }
  return out;
}

function normalized(projectId: string, row: number): NormalizedTask {
  const result = normalizeTask(taskBody(projectId, row), {});
  if (!result.ok) throw new Error(`bench body ${row} is invalid: ${result.message}`);
  return result.task;
}

/**
 * The `tasks` row the server writes for a body (the server's own newTaskRow), without
 * `id`, `created_at` and `updated_at`, which are filled in at insert time.
 */
function storedColumns(t: NormalizedTask, accountId: string, projectId: string): Record<string, unknown> {
  const { id: _id, created_at: _c, updated_at: _u, ...columns } = newTaskRow(t, { id: '', accountId, projectId, test: 0, now: '' });
  return columns;
}
const TIME_COLUMNS = new Set(['id', 'created_at', 'updated_at']);

/**
 * The columns the raw inserts write: every column of the live `tasks` table that insertTasks writes. A table
 * column this file does not know (the schema moved on) is left to its default and reported, so a stale bench
 * says so instead of silently measuring a narrower row.
 */
export function plannedColumns(tableColumns: string[]): { columns: string[]; leftToDefault: string[] } {
  const known = new Set([...TIME_COLUMNS, ...Object.keys(storedColumns(normalized('p', 0), 'a', 'p'))]);
  return { columns: tableColumns.filter((c) => known.has(c)), leftToDefault: tableColumns.filter((c) => !known.has(c)) };
}

/** Bodies repeat their subject and verdict every this many rows; only the row number differs within a class. */
const CYCLE = SUBJECTS.length * VERDICTS.length;
const ROW_MARK = 987654321;

/**
 * The stored columns of row `row`, built from a cached normalisation of its text class with the row number
 * substituted: normalizeTask costs ~20 µs a row, which made a million-row fill spend most of its time here.
 * checkFastRows() proves it equal to the slow path.
 */
function makeRowFactory(accountId: string, projectId: string): (row: number) => Record<string, unknown> {
  const classes = new Map<number, { base: Record<string, unknown>; mark: string }>();
  return (row) => {
    const k = row % CYCLE;
    let c = classes.get(k);
    if (!c) {
      // A row number of the same class whose digits cannot occur elsewhere in the JSON.
      const markRow = ROW_MARK - (ROW_MARK % CYCLE) + k;
      c = { base: storedColumns(normalized(projectId, markRow), accountId, projectId), mark: String(markRow) };
      classes.set(k, c);
    }
    const r = String(row);
    return { ...c.base, spec: (c.base.spec as string).replace(c.mark, r), metadata: (c.base.metadata as string).replace(c.mark, r) };
  };
}

/** Throws unless the cached path builds exactly what normalizeTask + specOf build, for a few rows. */
export function checkFastRows(): void {
  const fast = makeRowFactory('a', 'p');
  for (const row of [0, 1, 7, 39, 40, 123, 99_999, 30_000_017]) {
    const slow = JSON.stringify(storedColumns(normalized('p', row), 'a', 'p'));
    if (JSON.stringify(fast(row)) !== slow) throw new Error(`bench row factory differs from normalizeTask for row ${row}`);
  }
}

/**
 * Positional parameters for `rows` task rows in `columns` order, built before timing. Slots for id and
 * timestamps are left null and their indexes returned, to be set while inserting.
 */
export function rowTemplates(
  columns: string[],
  accountId: string,
  projectId: string,
  rows: number,
  firstRow = 0,
): { params: unknown[][]; idAt: number; timeAt: number[] } {
  const make = makeRowFactory(accountId, projectId);
  const params: unknown[][] = [];
  for (let r = 0; r < rows; r++) {
    const values = make(firstRow + r);
    params.push(columns.map((c) => (TIME_COLUMNS.has(c) ? null : values[c])));
  }
  return { params, idAt: columns.indexOf('id'), timeAt: ['created_at', 'updated_at'].map((c) => columns.indexOf(c)).filter((i) => i >= 0) };
}

export function sqliteColumns(db: DatabaseSync, table: string): string[] {
  return (db.prepare(`select name from pragma_table_info('${table}')`).all() as { name: string }[]).map((r) => r.name);
}

export async function pgColumns(client: pg.Client, table: string): Promise<string[]> {
  const { rows } = await client.query<{ column_name: string }>(
    `select column_name from information_schema.columns where table_schema = 'public' and table_name = $1 order by ordinal_position`,
    [table],
  );
  return rows.map((r) => r.column_name);
}

/**
 * The raw path: one prepared single-row INSERT, a transaction per `perTx` rows, ids from newId(). `onId`
 * sees each inserted id inside its transaction (the fill writes related rows there).
 */
export function sqliteInsertTasks(
  db: DatabaseSync,
  columns: string[],
  template: { params: unknown[][]; idAt: number; timeAt: number[] },
  perTx: number,
  onId?: (id: string, at: string) => void,
): void {
  const stmt = db.prepare(`insert into tasks (${columns.join(',')}) values (${columns.map(() => '?').join(',')})`);
  const { params, idAt, timeAt } = template;
  for (let start = 0; start < params.length; start += perTx) {
    const at = nowIso();
    db.exec('begin');
    const end = Math.min(params.length, start + perTx);
    for (let i = start; i < end; i++) {
      const p = params[i] as (string | number | null)[];
      const id = newId();
      p[idAt] = id;
      for (const t of timeAt) p[t] = at;
      stmt.run(...p);
      onId?.(id, at);
    }
    db.exec('commit');
  }
}
