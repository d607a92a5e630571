import { sql } from 'kysely';
import type { Capabilities } from '../capabilities.ts';
import type { Tx } from '../store.ts';

/**
 * The id of the writing transaction, for event ordering where writers run concurrently
 * (Capabilities.eventOrder = 'transaction'); 0 where one writer at a time makes sequence order enough.
 */
export async function transactionOrder(tx: Tx, caps: Capabilities): Promise<number> {
  if (caps.eventOrder === 'seq') return 0;
  const known = orderOfTransaction.get(tx);
  if (known !== undefined) return known;
  const { rows } = await sql<{ x: number }>`select pg_current_xact_id()::text::bigint as x`.execute(tx);
  const order = Number(rows[0]?.x ?? 0);
  // One round trip per transaction, not one per batch of events it writes.
  if (tx.isTransaction) orderOfTransaction.set(tx, order);
  return order;
}

const orderOfTransaction = new WeakMap<Tx, number>();

/**
 * Events whose transaction id is below this horizon can no longer be joined by earlier ones: every older
 * transaction has finished. Infinity where sequence order is commit order.
 */
export async function eventHorizon(tx: Tx, caps: Capabilities): Promise<number> {
  if (caps.eventOrder === 'seq') return Number.MAX_SAFE_INTEGER;
  const { rows } = await sql<{ x: number }>`select pg_snapshot_xmin(pg_current_snapshot())::text::bigint as x`.execute(tx);
  return Number(rows[0]?.x ?? 0);
}
