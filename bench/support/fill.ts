import type { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { newId, nowIso } from '../../packages/server/src/core/ids.ts';
import { pgColumns, plannedColumns, rowTemplates, sqliteColumns, sqliteInsertTasks } from './tasks.ts';

/** Rows are built this many at a time, so a fill of millions never holds them all in memory. */
const CHUNK = 25_000;
const CREATED_DATA = JSON.stringify({ status: 'pending' });

export interface FillScope {
  accountId: string;
  projectId: string;
  tasks: number;
  /** Row numbers (task bodies) start here, so filled tasks do not repeat the measured ones. */
  firstRow: number;
}

/**
 * Puts `tasks` tasks into a project the quick way, with what the server writes for each: the task row,
 * its tag row and its `task.created` event. Project counters are not touched (the scaling bench does not
 * read them).
 */
export function fillSqlite(db: DatabaseSync, scope: FillScope, onProgress?: (done: number) => void): void {
  const { columns } = plannedColumns(sqliteColumns(db, 'tasks'));
  const eventColumns = sqliteColumns(db, 'events').filter((c) => c !== 'seq');
  const tag = db.prepare('insert into task_tags (account_id, tag, task_id) values (?, ?, ?)');
  const event = db.prepare(`insert into events (${eventColumns.join(',')}) values (${eventColumns.map(() => '?').join(',')})`);
  const eventRow = (id: string, at: string): (string | number | null)[] =>
    eventColumns.map((c) =>
      c === 'id' ? newId() : c === 'account_id' ? scope.accountId : c === 'type' ? 'task.created' : c === 'task_id' ? id
        : c === 'project_id' ? scope.projectId : c === 'data' ? CREATED_DATA : c === 'created_at' ? at : c === 'txid' ? 0 : null,
    );
  for (let done = 0; done < scope.tasks; done += CHUNK) {
    const n = Math.min(CHUNK, scope.tasks - done);
    const template = rowTemplates(columns, scope.accountId, scope.projectId, n, scope.firstRow + done);
    sqliteInsertTasks(db, columns, template, 5_000, (id, at) => {
      tag.run(scope.accountId, 'bench', id);
      event.run(...eventRow(id, at));
    });
    onProgress?.(done + n);
  }
}

const PG_ARRAY_TYPES: Record<string, string> = { text: 'text[]', integer: 'int4[]', bigint: 'int8[]', 'double precision': 'float8[]', smallint: 'int2[]' };

/** The same fill on PostgreSQL: one `insert … select from unnest(arrays)` per table and chunk. */
export async function fillPostgres(url: string, scope: FillScope, onProgress?: (done: number) => void): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { columns } = plannedColumns(await pgColumns(client, 'tasks'));
    const { rows: typeRows } = await client.query<{ column_name: string; data_type: string }>(
      `select column_name, data_type from information_schema.columns where table_schema = 'public' and table_name = 'tasks'`,
    );
    const typeOf = new Map(typeRows.map((r) => [r.column_name, r.data_type]));
    const casts = columns.map((c, i) => {
      const t = PG_ARRAY_TYPES[typeOf.get(c) ?? ''];
      if (!t) throw new Error(`fill: no array type for tasks.${c} (${typeOf.get(c)})`);
      return `$${i + 1}::${t}`;
    });
    const insertTasks = `insert into tasks (${columns.join(',')}) select * from unnest(${casts.join(',')})`;
    const eventColumns = (await pgColumns(client, 'events')).filter((c) => c !== 'seq');
    const hasTxid = eventColumns.includes('txid');
    const insertEvents =
      `insert into events (id, account_id, type, task_id, project_id, data, created_at${hasTxid ? ', txid' : ''}) ` +
      `select unnest($1::text[]), $2, 'task.created', unnest($3::text[]), $4, $5, $6${hasTxid ? ', 0' : ''}`;
    for (let done = 0; done < scope.tasks; done += CHUNK) {
      const n = Math.min(CHUNK, scope.tasks - done);
      const { params, idAt, timeAt } = rowTemplates(columns, scope.accountId, scope.projectId, n, scope.firstRow + done);
      const at = nowIso();
      const ids: string[] = [];
      for (const p of params) {
        const id = newId();
        ids.push(id);
        p[idAt] = id;
        for (const t of timeAt) p[t] = at;
      }
      const byColumn = columns.map((_, c) => params.map((p) => p[c]));
      await client.query('begin');
      await client.query(insertTasks, byColumn);
      await client.query(`insert into task_tags (account_id, tag, task_id) select $1, 'bench', unnest($2::text[])`, [scope.accountId, ids]);
      await client.query(insertEvents, [ids.map(() => newId()), scope.accountId, ids, scope.projectId, CREATED_DATA, at]);
      await client.query('commit');
      onProgress?.(done + n);
    }
    // A table that grew by a million rows at once would soon be vacuumed and analysed by autovacuum; do it
    // now, so that the measurement that follows neither races autovacuum nor plans without statistics.
    await client.query('vacuum analyze tasks');
    await client.query('vacuum analyze task_tags');
    await client.query('vacuum analyze events');
    // And start the measurement from a finished checkpoint, not in the middle of one the fill triggered.
    await client.query('checkpoint');
  } finally {
    await client.end();
  }
}
