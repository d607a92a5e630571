import { sql, type Kysely } from 'kysely';
import type { Capabilities } from '../capabilities.ts';

/**
 * A task's `callback_url` as a column of its own, beside its copy in `spec`: the webhook fan-out asks, for
 * every task event, whether the task has one. Reading the spec for that cost a task row read and a JSON scan
 * per event, even in a store where no task has a callback; the partial index holds only tasks that do, so
 * the question costs next to nothing when the answer is no.
 */
export async function up(db: Kysely<unknown>, _caps: Capabilities): Promise<void> {
  await db.schema.alterTable('tasks').addColumn('callback_url', 'text').execute();
  const rows = await sql<{ id: string; spec: string }>`select id, spec from tasks where spec like ${'%"callback_url":"%'}`.execute(db);
  for (const r of rows.rows) {
    const url = (JSON.parse(r.spec) as { callback_url?: string | null }).callback_url;
    if (typeof url === 'string') await sql`update tasks set callback_url = ${url} where id = ${r.id}`.execute(db);
  }
  await sql.raw('create index tasks_callback on tasks (id, callback_url) where callback_url is not null').execute(db);
}
