import { withCommitMarker } from '../store/commit-marker.ts';
import type { Store } from '../store/store.ts';
import { DomainError } from './domain-error.ts';
import { nowIso } from './ids.ts';

/** How long a request may hold its key before another may take it over (its process presumably died). */
const LOCK_MS = 120_000;
/** Keys are kept at least this long, as the API promises. */
export const IDEMPOTENCY_RETENTION_MS = 24 * 3_600_000;

export type IdempotencyStart =
  | { kind: 'proceed' }
  | { kind: 'replay'; status: number; contentType: string; body: string };

/**
 * Claims an idempotency key for a request. A key already used with the same request replays the stored
 * response; with another request it is refused (422); while the first request still runs, 409.
 */
export async function beginIdempotent(store: Store, accountId: string, key: string, requestHash: string): Promise<IdempotencyStart> {
  const now = Date.now();
  try {
    // Writes go through transactions, even single statements: on SQLite served by several threads, that is
    // where a thread takes its turn to write.
    await store.transaction((tx) =>
      tx
        .insertInto('idempotency_keys')
        .values({
          account_id: accountId,
          key,
          request_hash: requestHash,
          status: 'in_flight',
          response_status: null,
          response_body: null,
          response_type: null,
          created_at: new Date(now).toISOString(),
          locked_until: new Date(now + LOCK_MS).toISOString(),
        })
        .execute(),
    );
    return { kind: 'proceed' };
  } catch (error) {
    if (!store.caps.isUniqueViolation(error)) throw error;
  }
  const row = await store.db.selectFrom('idempotency_keys').selectAll().where('account_id', '=', accountId).where('key', '=', key).executeTakeFirst();
  if (!row) return beginIdempotent(store, accountId, key, requestHash);
  if (row.request_hash !== requestHash) {
    throw new DomainError('idempotency_key_reused', 'this Idempotency-Key was used with a different request');
  }
  if (row.status === 'done') {
    return { kind: 'replay', status: row.response_status ?? 200, contentType: row.response_type ?? 'application/json', body: row.response_body ?? '' };
  }
  if (row.locked_until > nowIso()) {
    throw new DomainError('idempotency_key_in_use', 'a request with this Idempotency-Key is still being processed');
  }
  if (row.status === 'applied') {
    // Its changes committed, then the process died before the response was stored: running it again
    // could do the work twice, and the first response is gone.
    throw new DomainError(
      'conflict',
      'a request with this Idempotency-Key took effect, but its response was lost when the server stopped; look the result up instead of retrying',
    );
  }
  const takeover = await store.transaction((tx) =>
    tx
      .updateTable('idempotency_keys')
      .set({ locked_until: new Date(now + LOCK_MS).toISOString() })
      .where('account_id', '=', accountId)
      .where('key', '=', key)
      .where('locked_until', '=', row.locked_until)
      // The first request may have finished since the key was read; it then keeps its result.
      .where('status', '=', 'in_flight')
      .executeTakeFirst(),
  );
  // Another request took it over, or the first one finished: judge the key again as it now is.
  if (Number(takeover.numUpdatedRows) !== 1) return beginIdempotent(store, accountId, key, requestHash);
  return { kind: 'proceed' };
}

/**
 * Runs a request under its claimed key: the first transaction the request commits also marks the key
 * `applied`, so that after a crash a retry is refused instead of doing the work twice.
 */
export function runIdempotent<T>(accountId: string, key: string, fn: () => Promise<T>): Promise<T> {
  return withCommitMarker(async (tx) => {
    await tx.updateTable('idempotency_keys').set({ status: 'applied' }).where('account_id', '=', accountId).where('key', '=', key).where('status', '=', 'in_flight').execute();
  }, fn);
}

/**
 * Stores the response to replay. A server error releases the key so that the client can retry, unless
 * the request had already taken effect.
 */
export async function finishIdempotent(
  store: Store,
  accountId: string,
  key: string,
  response: { status: number; contentType: string; body: string },
): Promise<void> {
  await store.transaction(async (tx) => {
    if (response.status >= 500) {
      await tx.deleteFrom('idempotency_keys').where('account_id', '=', accountId).where('key', '=', key).where('status', '=', 'in_flight').execute();
      return;
    }
    await tx
      .updateTable('idempotency_keys')
      .set({ status: 'done', response_status: response.status, response_type: response.contentType, response_body: response.body })
      .where('account_id', '=', accountId)
      .where('key', '=', key)
      .execute();
  });
}

/** Forgets keys older than the retention period. */
export async function pruneIdempotencyKeys(store: Store): Promise<void> {
  const cutoff = new Date(Date.now() - IDEMPOTENCY_RETENTION_MS).toISOString();
  await store.db.deleteFrom('idempotency_keys').where('created_at', '<', cutoff).execute();
}
