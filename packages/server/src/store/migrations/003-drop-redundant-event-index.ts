import type { Kysely } from 'kysely';
import type { Capabilities } from '../capabilities.ts';

/**
 * `events_feed (account_id, txid, seq)` serves every read `events_account (account_id, seq)` served; one
 * index fewer to maintain on every event written (one per task created).
 */
export async function up(db: Kysely<unknown>, _caps: Capabilities): Promise<void> {
  await db.schema.dropIndex('events_account').execute();
}
