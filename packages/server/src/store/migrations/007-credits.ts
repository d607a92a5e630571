import { sql, type Kysely } from 'kysely';
import type { Capabilities } from '../capabilities.ts';

/**
 * The credits ledger: every movement is legs in `ledger_entries` that sum to zero; `credit_balances` caches
 * each book's sum, updated in the same transaction as the entries. Amounts are integer micro-credits.
 */
export async function up(db: Kysely<unknown>, caps: Capabilities): Promise<void> {
  await sql
    .raw(
      `create table ledger_entries (seq ${caps.serialPrimaryKey}, movement_id text not null, account_id text not null, book text not null,
       owner_id text not null, amount bigint not null, kind text not null, task_id text, helper_id text, note text, created_at text not null)`,
    )
    .execute(db);
  await db.schema.createIndex('ledger_entries_account').on('ledger_entries').columns(['account_id', 'seq']).execute();
  await sql.raw('create index ledger_entries_task on ledger_entries (task_id, book) where task_id is not null').execute(db);

  await db.schema
    .createTable('credit_balances')
    .addColumn('book', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('credit_balances_pk', ['book', 'owner_id'])
    .execute();
}
