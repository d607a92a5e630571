import { sql, type Kysely } from 'kysely';
import type { Capabilities } from '../capabilities.ts';

/**
 * Rate-limit buckets shared by every process on one database: one row per principal (API key or user)
 * holding when each of its two buckets is full again, in epoch milliseconds (see core/limits). A double
 * holds a millisecond timestamp with sub-millisecond precision, and both drivers return it as a number.
 * Unlogged where the backend can: a check then commits without waiting for the disk, and a crash that
 * empties the table only hands every principal a full bucket.
 */
export async function up(db: Kysely<unknown>, caps: Capabilities): Promise<void> {
  const table = db.schema.createTable('rate_limits');
  await (caps.unloggedTables ? table.modifyFront(sql`unlogged`) : table)
    .addColumn('principal', 'text', (c) => c.primaryKey())
    .addColumn('requests_tat', 'double precision', (c) => c.notNull())
    .addColumn('tasks_tat', 'double precision', (c) => c.notNull())
    .execute();
}
