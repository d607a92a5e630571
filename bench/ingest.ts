/**
 * bench/ingest: task creation over HTTP against the raw speed of the storage path.
 *
 * 1. raw baseline: the same `tasks` rows the server would store, inserted straight into node:sqlite (a store
 *    created by openStore, so the same table and indexes and the same pragmas), one prepared single-row
 *    INSERT, transactions of 5,000.
 * 2. SQLite over HTTP: 100,000 tasks in batches of 5,000 to a server child process. Target ≥0.5 × raw.
 *    1 and 2 run back to back in `--rounds` rounds (default 3), each on fresh files; the round with the
 *    median ratio is reported, so that the machine's drift between a raw run and its HTTP run stays small.
 * 3. PostgreSQL over HTTP, same load, durable settings. Target ≥15,000 tasks/s.
 * 4. Scaling: one 1,000-task batch into an empty project (empty store) against one into a project already
 *    holding 1,000,000 tasks, the two stores served at once and their batches alternating. Target ≤1.5×.
 *
 * Flags: --tasks=N --batch=N --concurrency=N --warmup-batches=N --fill=N --samples=N --rounds=N --no-pg --no-scaling --no-pg-scaling --profile
 *        --server-root=DIR (run the server, and take the raw baseline's schema, from another checkout, e.g. a
 *        `git archive` of a commit with node_modules linked in; default: this repository)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { SQLITE_PRAGMAS } from '../packages/server/src/store/open-store.ts';
import { newId } from '../packages/server/src/core/ids.ts';
import { benchPostgres } from './support/postgres.ts';
import { summarizeProfile, type ProfileSummary } from './support/profile.ts';
import { int, intFlag, median, ms, type BenchOptions, type BenchReport, type Check } from './support/report.ts';
import { Api, createSqliteSchema, REPO_ROOT, startServerChild, type ServerChild } from './support/server.ts';
import { countCreated, createProject, runBatches, type Settings } from './ingest/http-batches.ts';
import { scaling } from './ingest/scaling.ts';
import { batchBodies, checkFastRows, plannedColumns, rowTemplates, sqliteColumns, sqliteInsertTasks } from './support/tasks.ts';
import { BUSY_OTHER_CORES, cpuMark, cpuShare, describeShare, type CpuShare, type Watched } from './support/cpu.ts';

const RAW_TARGET = 0.5;
const PG_TARGET = 15_000;
const SCALING_TARGET = 1.5;
const PLACEHOLDER = '__BENCH_PROJECT_ID__';


export async function run({ flags, log }: BenchOptions): Promise<BenchReport> {
  const s: Settings = {
    root: typeof flags['server-root'] === 'string' ? resolve(flags['server-root']) : REPO_ROOT,
    tasks: intFlag(flags, 'tasks', 100_000),
    batch: intFlag(flags, 'batch', 5_000),
    concurrency: intFlag(flags, 'concurrency', 2),
    warmupBatches: intFlag(flags, 'warmup-batches', 2),
    fill: intFlag(flags, 'fill', 1_000_000),
    scalingBatch: intFlag(flags, 'scaling-batch', 1_000),
    samples: intFlag(flags, 'samples', 25),
    rounds: intFlag(flags, 'rounds', 3),
    warmupSamples: 5,
  };
  const full = s.tasks === 100_000 && s.batch === 5_000 && s.fill === 1_000_000 && s.scalingBatch === 1_000;
  const checks: Check[] = [];
  const data: Record<string, unknown> = { settings: s, fullSize: full, environment: environment(s.root) };
  if (s.root !== REPO_ROOT) log(`server and schema from ${s.root}`);
  if (!full) log('note: sizes differ from the issue (100,000 / 5,000 / 1,000,000 / 1,000); verdicts are indicative only');
  const load = loadavg()[0] ?? 0;
  if (load > 0.5) log(`warning: load average ${load.toFixed(2)} on ${cpus().length} cores before starting: other work competes for the CPU; see "other processes" below`);
  checkFastRows();

  log(`building ${int(s.tasks)} request bodies (${s.tasks / s.batch} batches of ${int(s.batch)})`);
  const bodies = batchBodies(PLACEHOLDER, Math.ceil(s.tasks / s.batch), s.batch);
  const warmBodies = batchBodies(PLACEHOLDER, s.warmupBatches, s.batch, 10_000_000);
  const bytesPerTask = bodies.reduce((n, b) => n + Buffer.byteLength(b), 0) / s.tasks;
  data.bodyBytesPerTask = Math.round(bytesPerTask);
  log(`  ~${Math.round(bytesPerTask)} B per task as JSON`);

  // 1 and 2. Rounds of the raw baseline then the server, back to back, each on fresh files: this machine's
  // speed drifts by a third within minutes, so each HTTP run is compared with the raw run just before it.
  const rounds: { raw: Awaited<ReturnType<typeof rawBaseline>>; http: Awaited<ReturnType<typeof httpIngest>>; ratio: number }[] = [];
  for (let i = 1; i <= s.rounds; i++) {
    const raw = await rawBaseline(s);
    log(`round ${i}: raw node:sqlite ${int(raw.rowsPerSec)} rows/s (${ms(raw.ms)} for ${int(s.tasks)} rows, ${raw.columns} columns); ${describeShare(raw.cpu)}`);
    if (raw.leftToDefault.length) log(`  warning: tasks columns not written by the raw path (left to default): ${raw.leftToDefault.join(', ')}`);
    const http = await withSqliteServer(log, s, 'ingest', (api, server) => httpIngest(api, { server: server.pid }, bodies, warmBodies, s, log));
    const ratio = http.tasksPerSec / raw.rowsPerSec;
    log(`  round ${i}: ratio ${ratio.toFixed(2)}`);
    rounds.push({ raw, http, ratio });
  }
  // The round with the median ratio speaks for the run.
  const mid = [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor(rounds.length / 2)] as (typeof rounds)[number];
  const ratio = mid.ratio;
  const sqliteRun = mid.http;
  const raw = mid.raw;
  data.raw = { runs: rounds.map((r) => r.raw) };
  data.sqlite = { ...sqliteRun, ratioToRaw: ratio, rounds: rounds.map((r) => ({ tasksPerSec: r.http.tasksPerSec, rawRowsPerSec: r.raw.rowsPerSec, ratio: r.ratio })) };
  checks.push({
    line:
      `ingest sqlite    http ${int(s.tasks)} tasks  ${int(sqliteRun.tasksPerSec)} tasks/s | raw node:sqlite ${int(raw.rowsPerSec)} rows/s | ratio ${ratio.toFixed(2)} ` +
      `(target ≥${RAW_TARGET.toFixed(2)}; median of ${rounds.length} rounds: ${rounds.map((r) => r.ratio.toFixed(2)).join(', ')})${busy(sqliteRun.cpu, raw.cpu)}`,
    pass: rounds.every((r) => r.http.verified) && ratio >= RAW_TARGET,
    value: ratio,
    target: `>=${RAW_TARGET}`,
  });

  if (flags.profile) {
    const dir = join(REPO_ROOT, 'bench', 'results', `profile-ingest-${stamp()}`);
    mkdirSync(dir, { recursive: true });
    log(`profiling: SQLite HTTP ingest again with the server under --cpu-prof (${dir})`);
    const profiled = await withSqliteServer(log, s, 'profile', (api, server) => httpIngest(api, { server: server.pid }, bodies, warmBodies, s, log), ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
    const summary = summarizeProfile(dir);
    data.profile = { tasksPerSec: profiled.tasksPerSec, summary };
    if (summary) printProfile(summary, profiled.tasksPerSec, log);
  }

  // 3 and 4 on PostgreSQL share one cluster.
  const { cluster, skipped: pgSkip } = await benchPostgres(Boolean(flags['no-pg']), log);
  try {
    if (cluster) {
      data.postgresSettings = { version: cluster.version, ...cluster.settings };
      const url = await cluster.createDatabase('minga_bench_ingest');
      const pgRun = await withServer(log, 'postgres ingest', { root: s.root, dataDir: mkdtempSync(join(tmpdir(), 'minga-bench-')), databaseUrl: url }, (api, server) =>
        httpIngest(api, { server: server.pid, postmaster: cluster?.postmasterPid }, bodies, warmBodies, s, log),
      );
      data.postgres = pgRun;
      checks.push({
        line: `ingest postgres  http ${int(s.tasks)} tasks  ${int(pgRun.tasksPerSec)} tasks/s (target ≥${int(PG_TARGET)}; fsync on, synchronous_commit ${cluster.settings.synchronous_commit ?? '?'})${busy(pgRun.cpu)}`,
        pass: pgRun.verified && pgRun.tasksPerSec >= PG_TARGET,
        value: pgRun.tasksPerSec,
        target: `>=${PG_TARGET}`,
      });
    } else {
      data.postgres = { skipped: pgSkip };
      checks.push({ line: `ingest postgres  http ${int(s.tasks)} tasks  skipped (${pgSkip})`, pass: null });
    }

    // 4. Scaling.
    if (flags['no-scaling']) {
      checks.push({ line: 'ingest scaling   skipped (--no-scaling)', pass: null });
    } else {
      const sq = await scaling(s, log, null);
      data.scalingSqlite = sq;
      checks.push(scalingCheck('sqlite  ', s, sq));
      if (cluster && !flags['no-pg-scaling']) {
        const pq = await scaling(s, log, cluster);
        data.scalingPostgres = pq;
        checks.push(scalingCheck('postgres', s, pq));
      } else {
        const why = cluster ? '--no-pg-scaling' : pgSkip;
        data.scalingPostgres = { skipped: why };
        checks.push({ line: `ingest scaling   postgres skipped (${why})`, pass: null });
      }
    }
  } finally {
    cluster?.stop();
  }
  return { name: 'ingest', checks, data };
}

// ---------------------------------------------------------------------------------------------------------

async function rawBaseline(s: Settings) {
  const dir = mkdtempSync(join(tmpdir(), 'minga-bench-raw-'));
  try {
    // openStore runs the migrations: the very table and indexes the server writes to.
    createSqliteSchema(s.root, dir);
    const db = new DatabaseSync(join(dir, 'minga.sqlite'));
    db.exec(SQLITE_PRAGMAS);
    const { columns, leftToDefault } = plannedColumns(sqliteColumns(db, 'tasks'));
    const template = rowTemplates(columns, newId(), newId(), s.tasks);
    const mark = cpuMark({});
    const t0 = performance.now();
    sqliteInsertTasks(db, columns, template, s.batch);
    const elapsed = performance.now() - t0;
    const cpu = cpuShare(mark, {});
    const { n } = db.prepare('select count(*) as n from tasks').get() as { n: number };
    db.close();
    if (n !== s.tasks) throw new Error(`raw baseline stored ${n} rows, expected ${s.tasks}`);
    return { rowsPerSec: (s.tasks / elapsed) * 1000, ms: elapsed, columns: columns.length, leftToDefault, cpu };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function withServer<T>(
  log: BenchOptions['log'],
  label: string,
  options: { root: string; dataDir: string; databaseUrl?: string; nodeArgs?: string[] },
  fn: (api: Api, server: ServerChild) => Promise<T>,
): Promise<T> {
  let server: ServerChild;
  try {
    server = await startServerChild(options);
  } catch (error) {
    rmSync(options.dataDir, { recursive: true, force: true });
    throw error;
  }
  try {
    if (!server.apiKey) throw new Error('the server printed no bootstrap API key');
    log(`${label}: server pid ${server.pid} at ${server.url}${options.databaseUrl ? ' (PostgreSQL)' : ' (SQLite)'}`);
    return await fn(new Api(server.url, server.apiKey), server);
  } finally {
    await server.stop();
    rmSync(options.dataDir, { recursive: true, force: true });
  }
}

function withSqliteServer<T>(log: BenchOptions['log'], s: Settings, label: string, fn: (api: Api, server: ServerChild) => Promise<T>, nodeArgs: string[] = []): Promise<T> {
  return withServer(log, `sqlite ${label}`, { root: s.root, dataDir: mkdtempSync(join(tmpdir(), 'minga-bench-')), nodeArgs }, fn);
}

async function httpIngest(api: Api, watched: Watched, templates: string[], warmTemplates: string[], s: Settings, log: BenchOptions['log']) {
  const warmProject = await createProject(api, 'bench warm-up');
  const projectId = await createProject(api, 'bench ingest');
  const warm = warmTemplates.map((b) => b.replaceAll(PLACEHOLDER, warmProject));
  const bodies = templates.map((b) => b.replaceAll(PLACEHOLDER, projectId));
  const warmCreated = countCreated(await runBatches(api, warm, s.concurrency));

  const mark = cpuMark(watched);
  const t0 = performance.now();
  const responses = await runBatches(api, bodies, s.concurrency);
  const elapsed = performance.now() - t0;
  const cpu = cpuShare(mark, watched);

  const created = countCreated(responses);
  const stats = await api.get<{ tasks: { total: number } }>(`/v1/projects/${projectId}/stats`);
  const verified = created === s.tasks && stats.tasks.total === s.tasks;
  const tasksPerSec = (s.tasks / elapsed) * 1000;
  const latencies = responses.map((r) => r.ms);
  log(
    `  ${int(tasksPerSec)} tasks/s: ${int(s.tasks)} tasks in ${ms(elapsed)}, ${bodies.length} requests, ${s.concurrency} in flight, ` +
      `median request ${ms(median(latencies))} (warm-up ${int(warmCreated)} tasks first); ` +
      `created ${int(created)}, stats total ${int(stats.tasks.total)} ${verified ? 'OK' : 'MISMATCH'}`,
  );
  log(`  ${describeShare(cpu)}`);
  return {
    tasksPerSec,
    ms: elapsed,
    requests: bodies.length,
    concurrency: s.concurrency,
    medianRequestMs: median(latencies),
    maxRequestMs: Math.max(...latencies),
    warmupTasks: warmCreated,
    created,
    statsTotal: stats.tasks.total,
    verified,
    cpu,
  };
}

function scalingCheck(kind: string, s: Settings, r: Awaited<ReturnType<typeof scaling>>): Check {
  return {
    line:
      `ingest scaling   ${kind} ${int(s.scalingBatch)} tasks: empty project ${ms(r.emptyStoreMs)}, ${int(s.fill)}-task project ${ms(r.bigProjectMs)} ` +
      `| ratio ${r.ratio.toFixed(2)} (target ≤${SCALING_TARGET.toFixed(1)}; fresh project in the same full store ${ms(r.emptyProjectInFullStoreMs)})` +
      busy(r.cpu),
    pass: r.verified && r.ratio <= SCALING_TARGET,
    value: r.ratio,
    target: `<=${SCALING_TARGET}`,
  };
}

function printProfile(p: ProfileSummary, tasksPerSec: number, log: BenchOptions['log']): void {
  log(`  profiled run: ${int(tasksPerSec)} tasks/s; server CPU busy ${int(p.busyMs)} ms of ${int(p.totalMs)} ms profiled (${p.file})`);
  log('  top self time by function:');
  for (const f of p.functions) log(`    ${f.percent.toFixed(1).padStart(5)}%  ${ms(f.selfMs).padStart(9)}  ${f.name}  ${f.where}`);
  log('  self time by module:');
  for (const m of p.modules) log(`    ${m.percent.toFixed(1).padStart(5)}%  ${ms(m.selfMs).padStart(9)}  ${m.name}`);
}

/** A note for a check line measured while other processes took CPU time. */
function busy(...shares: CpuShare[]): string {
  const worst = Math.max(...shares.map((c) => c.otherCores));
  return worst > BUSY_OTHER_CORES ? ` [machine busy: other processes used ${worst.toFixed(2)} cores]` : '';
}

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

function environment(root: string) {
  const git = (args: string[]) => {
    try {
      return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return null;
    }
  };
  const db = new DatabaseSync(':memory:');
  const sqlite = (db.prepare('select sqlite_version() as v').get() as { v: string }).v;
  db.close();
  return {
    node: process.version,
    sqlite,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? '?',
    platform: `${process.platform} ${process.arch}`,
    commit: git(['rev-parse', 'HEAD']),
    uncommittedFiles: git(['status', '--porcelain'])?.split('\n').filter(Boolean).length ?? null,
    serverRoot: root,
  };
}
