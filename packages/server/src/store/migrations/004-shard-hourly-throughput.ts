import { sql, type Kysely } from 'kysely';
import type { Capabilities } from '../capabilities.ts';

/**
 * Every submit of a project updated the same per-hour row, so on PostgreSQL all submits of a project
 * queued on one row lock until commit. The hourly counts get the counters' shards: one row per project,
 * hour and shard, summed when read.
 */
export async function up(db: Kysely<unknown>, _caps: Capabilities): Promise<void> {
  await db.schema
    .createTable('project_hourly_shards')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('hour', 'text', (c) => c.notNull())
    .addColumn('shard', 'integer', (c) => c.notNull())
    .addColumn('completed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('answers', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('project_hourly_shards_pk', ['project_id', 'hour', 'shard'])
    .execute();
  await sql`insert into project_hourly_shards (project_id, hour, shard, completed, answers) select project_id, hour, 0, completed, answers from project_hourly`.execute(db);
  await db.schema.dropTable('project_hourly').execute();
}
