import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { SQLITE_PRAGMAS } from '../../packages/server/src/store/open-store.ts';
import { cpuMark, cpuShare, describeShare, type CpuShare } from '../support/cpu.ts';
import { fillPostgres, fillSqlite } from '../support/fill.ts';
import { withClient, type PgCluster } from '../support/postgres.ts';
import { int, median, ms, type BenchOptions } from '../support/report.ts';
import { Api, startServerChild } from '../support/server.ts';
import { batchBodies } from '../support/tasks.ts';
import { countCreated, createProject, runBatches, spread, type Response, type Settings } from './http-batches.ts';

/**
 * One 1,000-task batch into a fresh project of an empty store, against one into a project holding `fill`
 * tasks (and, for reference, into a fresh project of that same full store). Medians of `samples` batches
 * after warm-up; the full-store batches alternate between the big project and new empty ones.
 */
export async function scaling(s: Settings, log: BenchOptions['log'], cluster: PgCluster | null) {
  const kind = cluster ? 'postgres' : 'sqlite';
  const dataDir = mkdtempSync(join(tmpdir(), 'minga-bench-'));
  const databaseUrl = cluster ? await cluster.createDatabase('minga_bench_scaling') : undefined;
  let row = 20_000_000;
  const batch = (projectId: string) => {
    const [body] = batchBodies(projectId, 1, s.scalingBatch, row);
    row += s.scalingBatch;
    return body as string;
  };
  const timeOne = async (api: Api, projectId: string) => {
    const body = batch(projectId);
    const [r] = await runBatches(api, [body], 1);
    if (countCreated([r as Response]) !== s.scalingBatch) throw new Error('scaling batch created too few tasks');
    return (r as Response).ms;
  };
  const warmUp = async (api: Api, projectId: string) => {
    for (let i = 0; i < s.warmupSamples; i++) await timeOne(api, projectId);
  };

  try {
    // Empty store: fresh project per sample.
    let apiKey = '';
    let bigProject = '';
    let accountId = '';
    const emptyStore: number[] = [];
    let emptyCpu: CpuShare | undefined;
    let fullCpu: CpuShare | undefined;
    await withServerKeep(log, s.root, `${kind} scaling (empty store)`, dataDir, databaseUrl, async (api, pid) => {
      apiKey = api.key;
      const warm = await createProject(api, 'bench warm-up');
      await warmUp(api, warm);
      const watched = { server: pid, postmaster: cluster?.postmasterPid };
      const mark = cpuMark(watched);
      for (let i = 0; i < s.samples; i++) emptyStore.push(await timeOne(api, await createProject(api, `bench empty ${i}`)));
      emptyCpu = cpuShare(mark, watched);
      bigProject = await createProject(api, 'bench big');
    });
    log(`  empty store, fresh project: median ${ms(median(emptyStore))} per ${int(s.scalingBatch)}-task batch ${spread(emptyStore)}`);

    // Fill the big project directly, with the server stopped.
    const t0 = performance.now();
    let lastLog = t0;
    const progress = (done: number) => {
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        log(`  filling: ${int(done)} tasks`);
      }
    };
    if (cluster && databaseUrl) {
      accountId = await withClient(databaseUrl, async (c) => (await c.query<{ account_id: string }>('select account_id from projects where id = $1', [bigProject])).rows[0]?.account_id ?? '');
      await fillPostgres(databaseUrl, { accountId, projectId: bigProject, tasks: s.fill, firstRow: 30_000_000 }, progress);
    } else {
      const db = new DatabaseSync(join(dataDir, 'minga.sqlite'));
      db.exec(SQLITE_PRAGMAS);
      accountId = (db.prepare('select account_id from projects where id = ?').get(bigProject) as { account_id: string }).account_id;
      fillSqlite(db, { accountId, projectId: bigProject, tasks: s.fill, firstRow: 30_000_000 }, progress);
      db.exec('pragma wal_checkpoint(truncate)');
      db.close();
    }
    const fillMs = performance.now() - t0;
    log(`  filled ${int(s.fill)} tasks (+ tag and event rows) into the big project in ${(fillMs / 1000).toFixed(1)} s`);

    // Full store: the big project, interleaved with fresh empty projects of the same store.
    const big: number[] = [];
    const emptyInFull: number[] = [];
    await withServerKeep(log, s.root, `${kind} scaling (1M store)`, dataDir, databaseUrl, async (api, pid) => {
      await warmUp(api, bigProject);
      await warmUp(api, await createProject(api, 'bench warm-up 2'));
      const watched = { server: pid, postmaster: cluster?.postmasterPid };
      const mark = cpuMark(watched);
      for (let i = 0; i < s.samples; i++) {
        big.push(await timeOne(api, bigProject));
        emptyInFull.push(await timeOne(api, await createProject(api, `bench empty-in-full ${i}`)));
      }
      fullCpu = cpuShare(mark, watched);
    }, apiKey);

    // The big project really holds what we think it holds.
    const expected = s.fill + (s.warmupSamples + s.samples) * s.scalingBatch;
    const count = cluster && databaseUrl
      ? await withClient(databaseUrl, async (c) => Number((await c.query<{ n: string }>('select count(*) as n from tasks where project_id = $1', [bigProject])).rows[0]?.n))
      : (() => {
          const db = new DatabaseSync(join(dataDir, 'minga.sqlite'));
          const { n } = db.prepare('select count(*) as n from tasks where project_id = ?').get(bigProject) as { n: number };
          db.close();
          return n;
        })();
    const out = {
      batch: s.scalingBatch,
      fill: s.fill,
      fillMs,
      emptyStoreMs: median(emptyStore),
      bigProjectMs: median(big),
      emptyProjectInFullStoreMs: median(emptyInFull),
      ratio: median(big) / median(emptyStore),
      ratioToEmptyProjectInFullStore: median(big) / median(emptyInFull),
      samples: { emptyStore, big, emptyInFull },
      bigProjectTasks: count,
      verified: count === expected,
      cpu: { emptyStore: emptyCpu as CpuShare, fullStore: fullCpu as CpuShare },
    };
    log(`  ${int(s.fill)}-task project: median ${ms(out.bigProjectMs)} ${spread(big)}`);
    log(`  fresh project in the same full store: median ${ms(out.emptyProjectInFullStoreMs)} ${spread(emptyInFull)}`);
    log(`  empty store ${describeShare(out.cpu.emptyStore)}; full store ${describeShare(out.cpu.fullStore)}`);
    log(`  big project holds ${int(count)} tasks (expected ${int(expected)}) ${out.verified ? 'OK' : 'MISMATCH'}`);
    return out;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Like withServer but keeps the data directory and, on a restart, the first start's API key. */
async function withServerKeep(
  log: BenchOptions['log'],
  root: string,
  label: string,
  dataDir: string,
  databaseUrl: string | undefined,
  fn: (api: Api, serverPid: number) => Promise<void>,
  knownKey?: string,
): Promise<void> {
  const server = await startServerChild({ root, dataDir, databaseUrl });
  try {
    const key = server.apiKey ?? knownKey;
    if (!key) throw new Error('no API key: the server printed none and none is known');
    log(`${label}: server pid ${server.pid} at ${server.url}`);
    await fn(new Api(server.url, key), server.pid);
  } finally {
    await server.stop();
  }
}

