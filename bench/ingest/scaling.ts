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
 * tasks (and, for reference, into a fresh project of that same full store). Both stores are served at once
 * and their samples alternate, batch by batch, so that the ratio compares them under the same machine
 * conditions: this machine's speed drifts by a third within minutes. Medians of `samples` batches each,
 * after warm-up.
 */
export async function scaling(s: Settings, log: BenchOptions['log'], cluster: PgCluster | null) {
  const kind = cluster ? 'postgres' : 'sqlite';
  const emptyDir = mkdtempSync(join(tmpdir(), 'minga-bench-'));
  const fullDir = mkdtempSync(join(tmpdir(), 'minga-bench-'));
  const emptyUrl = cluster ? await cluster.createDatabase('minga_bench_scaling_empty') : undefined;
  const fullUrl = cluster ? await cluster.createDatabase('minga_bench_scaling') : undefined;
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
    // The full store: its owner and big project through the server, then the tasks filled in directly.
    let fullKey = '';
    let bigProject = '';
    await withServerKeep(log, s.root, `${kind} scaling (store to fill)`, fullDir, fullUrl, async (api) => {
      fullKey = api.key;
      bigProject = await createProject(api, 'bench big');
    });
    const t0 = performance.now();
    let lastLog = t0;
    const progress = (done: number) => {
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        log(`  filling: ${int(done)} tasks`);
      }
    };
    if (cluster && fullUrl) {
      const accountId = await withClient(fullUrl, async (c) => (await c.query<{ account_id: string }>('select account_id from projects where id = $1', [bigProject])).rows[0]?.account_id ?? '');
      await fillPostgres(fullUrl, { accountId, projectId: bigProject, tasks: s.fill, firstRow: 30_000_000 }, progress);
    } else {
      const db = new DatabaseSync(join(fullDir, 'minga.sqlite'));
      db.exec(SQLITE_PRAGMAS);
      const { account_id: accountId } = db.prepare('select account_id from projects where id = ?').get(bigProject) as { account_id: string };
      fillSqlite(db, { accountId, projectId: bigProject, tasks: s.fill, firstRow: 30_000_000 }, progress);
      db.exec('pragma wal_checkpoint(truncate)');
      db.close();
    }
    const fillMs = performance.now() - t0;
    log(`  filled ${int(s.fill)} tasks (+ tag and event rows) into the big project in ${(fillMs / 1000).toFixed(1)} s`);

    // Both stores served at once; one sample of each kind in turn.
    const emptyStore: number[] = [];
    const big: number[] = [];
    const emptyInFull: number[] = [];
    let cpu: CpuShare | undefined;
    await withServerKeep(log, s.root, `${kind} scaling (empty store)`, emptyDir, emptyUrl, async (emptyApi, emptyPid) => {
      await withServerKeep(log, s.root, `${kind} scaling (1M store)`, fullDir, fullUrl, async (fullApi, fullPid) => {
        await warmUp(emptyApi, await createProject(emptyApi, 'bench warm-up'));
        await warmUp(fullApi, bigProject);
        await warmUp(fullApi, await createProject(fullApi, 'bench warm-up 2'));
        // Both servers count as the server: the one idle while the other works is no foreign load.
        const watched = { server: [emptyPid, fullPid], postmaster: cluster?.postmasterPid };
        const mark = cpuMark(watched);
        const kinds = [
          async (i: number) => emptyStore.push(await timeOne(emptyApi, await createProject(emptyApi, `bench empty ${i}`))),
          async () => big.push(await timeOne(fullApi, bigProject)),
          async (i: number) => emptyInFull.push(await timeOne(fullApi, await createProject(fullApi, `bench empty-in-full ${i}`))),
        ];
        // Each kind goes first, second and third in turn, so that no kind always follows the same one.
        for (let i = 0; i < s.samples; i++) for (let k = 0; k < kinds.length; k++) await (kinds[(i + k) % kinds.length] as (i: number) => Promise<number>)(i);
        cpu = cpuShare(mark, watched);
      }, fullKey);
    });

    // The big project really holds what we think it holds.
    const expected = s.fill + (s.warmupSamples + s.samples) * s.scalingBatch;
    const count = cluster && fullUrl
      ? await withClient(fullUrl, async (c) => Number((await c.query<{ n: string }>('select count(*) as n from tasks where project_id = $1', [bigProject])).rows[0]?.n))
      : (() => {
          const db = new DatabaseSync(join(fullDir, 'minga.sqlite'));
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
      cpu: cpu as CpuShare,
    };
    log(`  empty store, fresh project: median ${ms(out.emptyStoreMs)} per ${int(s.scalingBatch)}-task batch ${spread(emptyStore)}`);
    log(`  ${int(s.fill)}-task project: median ${ms(out.bigProjectMs)} ${spread(big)}`);
    log(`  fresh project in the same full store: median ${ms(out.emptyProjectInFullStoreMs)} ${spread(emptyInFull)}`);
    log(`  both servers, interleaved: ${describeShare(out.cpu)}`);
    log(`  big project holds ${int(count)} tasks (expected ${int(expected)}) ${out.verified ? 'OK' : 'MISMATCH'}`);
    return out;
  } finally {
    rmSync(emptyDir, { recursive: true, force: true });
    rmSync(fullDir, { recursive: true, force: true });
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

