import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { beginIdempotent } from '../src/core/idempotency-keys.ts';
import { waitFor } from './crash/http.ts';
import { backends, openTestStore } from './support/stores.ts';

/**
 * A retry finds its key held past the lock's end, as if the first request's process had died, and takes
 * the key over; but the first request is only slow, and stores its response between the retry's read and
 * the takeover. The retry must then replay that response, not run the request a second time. PostgreSQL
 * only: on SQLite the read and the takeover cannot be split by another writer's commit.
 */
describe.skipIf(!backends.includes('postgres'))('an Idempotency-Key taken over as the first request finishes [postgres]', () => {
  it('replays the response the first request stored instead of running it again', async () => {
    const ts = await openTestStore('postgres', 'idempotency takeover');
    const locker = new pg.Client({ connectionString: ts.url });
    await locker.connect();
    try {
      const store = ts.store;
      const account = await store.db.insertInto('accounts').values({ id: 'acct-takeover', name: 'Takeover', created_at: new Date().toISOString() }).returning('id').executeTakeFirstOrThrow();
      const key = 'key:k1:retry-1';
      expect(await beginIdempotent(store, account.id, key, 'hash-1')).toEqual({ kind: 'proceed' });
      // The first request holds the key past its lock's end: a retry may take it over.
      await store.db.updateTable('idempotency_keys').set({ locked_until: new Date(Date.now() - 1_000).toISOString() }).where('key', '=', key).execute();

      // The first request's finish is about to commit; it holds the key's row meanwhile.
      await locker.query('begin');
      await locker.query('select 1 from idempotency_keys where account_id = $1 and key = $2 for update', [account.id, key]);
      const retry = beginIdempotent(store, account.id, key, 'hash-1');
      await waitFor('the takeover to wait on the key', 10_000, async () => {
        const { rows } = await locker.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'");
        return (rows[0]?.n ?? 0) >= 1 ? true : undefined;
      }, 10);
      await locker.query(
        "update idempotency_keys set status = 'done', response_status = 201, response_type = 'application/json', response_body = '{\"id\":\"first\"}' where account_id = $1 and key = $2",
        [account.id, key],
      );
      await locker.query('commit');

      expect(await retry).toEqual({ kind: 'replay', status: 201, contentType: 'application/json', body: '{"id":"first"}' });
      const row = await store.db.selectFrom('idempotency_keys').select(['status', 'response_body']).where('key', '=', key).executeTakeFirstOrThrow();
      expect(row).toEqual({ status: 'done', response_body: '{"id":"first"}' });
    } finally {
      await locker.end().catch(() => {});
      await ts.cleanup();
    }
  });
});
