import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { runNextOperation } from '../../src/core/operations/run-operations.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import { backends, describeEachStore, openTestStore } from '../support/stores.ts';
import { openTestApp } from '../support/test-app.ts';
import { waitFor } from './http.ts';

/**
 * A runner that outlives its operation's lease (a stalled process, a long batch) races the process that
 * took the operation over. Only one of them may create the tasks. PostgreSQL only: on SQLite one process
 * owns the store and runs one operation at a time.
 */
describe.skipIf(!backends.includes('postgres'))('an operation whose lease ran out while its runner still works [postgres]', () => {
  it('creates its tasks once', async () => {
    const first = await openTestStore('postgres', 'lease takeover');
    const second = await openStore(first.options);
    const locker = new pg.Client({ connectionString: first.url });
    await locker.connect();
    const waitingOnLocks = async () => {
      const { rows } = await locker.query<{ n: number }>(
        "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
      );
      return rows[0]?.n ?? 0;
    };
    try {
      const t = await openTestApp(first.store);
      const project = await t.newProject(t.adminKey);
      const items = Array.from({ length: 50 }, (_, i) => ({ project_id: project.id, type: 'yesno', content: `Item ${i}?`, tags: ['lease'] }));
      const accepted = await t.call('POST', '/v1/tasks?async_mode=true', { body: items });
      expect(accepted.status).toBe(202);
      const opId = accepted.json.id as string;

      // Hold the chunk's row: the first runner inserts the tasks, then waits to mark the chunk done.
      await locker.query('begin');
      await locker.query('select 1 from operation_chunks where operation_id = $1 for update', [opId]);
      // A 1 ms lease: it has run out by the time the second process looks.
      const stalled = runNextOperation(first.store, 1);
      await waitFor('the first runner to wait on the chunk', 10_000, async () => ((await waitingOnLocks()) >= 1 ? true : undefined), 20);
      const takeover = runNextOperation(second, 60_000);
      await waitFor('the second runner to wait too', 10_000, async () => ((await waitingOnLocks()) >= 2 ? true : undefined), 20);
      await locker.query('commit');
      const outcomes = await Promise.allSettled([stalled, takeover]);

      const tasks = await first.store.db.selectFrom('task_tags').select((eb) => eb.fn.countAll<number>().as('n')).where('tag', '=', 'lease').executeTakeFirstOrThrow();
      expect(Number(tasks.n)).toBe(50);
      // The late runner finds the chunk done and rolls its copy back.
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected']);
      const op = await t.call('GET', `/v1/operations/${opId}`);
      expect(op.json).toMatchObject({ status: 'success', details: { items_created: 50, items_failed: 0 } });
      const stats = await t.call('GET', `/v1/projects/${project.id}/stats`);
      expect(stats.json.tasks.total).toBe(50);
    } finally {
      await locker.end().catch(() => {});
      await second.close();
      await first.cleanup();
    }
  });
});

/**
 * A runner that stalls between its last chunk and recording the outcome, past its lease: another runner
 * takes the operation over, finds every chunk done and records the outcome. The stalled one must then
 * record nothing, neither a second outcome nor a second event. The stall is a gate on the first runner's
 * store, in front of its second transaction (the first writes the only chunk).
 */
describeEachStore('an operation whose runner stalls before recording its outcome', (ctx) => {
  it('is recorded once, with the counts its chunks stored', async () => {
    const t = await openTestApp(ctx.store);
    const project = await t.newProject(t.adminKey);
    const items = [...Array.from({ length: 20 }, (_, i) => ({ project_id: project.id, type: 'yesno', content: `Item ${i}?` })), { project_id: project.id, type: 'yesno' }];
    const accepted = await t.call('POST', '/v1/tasks?async_mode=true&skip_invalid_items=true', { body: items });
    expect(accepted.status).toBe(202);
    const opId = accepted.json.id as string;

    let open = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    let transactions = 0;
    let stalledAtOutcome = false;
    const stalling: Store = {
      db: ctx.store.db,
      caps: ctx.store.caps,
      statement: (fn) => ctx.store.statement(fn),
      ping: () => ctx.store.ping(),
      close: () => ctx.store.close(),
      transaction: async (fn) => {
        if (++transactions === 2) {
          stalledAtOutcome = true;
          await gate;
        }
        return ctx.store.transaction(fn);
      },
    };
    // A 1 ms lease: it has run out by the time the second runner looks.
    const stalled = runNextOperation(stalling, 1);
    await waitFor('the first runner to stall before recording the outcome', 10_000, () => (stalledAtOutcome ? true : undefined), 10);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await runNextOperation(ctx.store, 60_000)).toBe(true);
    open();
    await stalled;

    const op = await t.call('GET', `/v1/operations/${opId}`);
    expect(op.json).toMatchObject({ status: 'success', details: { items_created: 20, items_failed: 1 } });
    const events = await ctx.store.db.selectFrom('events').select('type').where('type', 'like', 'operation.%').where('data', 'like', `%${opId}%`).execute();
    expect(events.map((e) => e.type)).toEqual(['operation.succeeded']);
  });
});
