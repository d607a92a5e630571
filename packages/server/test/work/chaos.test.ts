import { rmSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import { sleep, waitFor } from '../crash/http.ts';
import { killAllServerProcesses, startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { backends, createTestDatabase, createTestDataDir } from '../support/stores.ts';
import { httpWorkApi, type WorkApi } from './support/work-api.ts';
import { checkStatsAndEvents, checkWork } from './support/work-invariants.ts';
import { createWorkProject, helperStates, inviteHelpers, phaseTimer, seededRandom, startHelpers, type Ack, type HelperState } from './support/work-load.ts';

/**
 * SPEC §2.2 through crashes: helpers claim and submit while the server process dies by `kill -9` at random
 * moments, three times, and is started again on the same store. After every restart the store must hold
 * every acknowledged answer, no helper twice on a task, answer counts equal to the answers, never more
 * live leases + answers than a task needs, each decision once, and stats that match; after the last
 * restart the work must run to the end.
 *
 * The helpers outlive the server: an acknowledged claim is submitted after the restart, and a submit that
 * died unanswered is sent again (the retry tells whether the first one committed). A claim that died
 * unanswered may have committed a lease no helper knows of; it would hold its slot for the 5-minute claim
 * timeout, so after the last restart the test ages those leases and lets the background runner return them.
 */
const CYCLES = 3;
const HELPERS = 30;
// Enough work that each cycle is still busy when the kill comes: claims are fast since transactions group-commit.
const TASKS = 1_500;
const OVERLAP = 3;
const TEST_TIMEOUT_MS = 180_000;

afterEach(async () => {
  await killAllServerProcesses();
});

describe.each(backends)('chaos: kill -9 under claim/submit load [%s]', (backend) => {
  const cleanups: (() => Promise<unknown> | void)[] = [];
  afterAll(async () => {
    await killAllServerProcesses();
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it(`keeps the work engine's promises through ${CYCLES} kill -9 / restart cycles, then finishes the work`, async () => {
    const lap = phaseTimer();
    const dataDir = createTestDataDir(`chaos-${backend}`);
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const database = backend === 'postgres' ? await createTestDatabase('chaos') : undefined;
    if (database) cleanups.push(() => database.drop());
    const start = () => startServerProcess({ dataDir, databaseUrl: database?.url });

    let server: ServerProcess = await start();
    const apiKey = server.apiKey as string;
    const apiOf = (s: ServerProcess): WorkApi => httpWorkApi(s.url, apiKey, 15_000);
    // The test reads the store directly between cycles, while no load runs (on SQLite: the same file).
    const store: Store = await openStore({ databaseUrl: database?.url, dataDir, poolSize: 2 });
    cleanups.push(() => store.close());

    const { projectId } = await createWorkProject(apiOf(server), TASKS, OVERLAP);
    const states: HelperState[] = helperStates(await inviteHelpers(apiOf(server), projectId, HELPERS), 23);
    const random = seededRandom(backend === 'postgres' ? 41 : 43);
    const acks: Ack[] = [];
    const log: Record<string, unknown>[] = [];
    lap('setup');

    const runLoad = (deadlineMs: number) => startHelpers({ projectId, workers: states.map((state) => ({ state, api: apiOf(server) })), deadline: Date.now() + deadlineMs });
    const check = async (finished: boolean) => {
      const work = await checkWork(store.db, projectId, acks, { finished });
      expect(work.violations).toEqual([]);
      expect(await checkStatsAndEvents(apiOf(server), projectId, work, { finished })).toEqual([]);
      return work;
    };

    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      const load = runLoad(60_000);
      await sleep(200 + Math.floor(random() * 800));
      // A (re)started server under a loaded machine may not have answered yet: the kill comes after some work.
      await waitFor('an answer acknowledged', 30_000, () => (load.acked() > 0 ? true : undefined), 5);
      await waitFor('a request in flight', 5_000, () => (load.inFlight() > 0 ? true : undefined), 1);
      const inFlightAtKill = load.inFlight();
      await server.kill9();
      const result = await load.result;
      acks.push(...result.acks);
      expect(result.unexpected, 'answers other than 200/204 (and 409 "already submitted" to a retry)').toEqual([]);
      expect(result.acks.length, 'the server acknowledged answers before it died').toBeGreaterThan(0);

      server = await start();
      expect(server.apiKey, 'a restart finds the owner').toBeNull();
      const work = await check(false);
      expect((work.byStatus.pending ?? 0) + (work.byStatus.in_progress ?? 0), 'the work was not done before the kill').toBeGreaterThan(0);
      const held = states.filter((s) => s.pending).length;
      log.push({ cycle, acked: result.acks.length, retried: result.retried, retriedCommitted: result.retriedCommitted, inFlightAtKill, held, submissions: work.submissions, live: work.activeLeases });
    }
    lap('cycles');

    // Leases whose claim died unanswered: no helper holds them. Age them and let the runner return them.
    const known = new Set(states.flatMap((s) => (s.pending ? [s.pending.assignmentId] : [])));
    const live = await store.db.selectFrom('assignments').select('id').where('project_id', '=', projectId).where('status', '=', 'active').execute();
    const orphans = live.map((a) => a.id).filter((id) => !known.has(id));
    if (orphans.length > 0) {
      await store.db.updateTable('assignments').set({ lease_expires_at: new Date(Date.now() - 1_000).toISOString() }).where('id', 'in', orphans).execute();
      await waitFor('the runner to return the orphaned leases', 5_000, async () => {
        const left = await store.db.selectFrom('assignments').select('id').where('id', 'in', orphans).where('status', '=', 'active').executeTakeFirst();
        return left ? undefined : true;
      }, 100);
    }

    const final = runLoad(90_000);
    const result = await final.result;
    acks.push(...result.acks);
    expect(result.unexpected).toEqual([]);
    expect(result.networkErrors, result.firstNetworkError ?? '').toBe(0);
    expect(states.filter((s) => s.pending), 'every held lease was submitted').toEqual([]);
    const work = await check(true);
    expect(work.submissions).toBe(TASKS * OVERLAP);
    lap('finish');
    await server.stop();
    const retries = { retried: result.retried, retriedCommitted: result.retriedCommitted };
    console.info(`[chaos ${backend}] ${JSON.stringify({ cycles: log, orphans: orphans.length, finalAcks: result.acks.length, ...retries, ...work.byStatus, ms: lap.all })}`);
  }, TEST_TIMEOUT_MS);
});
