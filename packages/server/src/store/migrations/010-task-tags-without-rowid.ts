import { sql, type Kysely } from 'kysely';
import type { Capabilities } from '../capabilities.ts';

/**
 * SQLite: `task_tags` becomes a WITHOUT ROWID table. Its primary key is the whole row, and an ordinary
 * SQLite table kept it twice: once in the rowid table and once in the key's index. Stored by its key it
 * takes half the pages, which every task created writes. PostgreSQL has no rowid; nothing changes there.
 */
export async function up(db: Kysely<unknown>, caps: Capabilities): Promise<void> {
  if (caps.dialect !== 'sqlite') return;
  // SQLite migrations run outside a transaction; the copy and the swap are one.
  await db.transaction().execute(async (tx) => {
    await sql.raw('drop table if exists task_tags_by_key').execute(tx);
    await sql
      .raw(
        'create table task_tags_by_key (account_id text not null, tag text not null, task_id text not null, ' +
          'constraint task_tags_pk primary key (account_id, tag, task_id)) without rowid',
      )
      .execute(tx);
    await sql.raw('insert into task_tags_by_key (account_id, tag, task_id) select account_id, tag, task_id from task_tags').execute(tx);
    await sql.raw('drop table task_tags').execute(tx);
    await sql.raw('alter table task_tags_by_key rename to task_tags').execute(tx);
  });
}
