import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrate } from '../src/store/migrate.ts';
import { openStore } from '../src/store/open-store.ts';
import { MIGRATIONS } from '../src/store/migrations/index.ts';
import type { Store } from '../src/store/store.ts';
import { backends, createTestDatabase, createTestDataDir, describeEachStore } from './support/stores.ts';

const TABLES = [
  'accounts', 'users', 'sessions', 'api_keys', 'projects', 'project_counters', 'project_hourly_shards',
  'tasks', 'task_tags', 'events', 'operations', 'operation_chunks', 'idempotency_keys',
];
const now = () => new Date().toISOString();

async function appliedMigrations(store: Store): Promise<string[]> {
  // minga_migrations is Kysely's bookkeeping table, not part of the typed schema.
  const { rows } = await sql<{ name: string }>`select name from minga_migrations order by name`.execute(store.db);
  return rows.map((r) => r.name);
}

async function insertUser(store: Store, email: string): Promise<void> {
  await store.db
    .insertInto('users')
    .values({ id: randomUUID(), account_id: 'acc', email, name: null, password_hash: 'x', role: 'owner', super_user: 0, instance_admin: 0, created_at: now(), deleted_at: null })
    .execute();
}

describeEachStore('store', (ctx) => {
  it('migrations create every table and record each migration once', async () => {
    const tables = (await ctx.store.db.introspection.getTables()).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining([...TABLES, 'minga_migrations']));
    expect(await appliedMigrations(ctx.store)).toEqual(MIGRATIONS.map((m) => m.name));
  });

  it('opening the same store again is a no-op that keeps the data', async () => {
    const id = randomUUID();
    await ctx.store.db.insertInto('accounts').values({ id, name: 'kept', created_at: now() }).execute();
    const again = await openStore(ctx.current.options);
    try {
      expect(await appliedMigrations(again)).toEqual(MIGRATIONS.map((m) => m.name));
      const row = await again.db.selectFrom('accounts').select('name').where('id', '=', id).executeTakeFirst();
      expect(row?.name).toBe('kept');
    } finally {
      await again.close();
    }
  });

  it('ping answers true', async () => {
    expect(await ctx.store.ping()).toBe(true);
  });

  it('a transaction that throws leaves nothing written', async () => {
    const id = randomUUID();
    const boom = new Error('boom');
    await expect(
      ctx.store.transaction(async (tx) => {
        await tx.insertInto('accounts').values({ id, name: 'ghost', created_at: now() }).execute();
        await tx.insertInto('projects').values({ id, account_id: id, name: 'p', description: null, status: 'open', defaults: '{}', created_at: now(), updated_at: now() }).execute();
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await ctx.store.db.selectFrom('accounts').select('id').where('id', '=', id).execute()).toEqual([]);
    expect(await ctx.store.db.selectFrom('projects').select('id').where('id', '=', id).execute()).toEqual([]);
  });

  it('recognises a unique violation, and only that', async () => {
    const email = `${randomUUID()}@example.com`;
    await insertUser(ctx.store, email);
    const error = await insertUser(ctx.store, email).then(() => null, (e: unknown) => e);
    expect(error).not.toBeNull();
    expect(ctx.store.caps.isUniqueViolation(error)).toBe(true);
    expect(ctx.store.caps.isUniqueViolation(new Error('something else'))).toBe(false);
    expect(ctx.store.caps.isUniqueViolation(null)).toBe(false);
  });

  it.runIf(ctx.backend === 'sqlite')('SQLite runs in WAL mode with synchronous=NORMAL', async () => {
    const journal = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(ctx.store.db);
    expect(journal.rows[0]?.journal_mode).toBe('wal');
    const sync = await sql<{ synchronous: number }>`pragma synchronous`.execute(ctx.store.db);
    expect(sync.rows[0]?.synchronous).toBe(1);
  });

  it('reports its dialect', () => {
    expect(ctx.store.caps.dialect).toBe(ctx.backend);
  });
});

describe.runIf(backends.includes('postgres'))('store on a fresh PostgreSQL database', () => {
  it('two openStore calls at once both succeed and apply the migrations once', async () => {
    const database = await createTestDatabase('concurrent-migrations');
    const dataDir = createTestDataDir('concurrent-migrations');
    const stores: Store[] = [];
    try {
      const results = await Promise.allSettled([0, 1].map(() => openStore({ databaseUrl: database.url, dataDir, poolSize: 2 })));
      for (const r of results) if (r.status === 'fulfilled') stores.push(r.value);
      expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual(['ok', 'ok']);
      const [a, b] = stores as [Store, Store];
      expect(await appliedMigrations(a)).toEqual(MIGRATIONS.map((m) => m.name));
      // Both see the one schema: a row written through one is read through the other.
      const id = randomUUID();
      await a.db.insertInto('accounts').values({ id, name: 'shared', created_at: now() }).execute();
      expect((await b.db.selectFrom('accounts').select('name').where('id', '=', id).executeTakeFirst())?.name).toBe('shared');
    } finally {
      await Promise.all(stores.map((s) => s.close()));
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('migration 010 on a SQLite store that holds tags', () => {
  it('keeps every tag, stores them by their key alone, and still finds them by tag', async () => {
    const dataDir = createTestDataDir('tags-without-rowid');
    try {
      const before = await openStore({ dataDir, migrate: false });
      await migrate(before.db as Kysely<unknown>, before.caps, '009-task-callback-url');
      const rows = Array.from({ length: 300 }, (_, i) => ({ account_id: `acc${i % 3}`, tag: `tag${i % 7}`, task_id: `task${i}` }));
      await before.db.insertInto('task_tags').values(rows).execute();
      await before.close();

      const after = await openStore({ dataDir });
      try {
        expect(await appliedMigrations(after)).toEqual(MIGRATIONS.map((m) => m.name));
        const { rows: table } = await sql<{ sql: string }>`select sql from sqlite_master where name = 'task_tags'`.execute(after.db);
        expect(table[0]?.sql.toLowerCase()).toContain('without rowid');
        const kept = await after.db.selectFrom('task_tags').selectAll().orderBy('task_id').execute();
        expect(kept).toEqual([...rows].sort((a, b) => a.task_id.localeCompare(b.task_id)));
        const tagged = await after.db.selectFrom('task_tags').select('task_id').where('account_id', '=', 'acc1').where('tag', '=', 'tag2').execute();
        expect(tagged.map((r) => r.task_id).sort()).toEqual(rows.filter((r) => r.account_id === 'acc1' && r.tag === 'tag2').map((r) => r.task_id).sort());
        // The key still refuses a repeated row.
        await expect(after.db.insertInto('task_tags').values(rows[0] as (typeof rows)[number]).execute()).rejects.toThrow(/UNIQUE|constraint/i);
      } finally {
        await after.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
