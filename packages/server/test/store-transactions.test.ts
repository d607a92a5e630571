import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { runSql } from '../src/store/queries/run-sql.ts';
import type { Store } from '../src/store/store.ts';
import { describeEachStore } from './support/stores.ts';

const now = () => new Date().toISOString();

/** One transaction that writes an account row, then fails when asked to. */
function writeAccount(store: Store, id: string, fail: boolean) {
  return store.transaction(async (tx) => {
    await tx.insertInto('accounts').values({ id, name: `acc ${id}`, created_at: now() }).execute();
    if (fail) throw new Error(`refused ${id}`);
    return id;
  });
}

async function existing(store: Store, ids: string[]): Promise<string[]> {
  const rows = await store.db.selectFrom('accounts').select('id').where('id', 'in', ids).execute();
  return rows.map((r) => r.id).sort();
}

// On SQLite, transactions that queue up while one runs commit together (group commit, each in its own
// savepoint); on PostgreSQL they run side by side on the pool. Either way each keeps its own fate.
describeEachStore('store transactions under concurrency', (ctx) => {
  it('many transactions at once: the failing ones leave nothing, every other one commits', async () => {
    const jobs = Array.from({ length: 60 }, (_, i) => ({ id: randomUUID(), fail: i % 7 === 3 }));
    const settled = await Promise.allSettled(jobs.map((j) => writeAccount(ctx.store, j.id, j.fail)));
    jobs.forEach((j, i) => {
      const outcome = settled[i];
      if (j.fail) expect(outcome).toMatchObject({ status: 'rejected', reason: { message: `refused ${j.id}` } });
      else expect(outcome).toEqual({ status: 'fulfilled', value: j.id });
    });
    expect(await existing(ctx.store, jobs.map((j) => j.id))).toEqual(jobs.filter((j) => !j.fail).map((j) => j.id).sort());
  });

  it('a transaction whose statement fails (unique violation) fails alone, and its earlier writes are undone', async () => {
    const taken = randomUUID();
    await writeAccount(ctx.store, taken, false);
    const before = randomUUID();
    const others = Array.from({ length: 10 }, () => randomUUID());
    const clash = ctx.store.transaction(async (tx) => {
      await tx.insertInto('accounts').values({ id: before, name: 'written before the clash', created_at: now() }).execute();
      await tx.insertInto('accounts').values({ id: taken, name: 'duplicate', created_at: now() }).execute();
    });
    const results = await Promise.allSettled([clash, ...others.map((id) => writeAccount(ctx.store, id, false))]);
    expect(results[0]?.status).toBe('rejected');
    expect(ctx.store.caps.isUniqueViolation((results[0] as PromiseRejectedResult).reason)).toBe(true);
    expect(results.slice(1).every((r) => r.status === 'fulfilled')).toBe(true);
    expect(await existing(ctx.store, [before, ...others])).toEqual([...others].sort());
  });

  it('the work runs in its caller’s async context, and sees its own writes before commit', async () => {
    const als = new AsyncLocalStorage<string>();
    const ids = Array.from({ length: 20 }, () => randomUUID());
    const seen = await Promise.all(
      ids.map((id) =>
        als.run(id, () =>
          ctx.store.transaction(async (tx) => {
            await tx.insertInto('accounts').values({ id, name: 'ctx', created_at: now() }).execute();
            const { rows } = await runSql<{ n: number }>(tx, ctx.store.caps, 'select count(*) as n from accounts where id = ?', [als.getStore()]);
            return { context: als.getStore(), count: Number(rows[0]?.n) };
          }),
        ),
      ),
    );
    expect(seen).toEqual(ids.map((id) => ({ context: id, count: 1 })));
  });

  it('runSql reports rows changed and rows returned, with ? placeholders on every backend', async () => {
    const id = randomUUID();
    await writeAccount(ctx.store, id, false);
    const changed = await runSql(ctx.store.db, ctx.store.caps, 'update accounts set name = ? where id = ?', ['renamed', id]);
    expect(changed.changes).toBe(1);
    const none = await runSql(ctx.store.db, ctx.store.caps, 'update accounts set name = ? where id = ?', ['renamed', randomUUID()]);
    expect(none.changes).toBe(0);
    const { rows } = await runSql<{ name: string }>(ctx.store.db, ctx.store.caps, 'select name from accounts where id = ?', [id]);
    expect(rows).toEqual([{ name: 'renamed' }]);
    // The same text again runs as a prepared statement on PostgreSQL; it must give the same answer.
    for (let i = 0; i < 3; i++) expect((await runSql(ctx.store.db, ctx.store.caps, 'select name from accounts where id = ?', [id])).rows).toEqual([{ name: 'renamed' }]);
    await sql`delete from accounts where id = ${id}`.execute(ctx.store.db);
  });

  it('inside a transaction too (on SQLite straight on the connection), runSql reports rows changed and rows returned', async () => {
    const id = randomUUID();
    const seen = await ctx.store.transaction(async (tx) => {
      const inserted = await runSql(tx, ctx.store.caps, 'insert into accounts (id, name, created_at) values (?, ?, ?)', [id, 'in tx', now()]);
      const changed = await runSql(tx, ctx.store.caps, 'update accounts set name = ? where id = ?', ['renamed in tx', id]);
      const none = await runSql(tx, ctx.store.caps, 'update accounts set name = ? where id = ?', ['x', randomUUID()]);
      const { rows } = await runSql<{ name: string }>(tx, ctx.store.caps, 'select name from accounts where id = ?', [id]);
      return { inserted: inserted.changes, changed: changed.changes, none: none.changes, rows };
    });
    expect(seen).toEqual({ inserted: 1, changed: 1, none: 0, rows: [{ name: 'renamed in tx' }] });
    expect(await existing(ctx.store, [id])).toEqual([id]);
  });

  it('a runSql statement that fails inside a transaction fails it alone, undoing its earlier runSql writes', async () => {
    const taken = randomUUID();
    await writeAccount(ctx.store, taken, false);
    const before = randomUUID();
    const others = Array.from({ length: 10 }, () => randomUUID());
    const insert = 'insert into accounts (id, name, created_at) values (?, ?, ?)';
    const clash = ctx.store.transaction(async (tx) => {
      await runSql(tx, ctx.store.caps, insert, [before, 'written before the clash', now()]);
      await runSql(tx, ctx.store.caps, insert, [taken, 'duplicate', now()]);
    });
    const rest = others.map((id) => ctx.store.transaction((tx) => runSql(tx, ctx.store.caps, insert, [id, 'fine', now()])));
    const results = await Promise.allSettled([clash, ...rest]);
    expect(results[0]?.status).toBe('rejected');
    expect(ctx.store.caps.isUniqueViolation((results[0] as PromiseRejectedResult).reason)).toBe(true);
    expect(results.slice(1).every((r) => r.status === 'fulfilled')).toBe(true);
    expect(await existing(ctx.store, [before, ...others])).toEqual([...others].sort());
  });
});
