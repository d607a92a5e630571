import { rmSync } from 'node:fs';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { killAllServerProcesses, startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { backends, createTestDatabase, createTestDataDir } from '../support/stores.ts';
import { ok, sleep, waitFor } from './http.ts';
import { listAll, verifyStore } from './verify-store.ts';
import { newLedger, startLoad, type ClientStats } from './write-load.ts';

/**
 * SPEC §2.2: an acknowledged write survives `kill -9`. Real server processes take a sustained stream of
 * creates, die by SIGKILL mid-stream, and are started again on the same store; the restarted server must
 * hold every acknowledged task exactly once and finish every acknowledged operation.
 *
 * The operation lease is shortened to 2 s (MINGA_OPERATION_LEASE_SECONDS): on PostgreSQL an operation
 * that a killed process held waits out its lease before anyone resumes it, 60 s by default.
 */
const LEASE_ENV = { MINGA_OPERATION_LEASE_SECONDS: '2' };
/** The killed process of the PostgreSQL pair holds its operation longer: it must still hold it at the kill (after B has started, on a loaded machine). */
const A_LEASE_S = 15;
const CYCLES = 3;
// Each test takes 12–30 s; the bound leaves room for a loaded machine.
const TEST_TIMEOUT_MS = 120_000;

const between = (min: number, max: number) => min + Math.floor(Math.random() * (max - min));
const summary = (stats: ClientStats[]) => ({
  sent: stats.reduce((n, s) => n + s.sent, 0),
  acked: stats.reduce((n, s) => n + s.acked, 0),
  failed: stats.reduce((n, s) => n + s.failed, 0),
});

async function newProject(url: string, apiKey: string): Promise<string> {
  const r = await ok(url, 'POST', '/v1/projects', { token: apiKey, body: JSON.stringify({ name: 'Crash test' }) });
  return r.json.project.id as string;
}

/** Kills `server` with SIGKILL at a moment when at least one request is in flight. */
async function killMidStream(server: ServerProcess, load: { inFlight(): number }): Promise<number> {
  await waitFor('a request in flight', 5_000, () => (load.inFlight() > 0 ? true : undefined), 1);
  const inFlight = load.inFlight();
  await server.kill9();
  return inFlight;
}

afterEach(async () => {
  await killAllServerProcesses();
});

describe.each(backends)('kill -9 while writing [%s]', (backend) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    await killAllServerProcesses();
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it(`keeps every acknowledged write through ${CYCLES} kill -9 / restart cycles`, async () => {
    const dataDir = createTestDataDir(`kill9-${backend}`);
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const database = backend === 'postgres' ? await createTestDatabase('kill9') : undefined;
    if (database) cleanups.push(() => database.drop());
    const start = () => startServerProcess({ dataDir, databaseUrl: database?.url, env: LEASE_ENV });

    let server = await start();
    expect(server.ownerLogin).toMatch(/^\S+@\S+ \S+$/);
    expect(server.apiKey).toMatch(/^mk_live_/);
    const apiKey = server.apiKey as string;
    const projectId = await newProject(server.url, apiKey);
    const ledger = newLedger();

    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      const load = startLoad({ targets: [{ url: server.url, clients: 3, label: 'c' }], apiKey, projectId, ledger, round: `k${cycle}` });
      await sleep(between(1_500, 2_500));
      const inFlightAtKill = await killMidStream(server, load);
      const stats = summary(await load.stop());
      expect(stats.acked, 'the server acknowledged writes before it died').toBeGreaterThan(0);

      server = await start();
      // A restart on a store that has an owner prints only the Listening line.
      expect(server.ownerLogin).toBeNull();
      expect(server.apiKey).toBeNull();
      expect(server.stdout()).not.toMatch(/Owner login|API key/);

      const verified = await verifyStore(server.url, apiKey, projectId, ledger);
      console.info(`[kill-9 ${backend}] cycle ${cycle}: ${JSON.stringify({ ...stats, inFlightAtKill, ...verified })}`);
    }
    await server.stop();
  }, TEST_TIMEOUT_MS);
});

describe.skipIf(!backends.includes('postgres'))('two processes on one PostgreSQL, one killed', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    await killAllServerProcesses();
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('the survivor keeps serving and finishes the operation the dead one had started', async () => {
    const database = await createTestDatabase('kill9_pair');
    cleanups.push(() => database.drop());
    const dirs = [createTestDataDir('kill9-a'), createTestDataDir('kill9-b')];
    cleanups.push(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
    const locker = new pg.Client({ connectionString: database.url });
    await locker.connect();
    cleanups.push(() => locker.end().catch(() => {}));

    // A alone at first, with a longer lease, so the big operation is surely A's and stays A's until A dies.
    const a = await startServerProcess({ dataDir: dirs[0] as string, databaseUrl: database.url, env: { MINGA_OPERATION_LEASE_SECONDS: String(A_LEASE_S) } });
    expect(a.apiKey).toMatch(/^mk_live_/);
    const apiKey = a.apiKey as string;
    const projectId = await newProject(a.url, apiKey);
    const bigProjectId = await newProject(a.url, apiKey);
    const ledger = newLedger();

    // Hold every counter row of the big operation's own project (uncommitted rows block any writer of the
    // same keys): A's run of it inserts its tasks, then waits here, mid-transaction, until A is killed.
    await locker.query('begin');
    await locker.query('insert into project_counters (project_id, shard) select $1, s from generate_series(0, 63) s', [bigProjectId]);
    const bigKey = 'pair-big';
    const bigSize = 2_000;
    const body = JSON.stringify(Array.from({ length: bigSize }, (_, i) => ({ project_id: bigProjectId, type: 'yesno', content: `Big item ${i}?`, tags: [bigKey], metadata: { i } })));
    const accepted = await ok(a.url, 'POST', '/v1/tasks?async_mode=true', { token: apiKey, body });
    const opId = accepted.json.id as string;
    // Only in `operations`: verifyStore's per-request checks cover the load's project, not this one.
    ledger.operations.push({ id: opId, checked: false, key: bigKey, size: bigSize, operationId: null, body });
    await waitFor('A to start the big operation and stall on the held rows', 20_000, async () => {
      const { rows } = await locker.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'");
      return (rows[0]?.n ?? 0) > 0 ? true : undefined;
    }, 20);
    const claimedBy = Date.now();
    expect((await ok(a.url, 'GET', `/v1/operations/${opId}`, { token: apiKey })).json.status).toBe('running');

    const b = await startServerProcess({ dataDir: dirs[1] as string, databaseUrl: database.url, env: LEASE_ENV });
    expect(b.ownerLogin).toBeNull();
    expect(b.apiKey).toBeNull();
    const load = startLoad({
      targets: [
        { url: a.url, clients: 3, label: 'a' },
        { url: b.url, clients: 3, label: 'b' },
      ],
      apiKey,
      projectId,
      ledger,
      round: 'pair',
    });
    await sleep(between(700, 1_300));
    const killedAt = new Date().toISOString();
    const inFlightAtKill = await killMidStream(a, load);
    expect(Date.now() - claimedBy, 'A died while it still held the lease (else B may have taken over a live A)').toBeLessThan(A_LEASE_S * 1000);
    await locker.query('rollback');

    // B was not told anything: it keeps serving, and the operation is not done (A held it when it died).
    const right = await ok(b.url, 'GET', `/v1/operations/${opId}`, { token: apiKey });
    expect(right.json.status).toBe('running');
    load.mark();
    await sleep(1_500);
    const stats = await load.stop();
    const ofB = stats.filter((s) => s.target === 'b');
    expect(ofB.reduce((n, s) => n + s.failed, 0), 'requests to the survivor that got no answer').toBe(0);
    expect(ofB.reduce((n, s) => n + s.ackedAfterMark, 0), 'writes the survivor acknowledged after the kill').toBeGreaterThan(0);

    // Someone (B, once A's lease ran out) finishes A's operation, exactly once; both projects add up.
    const verified = await verifyStore(b.url, apiKey, projectId, ledger);
    const final = await ok(b.url, 'GET', `/v1/operations/${opId}`, { token: apiKey });
    expect(final.json).toMatchObject({ status: 'success', details: { items_created: bigSize, items_failed: 0 } });
    expect(final.json.finished_at > killedAt).toBe(true);
    const big = await listAll(b.url, apiKey, `project_id=${bigProjectId}`);
    expect(big.length).toBe(bigSize);
    expect(new Set(big.map((t) => t.metadata.i)).size).toBe(bigSize);
    const bigStats = await ok(b.url, 'GET', `/v1/projects/${bigProjectId}/stats`, { token: apiKey });
    expect(bigStats.json.tasks.total).toBe(bigSize);
    console.info(`[kill-9 pair] ${JSON.stringify({ ...summary(stats), inFlightAtKill, killedAt, finishedAt: final.json.finished_at, ...verified })}`);
    await b.stop();
  }, TEST_TIMEOUT_MS);
});
