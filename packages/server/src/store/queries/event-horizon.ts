import { sql } from 'kysely';
import type { Capabilities } from '../capabilities.ts';
import type { Tx } from '../store.ts';

/**
 * Events whose transaction id is below this horizon can no longer be joined by earlier ones: every older
 * transaction has finished. Infinity where sequence order is commit order.
 */
export async function eventHorizon(tx: Tx, caps: Capabilities): Promise<number> {
  if (caps.eventOrder === 'seq') return Number.MAX_SAFE_INTEGER;
  const { rows } = await sql<{ x: number }>`select pg_snapshot_xmin(pg_current_snapshot())::text::bigint as x`.execute(tx);
  return Number(rows[0]?.x ?? 0);
}
