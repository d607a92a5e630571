import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { openStore, type StoreOptions } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';

export type Backend = 'sqlite' | 'postgres';

/** Admin URL of the test cluster (see global-setup.ts), or null when PostgreSQL was skipped. */
export const pgAdminUrl: string | null = inject('pgUrl');

/** Every backend this run can test; PostgreSQL drops out only with MINGA_TEST_SKIP_PG=1 and no binaries. */
export const backends: Backend[] = pgAdminUrl ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestStore {
  store: Store;
  backend: Backend;
  /** The PostgreSQL URL of this test's own database; absent on SQLite. */
  url?: string | undefined;
  /** A fresh temp directory; it holds minga.sqlite on SQLite. */
  dataDir: string;
  /** What openStore was given, to open the same store again. */
  options: StoreOptions;
  /** Closes the store and removes its data (directory, database). */
  cleanup(): Promise<void>;
}

/** Lower-case, identifier-safe, and unique: test files run in parallel against one cluster. */
function uniqueName(name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40);
  return `minga_t_${slug}_${randomBytes(4).toString('hex')}`;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  if (!pgAdminUrl) throw new Error('PostgreSQL is not available in this test run');
  const client = new pg.Client({ connectionString: pgAdminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates an empty database on the test cluster, without opening a store on it (for tests that want to
 * race several openStore calls on one fresh database). `drop` removes it, disconnecting any leftover client.
 */
export async function createTestDatabase(name: string): Promise<{ url: string; drop(): Promise<void> }> {
  const db = uniqueName(name);
  // Identifiers cannot be bind parameters; uniqueName only yields [a-z0-9_].
  await admin((c) => c.query(`create database "${db}"`));
  const url = new URL(pgAdminUrl as string);
  url.pathname = `/${db}`;
  return { url: url.toString(), drop: () => admin((c) => c.query(`drop database if exists "${db}" with (force)`)).then(() => {}) };
}

/** A fresh temp directory; removing it is the caller's business. */
export function createTestDataDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `${uniqueName(name).replaceAll('_', '-')}-`));
}

/** Opens a migrated store on a fresh SQLite file or a fresh PostgreSQL database. */
export async function openTestStore(backend: Backend, name: string, extra: Partial<StoreOptions> = {}): Promise<TestStore> {
  const dataDir = createTestDataDir(name);
  const database = backend === 'postgres' ? await createTestDatabase(name) : undefined;
  const options: StoreOptions = { ...extra, dataDir, databaseUrl: database?.url };
  const removeAll = async () => {
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  let store: Store;
  try {
    store = await openStore(options);
  } catch (error) {
    await removeAll();
    throw error;
  }
  return {
    store,
    backend,
    url: database?.url,
    dataDir,
    options,
    cleanup: async () => {
      await store.close();
      await removeAll();
    },
  };
}

/** What a describeEachStore body sees; the store itself only exists once beforeAll has run. */
export interface StoreContext {
  readonly backend: Backend;
  readonly store: Store;
  readonly current: TestStore;
}

/**
 * `describe.each` over every backend, with one store per block: opened in beforeAll, closed in afterAll.
 * Tests in a block share the store, so they should use their own ids rather than expect empty tables.
 */
export function describeEachStore(title: string, fn: (ctx: StoreContext) => void, extra: Partial<StoreOptions> = {}): void {
  describe.each(backends)(`${title} [%s]`, (backend) => {
    let current: TestStore | undefined;
    beforeAll(async () => {
      current = await openTestStore(backend, title, extra);
    });
    afterAll(async () => {
      await current?.cleanup();
      current = undefined;
    });
    const need = (): TestStore => {
      if (!current) throw new Error('the store is opened in beforeAll; use it inside tests and hooks only');
      return current;
    };
    fn({
      backend,
      get store() {
        return need().store;
      },
      get current() {
        return need();
      },
    });
  });
}
