import type { Store } from '../../store/store.ts';

/** Forgets buckets that are full again: a missing row means exactly that, so nothing is lost. */
export async function pruneRateLimits(store: Store, now: number = Date.now()): Promise<number> {
  const result = await store.db.deleteFrom('rate_limits').where('requests_tat', '<=', now).where('tasks_tat', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
