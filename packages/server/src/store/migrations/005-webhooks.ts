import { sql, type Kysely } from 'kysely';
import type { Capabilities } from '../capabilities.ts';

/**
 * Webhooks: endpoints, the account's callback secret, deliveries (one per event and target) with their
 * attempt log, and the outbox cursor: how far the deliverer has read the event table.
 */
export async function up(db: Kysely<unknown>, caps: Capabilities): Promise<void> {
  await db.schema
    .createTable('webhook_endpoints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text')
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('previous_secret', 'text')
    .addColumn('previous_secret_expires_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('disabled_reason', 'text')
    .addColumn('disabled_at', 'text')
    .addColumn('failing_since', 'text')
    .addColumn('last_success_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await db.schema.createIndex('webhook_endpoints_account').on('webhook_endpoints').columns(['account_id', 'id']).execute();

  await db.schema
    .createTable('webhook_callback_secrets')
    .addColumn('account_id', 'text', (c) => c.primaryKey())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('previous_secret', 'text')
    .addColumn('previous_secret_expires_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text')
    .addColumn('task_id', 'text')
    .addColumn('endpoint_id', 'text')
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('lane', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('streak', 'integer', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text')
    .addColumn('retry_until', 'text', (c) => c.notNull())
    .addColumn('claim_token', 'text')
    .addColumn('last_attempt_at', 'text')
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('succeeded_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // One delivery per event and target, however often the outbox is read.
  await db.schema.createIndex('webhook_deliveries_event_target').unique().on('webhook_deliveries').columns(['event_id', 'target']).execute();
  await sql.raw("create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending'").execute(db);
  await db.schema.createIndex('webhook_deliveries_account').on('webhook_deliveries').columns(['account_id', 'id']).execute();
  await db.schema.createIndex('webhook_deliveries_endpoint').on('webhook_deliveries').columns(['endpoint_id', 'status']).execute();
  await db.schema.createIndex('webhook_deliveries_task').on('webhook_deliveries').columns(['task_id']).execute();

  await db.schema
    .createTable('webhook_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('delivery_id', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('duration_ms', 'double precision', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('succeeded', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('response_excerpt', 'text')
    .execute();
  await db.schema.createIndex('webhook_attempts_delivery').on('webhook_attempts').columns(['delivery_id', 'started_at']).execute();

  // The deliverer reads events in feed order (transaction, sequence) across all accounts. Where sequence
  // order is commit order the primary key serves; elsewhere it needs its own index.
  if (caps.eventOrder === 'transaction') await db.schema.createIndex('events_outbox').on('events').columns(['txid', 'seq']).execute();
  await db.schema
    .createTable('webhook_outbox')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('txid', 'bigint', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .execute();
  // Events written before webhooks existed had nowhere to go: the deliverer starts after the last of them.
  const last = await sql<{ txid: number; seq: number }>`select txid, seq from events order by txid desc, seq desc limit 1`.execute(db);
  const row = last.rows[0];
  await sql`insert into webhook_outbox (id, txid, seq) values (1, ${Number(row?.txid ?? -1)}, ${Number(row?.seq ?? -1)})`.execute(db);
}
