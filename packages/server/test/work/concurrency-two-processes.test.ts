import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import { killAllServerProcesses, startServerProcess } from '../support/server-process.ts';
import { backends, createTestDatabase, createTestDataDir } from '../support/stores.ts';
import { httpWorkApi } from './support/work-api.ts';
import { runWorkScenario } from './support/work-scenario.ts';

/**
 * SPEC §2.1 + §2.2: two Minga processes on one PostgreSQL, no other coordinator. Half of the helpers talk
 * to each process; the claims of both meet only in the database, and still no task is over-leased, no
 * helper answers a task twice and every task is decided exactly once.
 */
const TEST_TIMEOUT_MS = 240_000;

describe.skipIf(!backends.includes('postgres'))('work across two server processes on one PostgreSQL', () => {
  const cleanups: (() => Promise<unknown> | void)[] = [];
  afterAll(async () => {
    await killAllServerProcesses();
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('200 helpers split over two processes finish 2,000 tasks with overlap 3: nothing lost, nothing doubled', async () => {
    const database = await createTestDatabase('work_two_processes');
    cleanups.push(() => database.drop());
    const dirs = [createTestDataDir('work-two-a'), createTestDataDir('work-two-b')];
    cleanups.push(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

    const a = await startServerProcess({ dataDir: dirs[0] as string, databaseUrl: database.url });
    const b = await startServerProcess({ dataDir: dirs[1] as string, databaseUrl: database.url });
    expect(a.apiKey).toMatch(/^mk_live_/);
    expect(b.apiKey, 'the second process finds the owner the first created').toBeNull();
    const apiKey = a.apiKey as string;
    // The test reads the shared database directly for its checks; the schema is already migrated.
    const store: Store = await openStore({ databaseUrl: database.url, dataDir: dirs[0] as string, poolSize: 2 });
    cleanups.push(() => store.close());

    const summary = await runWorkScenario({
      apis: [httpWorkApi(a.url, apiKey), httpWorkApi(b.url, apiKey)],
      db: store.db,
      helpers: 200,
      tasks: 2_000,
      overlap: 3,
      seed: 11,
      loadMs: 200_000,
    });
    console.info(`[concurrency two processes] ${JSON.stringify(summary)}`);
  }, TEST_TIMEOUT_MS);
});
