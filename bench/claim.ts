/**
 * bench/claim: the helper work loop over HTTP — claim → submit cycles per second with 100 concurrent helpers
 * against a real server child process, on SQLite and then on PostgreSQL, beside a well-known PostgreSQL job
 * queue (pg-boss) doing the same fetch → complete loop with as many workers on the same cluster.
 *
 * Setup per store: a project with quality {control_rate: 0}; `--tasks` label_text tasks, overlap 1, posted in
 * batches of 5,000; `--helpers` helpers invited and accepted over HTTP. Then every helper loops
 * `POST /v1/work/claim {project_id}` → `POST /v1/work/assignments/{id}/submit` for `--warmup` seconds (not
 * counted) and `--seconds` seconds (counted). Claim latency is measured by the client from request to
 * response. Afterwards the project's stats must show one answer and one completed task per cycle.
 *
 * Targets: ≥3,000 cycles/s on SQLite; on PostgreSQL at least pg-boss's jobs/s; p99 claim latency ≤50 ms.
 * PostgreSQL runs with its default durability (fsync, synchronous_commit, full_page_writes on); the Minga
 * server (MINGA_PG_CONNECTIONS' default, shared by its threads) and pg-boss both get 10 connections.
 *
 * Before them, for scale, the same load against a trivial node:http handler (bench/claim/trivial-server.ts) on as
 * many threads as the server: the request pairs per second the machine and the load generator manage with no
 * work behind them in this run. The SQLite line prints Minga's cycles/s as a ratio of it; the target stays absolute.
 *
 * Flags: --tasks=N --helpers=N --seconds=N --warmup=N --no-sqlite --no-pg --no-peer --no-baseline --profile --profile-pg
 *        --server-root=DIR (run the server of another checkout)
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BUSY_OTHER_CORES, cpuMark, cpuShare, describeShare, type CpuShare, type Watched } from './support/cpu.ts';
import { benchPostgres } from './support/postgres.ts';
import { summarizeProfile, type ProfileSummary } from './support/profile.ts';
import { int, intFlag, ms, type BenchOptions, type BenchReport, type Check } from './support/report.ts';
import { REPO_ROOT, startServerChild, type ServerChild } from './support/server.ts';
import { KeepAliveClient } from './claim/client.ts';
import { runTrivialBaseline, type BaselineResult } from './claim/baseline.ts';
import { timedLoop, type LoopResult } from './claim/loop.ts';
import { runPgBoss, type PeerResult } from './claim/peer-pg-boss.ts';
import { sampleWaits } from './claim/pg-waits.ts';

const SQLITE_TARGET = 3_000;
const P99_TARGET_MS = 50;
const BATCH = 5_000;
const POOL_SIZE = 10; // The server's default MINGA_PG_CONNECTIONS, shared by its threads.
const CATEGORIES = ['positive', 'negative', 'neutral'];

interface Settings {
  root: string;
  tasks: number;
  helpers: number;
  seconds: number;
  warmup: number;
}

type Log = BenchOptions['log'];

export async function run({ flags, log }: BenchOptions): Promise<BenchReport> {
  const s: Settings = {
    root: typeof flags['server-root'] === 'string' ? resolve(flags['server-root']) : REPO_ROOT,
    // Enough for 3,000 cycles/s over warm-up + window with room to spare; a run that drains them says so.
    tasks: intFlag(flags, 'tasks', 100_000),
    helpers: intFlag(flags, 'helpers', 100),
    seconds: intFlag(flags, 'seconds', 15),
    warmup: intFlag(flags, 'warmup', 3),
  };
  const checks: Check[] = [];
  const data: Record<string, unknown> = { settings: s, environment: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '?' } };
  const load = loadavg()[0] ?? 0;
  if (load > 0.5) log(`warning: load average ${load.toFixed(2)} on ${cpus().length} cores before starting: other work competes for the CPU`);

  // 0. The baseline: the same load against a trivial handler, for the machine's speed in this run.
  let baseline: BaselineResult | null = null;
  if (flags['no-baseline']) data.baseline = { skipped: '--no-baseline' };
  else {
    log('baseline: a trivial HTTP handler (node:http, no framework, no store) under the same load');
    baseline = await runTrivialBaseline({ workers: s.helpers, warmupMs: s.warmup * 1000, measureMs: s.seconds * 1000 });
    data.baseline = baseline;
    log(`  ${int(baseline.perSec)} request pairs/s on ${baseline.threads} threads, first request p50 ${ms(baseline.firstStep.p50)} p99 ${ms(baseline.firstStep.p99)}, ${baseline.errors} errors`);
    log(`  ${describeShare(baseline.cpu)}`);
  }
  const ofBaseline = (perSec: number) => (baseline ? ` | trivial HTTP handler ${int(baseline.perSec)} pairs/s, ratio ${(perSec / baseline.perSec).toFixed(2)}` : '');

  // 1. SQLite.
  if (flags['no-sqlite']) {
    data.sqlite = { skipped: '--no-sqlite' };
    checks.push({ line: 'claim sqlite     skipped (--no-sqlite)', pass: null });
  } else {
    const sqlite = await withServer(log, 'sqlite', { root: s.root, dataDir: tempDir() }, (server) => claimRun(server, s, { server: server.pid }, log));
    data.sqlite = sqlite;
    checks.push({
      line: `claim sqlite     ${s.helpers} helpers  ${int(sqlite.perSec)} cycles/s (target ≥${int(SQLITE_TARGET)})${ofBaseline(sqlite.perSec)}${ranOut(sqlite)}${busy(sqlite.cpu)}`,
      pass: sqlite.verified && sqlite.ranOutAt === null && sqlite.perSec >= SQLITE_TARGET,
      value: sqlite.perSec,
      target: `>=${SQLITE_TARGET}`,
    });
    checks.push(latencyCheck('sqlite  ', sqlite));
  }

  if (flags.profile) {
    const dir = join(REPO_ROOT, 'bench', 'results', `profile-claim-${stamp()}`);
    mkdirSync(dir, { recursive: true });
    log(`profiling: the SQLite run again with the server under --cpu-prof (${dir})`);
    const profiled = await withServer(log, 'sqlite profile', { root: s.root, dataDir: tempDir(), nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] }, (server) =>
      claimRun(server, s, { server: server.pid }, log),
    );
    const summary = summarizeProfile(dir);
    data.profile = { cyclesPerSec: profiled.perSec, summary };
    if (summary) printProfile(summary, profiled.perSec, log);
  }

  // 2. PostgreSQL: Minga, then the peer, on one throwaway cluster.
  const { cluster, skipped: pgSkip } = await benchPostgres(Boolean(flags['no-pg']), log);
  try {
    if (!cluster) {
      data.postgres = { skipped: pgSkip };
      checks.push({ line: `claim postgres   skipped (${pgSkip})`, pass: null });
    } else {
      data.postgresSettings = { version: cluster.version, ...cluster.settings };
      const watched = (pid: number): Watched => ({ server: pid, postmaster: cluster?.postmasterPid });
      const url = await cluster.createDatabase('minga_bench_claim');
      const waits = { adminUrl: cluster.adminUrl, database: 'minga_bench_claim' };
      const pgProfile = flags['profile-pg'] ? join(REPO_ROOT, 'bench', 'results', `profile-claim-pg-${stamp()}`) : null;
      if (pgProfile) {
        mkdirSync(pgProfile, { recursive: true });
        log(`profiling: the PostgreSQL run's server runs under --cpu-prof (${pgProfile}); its numbers include the profiler's cost`);
      }
      const nodeArgs = pgProfile ? ['--cpu-prof', `--cpu-prof-dir=${pgProfile}`] : [];
      const pgRun = await withServer(log, 'postgres', { root: s.root, dataDir: tempDir(), databaseUrl: url, nodeArgs }, (server) => claimRun(server, s, watched(server.pid), log, waits));
      data.postgres = pgRun;
      if (pgProfile) {
        const summary = summarizeProfile(pgProfile);
        data.profilePostgres = { cyclesPerSec: pgRun.perSec, summary };
        if (summary) printProfile(summary, pgRun.perSec, log);
      }

      let peer: (PeerResult & { cpu: CpuShare }) | null = null;
      if (flags['no-peer']) data.peer = { skipped: '--no-peer' };
      else {
        const peerUrl = await cluster.createDatabase('minga_bench_pgboss');
        log('peer: pg-boss on the same cluster');
        const watchedPeer = { postmaster: cluster.postmasterPid };
        let mark = cpuMark(watchedPeer);
        let cpu: CpuShare | undefined;
        const result = await runPgBoss(
          peerUrl,
          { jobs: s.tasks, workers: s.helpers, poolSize: POOL_SIZE, warmupMs: s.warmup * 1000, measureMs: s.seconds * 1000 },
          (i) => taskBody('peer', i),
          log,
          { onStart: () => (mark = cpuMark(watchedPeer)), onEnd: () => (cpu = cpuShare(mark, watchedPeer)) },
        );
        peer = { ...result, cpu: cpu ?? cpuShare(mark, watchedPeer) };
        data.peer = peer;
        const states = Object.entries(result.states).map(([k, v]) => `${k} ${int(v)}`).join(', ');
        log(
          `  ${int(result.perSec)} jobs/s (${int(result.cycles)} in ${(result.windowMs / 1000).toFixed(1)} s), fetch p50 ${ms(result.firstStep.p50)} p99 ${ms(result.firstStep.p99)}, ` +
            `${result.errors} errors; jobs by state: ${states} for ${int(result.totalCycles)} cycles ${result.verified ? 'OK' : 'MISMATCH'}`,
        );
        log(`  ${describeShare(peer.cpu)} (pg-boss runs inside the bench process)`);
      }
      checks.push({
        line:
          `claim postgres   ${s.helpers} helpers  ${int(pgRun.perSec)} cycles/s | ${peer ? `${peer.library} ${int(peer.perSec)} jobs/s fetch→complete, ${s.helpers} workers` : 'peer skipped'}` +
          ` | ratio ${peer ? (pgRun.perSec / peer.perSec).toFixed(2) : '-'} (target ≥1.00)${ranOut(pgRun)}${busy(pgRun.cpu, ...(peer ? [peer.cpu] : []))}`,
        pass: peer ? pgRun.verified && pgRun.ranOutAt === null && peer.verified && peer.ranOutAt === null && pgRun.perSec >= peer.perSec : null,
        value: peer ? pgRun.perSec / peer.perSec : pgRun.perSec,
        target: '>=1.0 x peer',
      });
      checks.push(latencyCheck('postgres', pgRun));
    }
  } finally {
    cluster?.stop();
  }
  return { name: 'claim', checks, data };
}

// ---------------------------------------------------------------------------------------------------------

interface ClaimRun extends LoopResult {
  setupMs: { tasks: number; helpers: number };
  /** The project's answers and completed tasks afterwards, from GET /v1/projects/{id}/stats. */
  statsAnswers: number;
  statsCompleted: number;
  verified: boolean;
  cpu: CpuShare;
  /** PostgreSQL: what the server's backends were doing during the window (pg_stat_activity samples). */
  waits?: Awaited<ReturnType<ReturnType<typeof sampleWaits>['stop']>>;
}

function taskBody(projectId: string, row: number): Record<string, unknown> {
  return {
    project_id: projectId,
    type: 'label_text',
    input: { text: `Review ${row}: the battery lasts two days and the camera is sharp.`, categories: CATEGORIES },
    overlap: 1,
    tags: ['bench'],
    metadata: { source: 'bench-claim', row },
  };
}

async function withServer<T>(log: Log, label: string, options: { root: string; dataDir: string; databaseUrl?: string; nodeArgs?: string[] }, fn: (server: ServerChild) => Promise<T>): Promise<T> {
  const server = await startServerChild(options);
  try {
    if (!server.apiKey) throw new Error('the server printed no bootstrap API key');
    log(`${label}: server pid ${server.pid} at ${server.url}`);
    return await fn(server);
  } finally {
    await server.stop();
    rmSync(options.dataDir, { recursive: true, force: true });
  }
}

/** Runs `fn` over the items with at most `n` in flight. */
async function pool<T, R>(items: T[], n: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i] as T, i);
      }
    }),
  );
  return out;
}

async function claimRun(server: ServerChild, s: Settings, watched: Watched, log: Log, waitsOf?: { adminUrl: string; database: string }): Promise<ClaimRun> {
  const key = server.apiKey as string;
  const client = new KeepAliveClient(server.url, s.helpers + 4);
  try {
    const { project } = await client.json<{ project: { id: string } }>('POST', '/v1/projects', key, { name: 'bench claim', quality: { control_rate: 0 } });

    let t0 = performance.now();
    const batches = Array.from({ length: Math.ceil(s.tasks / BATCH) }, (_, b) => b);
    await pool(batches, 2, async (b) => {
      const items = Array.from({ length: Math.min(BATCH, s.tasks - b * BATCH) }, (_, i) => taskBody(project.id, b * BATCH + i));
      const r = await client.json<{ items: Record<string, unknown>; validation_errors: Record<string, unknown> }>('POST', '/v1/tasks', key, items);
      if (Object.keys(r.validation_errors).length || Object.keys(r.items).length !== items.length) throw new Error(`batch ${b}: ${JSON.stringify(r.validation_errors).slice(0, 300)}`);
    });
    const tasksMs = performance.now() - t0;

    t0 = performance.now();
    const stamp = Date.now();
    const tokens = await pool(
      Array.from({ length: s.helpers }, (_, i) => i),
      8,
      async (i) => {
        const invited = await client.json<{ invite_token: string }>('POST', '/v1/helpers', key, { email: `bench-${stamp}-${i}@example.test`, name: `Helper ${i}`, project_ids: [project.id] });
        const accepted = await client.json<{ token: string }>('POST', '/v1/auth/accept-invite', '', { token: invited.invite_token, password: 'bench helper password' });
        return accepted.token;
      },
    );
    const helpersMs = performance.now() - t0;
    log(`  setup: ${int(s.tasks)} tasks in ${ms(tasksMs)}, ${s.helpers} helpers invited and accepted in ${ms(helpersMs)}`);

    const claimBody = JSON.stringify({ project_id: project.id });
    let mark = cpuMark(watched);
    let sampler: ReturnType<typeof sampleWaits> | undefined;
    const loop = await timedLoop({
      workers: s.helpers,
      warmupMs: s.warmup * 1000,
      measureMs: s.seconds * 1000,
      onMeasureStart: () => {
        mark = cpuMark(watched);
        if (waitsOf) sampler = sampleWaits(waitsOf.adminUrl, waitsOf.database);
      },
      cycle: async (w) => {
        const token = tokens[w] as string;
        const t = performance.now();
        const claimed = await client.send('POST', '/v1/work/claim', token, claimBody);
        const firstMs = performance.now() - t;
        if (claimed.status === 204) return { kind: 'empty' };
        if (claimed.status !== 200) return { kind: 'error', detail: `claim ${claimed.status} ${claimed.text.slice(0, 200)}` };
        const { id } = JSON.parse(claimed.text) as { id: string };
        const submitted = await client.send('POST', `/v1/work/assignments/${id}/submit`, token, `{"answer":"${CATEGORIES[w % 3]}","seconds_spent":5}`);
        if (submitted.status !== 200) return { kind: 'error', detail: `submit ${submitted.status} ${submitted.text.slice(0, 200)}` };
        return { kind: 'done', firstMs };
      },
    });
    const cpu = cpuShare(mark, watched);
    const waits = await sampler?.stop();

    const stats = await client.json<{ answers: number; tasks: { completed: number } }>('GET', `/v1/projects/${project.id}/stats`, key);
    const verified = loop.errors === 0 && stats.answers === loop.totalCycles && stats.tasks.completed === loop.totalCycles;
    log(
      `  ${int(loop.perSec)} cycles/s (${int(loop.cycles)} in ${(loop.windowMs / 1000).toFixed(1)} s after ${s.warmup} s warm-up), ` +
        `claim p50 ${ms(loop.firstStep.p50)} p90 ${ms(loop.firstStep.p90)} p99 ${ms(loop.firstStep.p99)} max ${ms(loop.firstStep.max)}, ${loop.errors} errors` +
        `${loop.ranOutAt === null ? '' : `; RAN OUT of tasks ${loop.ranOutAt} s into the window`}`,
    );
    if (loop.firstErrors.length) log(`  first errors: ${loop.firstErrors.join(' | ')}`);
    log(`  stats: ${int(stats.answers)} answers, ${int(stats.tasks.completed)} completed for ${int(loop.totalCycles)} cycles ${verified ? 'OK' : 'MISMATCH'}`);
    log(`  ${describeShare(cpu)}`);
    if (waits) {
      log(`  PostgreSQL backends of the server, ${waits.avgBusyBackends} busy (active or in a transaction) on average (${waits.samples} samples of pg_stat_activity):`);
      for (const w of waits.top) log(`    ${w.percent.toFixed(1).padStart(5)}%  ${w.what}`);
    }
    return {
      ...loop,
      setupMs: { tasks: Math.round(tasksMs), helpers: Math.round(helpersMs) },
      statsAnswers: stats.answers,
      statsCompleted: stats.tasks.completed,
      verified,
      cpu,
      ...(waits ? { waits } : {}),
    };
  } finally {
    client.close();
  }
}

function latencyCheck(kind: string, r: ClaimRun): Check {
  return {
    line: `claim ${kind}   p50 ${ms(r.firstStep.p50)}, p99 claim latency ${ms(r.firstStep.p99)} (target ≤${P99_TARGET_MS} ms; ${int(r.firstStep.n)} claims)${busy(r.cpu)}`,
    pass: r.firstStep.n > 0 && r.firstStep.p99 <= P99_TARGET_MS,
    value: r.firstStep.p99,
    target: `<=${P99_TARGET_MS}`,
  };
}

function printProfile(p: ProfileSummary, perSec: number, log: Log): void {
  log(`  profiled run: ${int(perSec)} cycles/s; server CPU busy ${int(p.busyMs)} ms of ${int(p.totalMs)} ms profiled (${p.file})`);
  log('  top self time by function:');
  for (const f of p.functions) log(`    ${f.percent.toFixed(1).padStart(5)}%  ${ms(f.selfMs).padStart(9)}  ${f.name}  ${f.where}`);
  log('  self time by module:');
  for (const m of p.modules) log(`    ${m.percent.toFixed(1).padStart(5)}%  ${ms(m.selfMs).padStart(9)}  ${m.name}`);
}

const ranOut = (r: LoopResult) => (r.ranOutAt === null ? '' : ` [ran out of tasks ${r.ranOutAt} s into the window: raise --tasks]`);

/** A note for a check line measured while other processes took CPU time. */
function busy(...shares: CpuShare[]): string {
  const worst = Math.max(...shares.map((c) => c.otherCores));
  return worst > BUSY_OTHER_CORES ? ` [machine busy: other processes used ${worst.toFixed(2)} cores]` : '';
}

const tempDir = () => mkdtempSync(join(tmpdir(), 'minga-bench-claim-'));
const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');
