import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { runSql } from '../src/store/queries/run-sql.ts';
import { runSqlBatch } from '../src/store/queries/run-sql-batch.ts';
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
      const returned = await runSql(tx, ctx.store.caps, 'update accounts set created_at = created_at where id = ? returning id', [id]);
      const returnedNone = await runSql(tx, ctx.store.caps, 'update accounts set name = ? where id = ? returning id', ['x', randomUUID()]);
      const { rows } = await runSql<{ name: string }>(tx, ctx.store.caps, 'select name from accounts where id = ?', [id]);
      return { inserted: inserted.changes, changed: changed.changes, none: none.changes, returned, returnedNone, rows };
    });
    expect(seen).toEqual({
      inserted: 1,
      changed: 1,
      none: 0,
      // A write with a RETURNING clause reports the rows it changed on both backends (SQLite runs it as a query).
      returned: { rows: [{ id }], changes: 1 },
      returnedNone: { rows: [], changes: 0 },
      rows: [{ name: 'renamed in tx' }],
    });
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

describeEachStore('batches of independent writes', (ctx) => {
  const insert = 'insert into accounts (id, name, created_at) values (?, ?, ?)';

  it('run together, report each write’s changed rows, and the rows of the one RETURNING clause', async () => {
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    await writeAccount(ctx.store, a, false);
    const results = await ctx.store.transaction((tx) =>
      runSqlBatch<{ id: string; name: string }>(tx, ctx.store.caps, [
        { text: 'update accounts set name = ? where id = ?', params: ['renamed', a] },
        { text: 'update accounts set name = ? where id = ?', params: ['nobody', randomUUID()] },
        { text: `${insert} returning id, name`, params: [b, 'new b', now()] },
        { text: insert, params: [c, 'new c', now()] },
      ]),
    );
    expect(results).toEqual([
      { rows: [], changes: 1 },
      { rows: [], changes: 0 },
      { rows: [{ id: b, name: 'new b' }], changes: 1 },
      { rows: [], changes: 1 },
    ]);
    const names = await ctx.store.db.selectFrom('accounts').select(['id', 'name']).where('id', 'in', [a, b, c]).orderBy('name').execute();
    expect(names).toEqual([
      { id: b, name: 'new b' },
      { id: c, name: 'new c' },
      { id: a, name: 'renamed' },
    ]);
  });

  it('report no rows for a RETURNING clause whose write changed nothing', async () => {
    const id = randomUUID();
    const results = await ctx.store.transaction((tx) =>
      runSqlBatch(tx, ctx.store.caps, [
        { text: insert, params: [id, 'written', now()] },
        { text: 'update accounts set name = ? where id = ? returning id', params: ['x', randomUUID()] },
      ]),
    );
    expect(results).toEqual([
      { rows: [], changes: 1 },
      { rows: [], changes: 0 },
    ]);
  });

  it('are undone together: a write that fails, or a caller that throws on what a write reported, leaves nothing', async () => {
    const taken = randomUUID();
    await writeAccount(ctx.store, taken, false);
    const [first, second] = [randomUUID(), randomUUID()];
    const failing = ctx.store.transaction((tx) =>
      runSqlBatch(tx, ctx.store.caps, [
        { text: insert, params: [first, 'before the clash', now()] },
        { text: insert, params: [taken, 'duplicate', now()] },
      ]),
    );
    await expect(failing).rejects.toSatisfy((e) => ctx.store.caps.isUniqueViolation(e));
    const refused = ctx.store.transaction(async (tx) => {
      const [written, missed] = await runSqlBatch(tx, ctx.store.caps, [
        { text: insert, params: [second, 'speculative', now()] },
        { text: 'update accounts set name = ? where id = ?', params: ['x', randomUUID()] },
      ]);
      expect(written?.changes).toBe(1);
      if (missed?.changes !== 1) throw new Error('the update found no row');
    });
    await expect(refused).rejects.toThrow('the update found no row');
    expect(await existing(ctx.store, [first, second])).toEqual([]);
  });

  it('take one RETURNING clause at most', async () => {
    const twice = ctx.store.transaction((tx) =>
      runSqlBatch(tx, ctx.store.caps, [
        { text: `${insert} returning id`, params: [randomUUID(), 'a', now()] },
        { text: `${insert} returning id`, params: [randomUUID(), 'b', now()] },
      ]),
    );
    await expect(twice).rejects.toThrow('one RETURNING clause');
  });
});
