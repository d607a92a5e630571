/**
 * Model-based test of the work engine (SPEC §2.2, §3.3–§3.4): random interleavings of claim, submit,
 * release, heartbeat, lease lapse and lease expiry by up to four helpers over one to four tasks, checked
 * after every step against a plain in-memory model.
 *
 * How it drives the system: setup (project, tasks, helpers) goes through the real app in-process; the
 * commands call the core functions (claimTask, submitAssignment, releaseAssignment, heartbeatAssignment,
 * expireLeases) directly with each helper's real Principal (resolved from its session token by
 * `authenticate`), which is much cheaper than HTTP and lets a run hold a few hundred steps. A refusal is a
 * DomainError whose code maps to a status through the HTTP layer's own ERROR_STATUS table, so "409" below is
 * exactly what a helper would see. Expiry is what the background runner does: set the lease's
 * `lease_expires_at` in the past in the store, then call `expireLeases(store)`. A "lapse" sets the time in
 * the past without sweeping, so the lease is dead for its holder (no submit, no heartbeat) but still holds
 * its slot until the sweep.
 *
 * The model knows each task's strategy (majority_vote with max_overlap = overlap, or any_first), overlap
 * (1–3) and priority; which helper holds which live lease; which helpers touched each task; the answers;
 * and the status. After every command the store must agree with it on: the status, answer_count,
 * open_slots and result of every task; every assignment's status; every submission; the project's status
 * counters; and the invariants (no helper twice on a task; live leases + answers ≤ what the task needs).
 *
 * A claim must return work exactly when the model has a candidate, and a task among the candidates of the
 * highest priority (the very task when there is one such candidate).
 *
 * A "burst" runs one operation per helper for several helpers at once (Promise.all). On SQLite the store
 * serialises transactions; on PostgreSQL they really overlap. The outcome must equal some serial order of
 * the same operations (tried over every permutation), with one allowance on PostgreSQL: claims skip rows
 * another transaction holds (FOR UPDATE SKIP LOCKED), so a concurrent claim may answer 204 or a
 * lower-priority task although a serial order would have given it the top one.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { authenticate } from '../../src/core/accounts/authenticate.ts';
import { DomainError } from '../../src/core/domain-error.ts';
import type { Principal } from '../../src/core/principal.ts';
import { claimTask } from '../../src/core/work/claim-task.ts';
import { expireLeases, heartbeatAssignment, releaseAssignment } from '../../src/core/work/release-assignment.ts';
import { submitAssignment } from '../../src/core/work/submit-assignment.ts';
import { ERROR_STATUS } from '../../src/http/error-status.ts';
import type { Store } from '../../src/store/store.ts';
import { newHelper } from '../support/helpers.ts';
import { describeEachStore, type Backend } from '../support/stores.ts';
import { openTestApp, type TestApp } from '../support/test-app.ts';
import {
  type Strategy,
  type TaskSetup,
  type MLease,
  type Model,
  isOpen,
  isLive,
  capOf,
  openSlots,
  candidates,
  topCandidates,
  applyClaim,
  applySubmit,
  applyRelease,
  applyHeartbeat,
  applyLapse,
  applySweep,
  cloneModel,
} from './support/work-model.ts';

const HELPERS = 4;
const CATEGORIES = ['positive', 'negative', 'neutral'] as const;
const LONG_AGO = '2000-01-01T00:00:00.000Z';
const NUM_RUNS: Record<Backend, number> = { sqlite: 100, postgres: 80 };

// ---------------------------------------------------------------------------------------------------------
// The real system

interface Real {
  store: Store;
  backend: Backend;
  projectId: string;
  taskIds: string[];
  helpers: { id: string; p: Principal }[];
  stats: Stats;
}

interface Stats {
  runs: number;
  commands: number;
  claims: number;
  emptyClaims: number;
  refusals: number;
  expired: number;
  completed: number;
  needsReview: number;
  bursts: number;
  /** PostgreSQL only: concurrent claims that no serial order explains, allowed by SKIP LOCKED. */
  skippedByLock: number;
}

const newStats = (): Stats => ({ runs: 0, commands: 0, claims: 0, emptyClaims: 0, refusals: 0, expired: 0, completed: 0, needsReview: 0, bursts: 0, skippedByLock: 0 });

/** Runs a core call and turns a DomainError into the HTTP status the helper would get. */
async function attempt<T>(fn: () => Promise<T>): Promise<{ status: 200; value: T } | { status: number; code: string }> {
  try {
    return { status: 200, value: await fn() };
  } catch (error) {
    if (error instanceof DomainError) return { status: ERROR_STATUS[error.code], code: error.code };
    throw error;
  }
}

type ClaimView = NonNullable<Awaited<ReturnType<typeof claimTask>>>;

async function realClaim(r: Real, helper: number, scoped: boolean): Promise<ClaimView | null> {
  const h = r.helpers[helper] as Real['helpers'][number];
  return claimTask(r.store, h.p, scoped ? { project_id: r.projectId } : {});
}

type LeaseOp = 'submit' | 'release' | 'heartbeat';

async function realLeaseOp(r: Real, op: LeaseOp, l: MLease, answer: string) {
  const h = r.helpers[l.helper] as Real['helpers'][number];
  if (op === 'submit') return attempt(() => submitAssignment(r.store, h.p, l.id, { answer, seconds_spent: 5 }).then((x) => x.assignment));
  if (op === 'release') return attempt(() => releaseAssignment(r.store, h.p, l.id));
  return attempt(() => heartbeatAssignment(r.store, h.p, l.id));
}

const lapse = (r: Real, l: MLease) => r.store.db.updateTable('assignments').set({ lease_expires_at: LONG_AGO }).where('id', '=', l.id).execute();

/**
 * Everything the store holds for the run's project, compared with the model. Returns the differences (empty
 * when they agree), so that a burst can try several serial orders before failing.
 */
async function differences(m: Model, r: Real): Promise<string[]> {
  const out: string[] = [];
  const { db } = r.store;
  const tasks = await db.selectFrom('tasks').select(['id', 'status', 'answer_count', 'open_slots', 'result']).where('project_id', '=', r.projectId).execute();
  const assignments = await db.selectFrom('assignments').select(['id', 'task_id', 'helper_id', 'status']).where('project_id', '=', r.projectId).execute();
  const submissions = await db.selectFrom('submissions').select(['task_id', 'helper_id', 'answer']).where('project_id', '=', r.projectId).execute();
  const helperIndex = new Map(r.helpers.map((h, i) => [h.id, i]));

  for (const [i, t] of m.tasks.entries()) {
    const id = r.taskIds[i] as string;
    const row = tasks.find((x) => x.id === id);
    if (!row) {
      out.push(`task ${i}: missing`);
      continue;
    }
    const live = assignments.filter((a) => a.task_id === id && a.status === 'active').length;
    if (row.status !== t.status) out.push(`task ${i}: status ${row.status}, model ${t.status}`);
    if (Number(row.answer_count) !== t.answers.length) out.push(`task ${i}: answer_count ${row.answer_count}, model ${t.answers.length}`);
    if (Number(row.open_slots) !== openSlots(m, i)) out.push(`task ${i}: open_slots ${row.open_slots}, model ${openSlots(m, i)}`);
    // SPEC §2.2: never more live leases + submissions than the task still needs.
    if (live + Number(row.answer_count) > capOf(t)) out.push(`task ${i}: ${live} live leases + ${row.answer_count} answers exceed ${capOf(t)}`);
    if (!isOpen(t) && live > 0) out.push(`task ${i}: ${row.status} but ${live} live leases`);
    const result = row.result === null ? null : (JSON.parse(row.result) as { answer: unknown }).answer;
    if (t.status === 'completed' && result !== t.result) out.push(`task ${i}: result ${JSON.stringify(result)}, model ${JSON.stringify(t.result)}`);
    if (isOpen(t) && result !== null) out.push(`task ${i}: open but has result ${JSON.stringify(result)}`);
    const got = submissions
      .filter((s) => s.task_id === id)
      .map((s) => `${helperIndex.get(s.helper_id)}:${JSON.parse(s.answer) as string}`)
      .sort();
    const want = t.answers.map((a) => `${a.helper}:${a.answer}`).sort();
    if (got.join() !== want.join()) out.push(`task ${i}: submissions [${got}], model [${want}]`);
  }

  const pairs = new Set<string>();
  for (const a of assignments) {
    const pair = `${a.task_id}/${a.helper_id}`;
    if (pairs.has(pair)) out.push(`helper ${helperIndex.get(a.helper_id)} holds two assignments on task ${r.taskIds.indexOf(a.task_id)}`);
    pairs.add(pair);
    const l = m.leases.find((x) => x.id === a.id);
    if (!l) out.push(`assignment ${a.id} (helper ${helperIndex.get(a.helper_id)}, task ${r.taskIds.indexOf(a.task_id)}) unknown to the model`);
    else if (a.status !== (l.state === 'lapsed' ? 'active' : l.state)) out.push(`lease ${m.leases.indexOf(l)}: status ${a.status}, model ${l.state}`);
  }
  if (assignments.length !== m.leases.length) out.push(`${assignments.length} assignments, model ${m.leases.length}`);

  // The project's O(1) status counters follow every move.
  const counters = await db
    .selectFrom('project_counters')
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<number>('pending'), eb.lit(0)).as('pending'),
      eb.fn.coalesce(eb.fn.sum<number>('in_progress'), eb.lit(0)).as('in_progress'),
      eb.fn.coalesce(eb.fn.sum<number>('completed'), eb.lit(0)).as('completed'),
      eb.fn.coalesce(eb.fn.sum<number>('needs_review'), eb.lit(0)).as('needs_review'),
      eb.fn.coalesce(eb.fn.sum<number>('answers'), eb.lit(0)).as('answers'),
    ])
    .where('project_id', '=', r.projectId)
    .executeTakeFirstOrThrow();
  for (const s of ['pending', 'in_progress', 'completed', 'needs_review'] as const) {
    const want = m.tasks.filter((t) => t.status === s).length;
    if (Number(counters[s]) !== want) out.push(`project counter ${s} ${counters[s]}, model ${want}`);
  }
  const answers = m.tasks.reduce((n, t) => n + t.answers.length, 0);
  if (Number(counters.answers) !== answers) out.push(`project counter answers ${counters.answers}, model ${answers}`);
  return out;
}

async function verify(m: Model, r: Real, after: string): Promise<void> {
  const diff = await differences(m, r);
  if (diff.length) throw new Error(`after ${after}, the store disagrees with the model:\n  ${diff.join('\n  ')}\nmodel: ${describeModel(m)}`);
}

function describeModel(m: Model): string {
  const tasks = m.tasks.map((t, i) => `#${i} ${t.setup.strategy}/${t.setup.overlap}/p${t.setup.priority} ${t.status} answers=[${t.answers.map((a) => `h${a.helper}:${a.answer}`)}] touched=[${t.touched}]`);
  const leases = m.leases.map((l, i) => `L${i} h${l.helper}→#${l.task} ${l.state}`);
  return `\n    ${tasks.join('\n    ')}\n    ${leases.join(', ')}`;
}

function checkClaim(m: Model, r: Real, helper: number, got: ClaimView | null): number | null {
  const top = topCandidates(m, helper);
  if (got === null) {
    expect(top, `helper ${helper} got no work although the model offers tasks ${top}${describeModel(m)}`).toEqual([]);
    return null;
  }
  const task = r.taskIds.indexOf(got.task_id);
  expect(top, `helper ${helper} got task ${task}; the model's highest-priority candidates are [${top}]${describeModel(m)}`).toContain(task);
  expect(got.status).toBe('active');
  expect(Date.parse(got.lease_expires_at)).toBeGreaterThan(Date.now() + 29 * 60_000);
  return task;
}

/** The helper's lease a command points at: `k` counts among its live leases when `live` and it has any, else among all. */
function pickLease(m: Model, helper: number, k: number, live: boolean): MLease | undefined {
  const mine = m.leases.filter((l) => l.helper === helper);
  const liveOnes = mine.filter(isLive);
  const pool = live && liveOnes.length ? liveOnes : mine;
  return pool.length ? pool[k % pool.length] : undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Commands

type Cmd = fc.AsyncCommand<Model, Real>;

class ClaimCmd implements Cmd {
  readonly helper: number;
  readonly scoped: boolean;
  constructor(helper: number, scoped: boolean) {
    this.helper = helper;
    this.scoped = scoped;
  }
  check = (m: Readonly<Model>) => this.helper < m.helpers;
  async run(m: Model, r: Real) {
    const got = await realClaim(r, this.helper, this.scoped);
    const task = checkClaim(m, r, this.helper, got);
    r.stats.claims++;
    if (task === null || got === null) r.stats.emptyClaims++;
    else applyClaim(m, this.helper, task, got.id);
    await verify(m, r, this.toString());
  }
  toString = () => `claim(h${this.helper}${this.scoped ? '' : ', any project'})`;
}

class LeaseCmd implements Cmd {
  readonly op: LeaseOp | 'lapse' | 'expire';
  readonly helper: number;
  readonly k: number;
  readonly live: boolean;
  readonly answer: string;
  constructor(op: LeaseOp | 'lapse' | 'expire', helper: number, k: number, live: boolean, answer: string) {
    this.op = op;
    this.helper = helper;
    this.k = k;
    this.live = live;
    this.answer = answer;
  }
  check = (m: Readonly<Model>) => this.helper < m.helpers && m.leases.some((l) => l.helper === this.helper);
  async run(m: Model, r: Real) {
    const l = pickLease(m, this.helper, this.k, this.live) as MLease;
    const label = `${this.toString()} on L${m.leases.indexOf(l)} (${l.state})`;
    if (this.op === 'lapse' || this.op === 'expire') {
      await lapse(r, l);
      applyLapse(l);
      if (this.op === 'expire') {
        const want = applySweep(m);
        const got = await expireLeases(r.store);
        expect(got, `${label}: expireLeases returned ${got}, the model had ${want} lapsed leases`).toBe(want);
        r.stats.expired += got;
      }
    } else {
      const want = this.op === 'submit' ? applySubmit(m, l, this.answer) : this.op === 'release' ? applyRelease(m, l) : applyHeartbeat(l);
      const got = await realLeaseOp(r, this.op, l, this.answer);
      expect(got.status, `${label}: ${JSON.stringify(got)}${describeModel(m)}`).toBe(want === 'ok' ? 200 : 409);
      if (got.status === 200 && this.op === 'heartbeat') expect(Date.parse((got as { value: { lease_expires_at: string } }).value.lease_expires_at)).toBeGreaterThan(Date.now() + 29 * 60_000);
      if (want === 'conflict') r.stats.refusals++;
    }
    await verify(m, r, label);
  }
  toString = () => `${this.op}(h${this.helper}, #${this.k}${this.live ? ' live' : ''}${this.op === 'submit' ? `, ${this.answer}` : ''})`;
}

interface BurstOp {
  helper: number;
  op: 'claim' | LeaseOp;
  k: number;
  answer: string;
}

/** One operation per helper, all at once; the outcome must be explained by some serial order. */
class BurstCmd implements Cmd {
  readonly ops: BurstOp[];
  constructor(ops: BurstOp[]) {
    this.ops = ops;
  }
  check = (m: Readonly<Model>) => this.ops.filter((o) => o.helper < m.helpers).length >= 2;
  async run(m: Model, r: Real) {
    // Resolve each lease operation against the model before anything runs; drop those with no lease.
    const ops = this.ops
      .filter((o) => o.helper < m.helpers)
      .map((o) => ({ ...o, lease: o.op === 'claim' ? undefined : pickLease(m, o.helper, o.k, true) }))
      .filter((o) => o.op === 'claim' || o.lease !== undefined);
    const observed: { claim?: ClaimView | null; status?: number }[] = await Promise.all(
      ops.map(async (o) => (o.op === 'claim' ? { claim: await realClaim(r, o.helper, true) } : { status: (await realLeaseOp(r, o.op, o.lease as MLease, o.answer)).status })),
    );
    r.stats.bursts++;

    const failures: string[] = [];
    for (const order of permutations(ops.map((_, i) => i))) {
      const trial = cloneModel(m);
      let skipped = 0;
      const why = ((): string | null => {
        for (const i of order) {
          const o = ops[i] as (typeof ops)[number];
          const seen = observed[i] as (typeof observed)[number];
          if (o.op === 'claim') {
            const got = seen.claim ?? null;
            const all = candidates(trial, o.helper);
            const top = topCandidates(trial, o.helper);
            if (got === null) {
              if (top.length === 0) continue;
              if (r.backend !== 'postgres') return `h${o.helper} claim: 204 but the model offers [${top}]`;
              skipped++;
              continue;
            }
            const task = r.taskIds.indexOf(got.task_id);
            const allowed = r.backend === 'postgres' ? all : top;
            if (!allowed.includes(task)) return `h${o.helper} claim: task ${task} not among [${allowed}]`;
            if (!top.includes(task)) skipped++;
            applyClaim(trial, o.helper, task, got.id);
          } else {
            const l = trial.leases.find((x) => x.id === o.lease?.id) as MLease;
            const want = o.op === 'submit' ? applySubmit(trial, l, o.answer) : o.op === 'release' ? applyRelease(trial, l) : applyHeartbeat(l);
            const status = seen.status ?? 0;
            if (status !== (want === 'ok' ? 200 : 409)) return `h${o.helper} ${o.op}: ${status}, model ${want}`;
          }
        }
        return null;
      })();
      if (why) {
        failures.push(`[${order}] ${why}`);
        continue;
      }
      const diff = await differences(trial, r);
      if (diff.length) {
        failures.push(`[${order}] ${diff.join('; ')}`);
        continue;
      }
      Object.assign(m, trial);
      r.stats.skippedByLock += skipped;
      r.stats.claims += ops.filter((o) => o.op === 'claim').length;
      return;
    }
    const seen = ops.map((o, i) => {
      const s = observed[i] as (typeof observed)[number];
      return `h${o.helper} ${o.op}${o.lease ? ` L${m.leases.indexOf(o.lease)}` : ''} → ${o.op === 'claim' ? (s.claim ? `task ${r.taskIds.indexOf(s.claim.task_id)}` : '204') : s.status}`;
    });
    throw new Error(`${this.toString()}: no serial order explains [${seen.join(', ')}]:\n  ${failures.join('\n  ')}\nmodel before: ${describeModel(m)}`);
  }
  toString = () => `burst(${this.ops.map((o) => `h${o.helper} ${o.op}${o.op === 'claim' ? '' : ` #${o.k}`}${o.op === 'submit' ? ` ${o.answer}` : ''}`).join(' | ')})`;
}

function* permutations(xs: number[]): Generator<number[]> {
  if (xs.length <= 1) {
    yield xs;
    return;
  }
  for (const [i, x] of xs.entries()) for (const rest of permutations([...xs.slice(0, i), ...xs.slice(i + 1)])) yield [x, ...rest];
}

const helperArb = fc.nat(HELPERS - 1);
const answerArb = fc.constantFrom(...CATEGORIES.slice(0, 2), ...CATEGORIES);
const kArb = fc.nat(7);

const claimArb = fc.tuple(helperArb, fc.boolean()).map(([h, s]) => new ClaimCmd(h, s));
const leaseArb = (op: LeaseCmd['op']) => fc.tuple(helperArb, kArb, fc.boolean(), answerArb).map(([h, k, live, a]) => new LeaseCmd(op, h, k, live, a));
const burstArb = fc
  .uniqueArray(
    fc.record({ helper: helperArb, op: fc.constantFrom<BurstOp['op']>('claim', 'claim', 'submit', 'release', 'heartbeat'), k: kArb, answer: answerArb }),
    { selector: (o) => o.helper, minLength: 2, maxLength: HELPERS },
  )
  .map((ops) => new BurstCmd(ops));

// Weighted by repetition: claims and submits move tasks forward; the rest make the interleavings hard.
const commandArbs = [claimArb, claimArb, claimArb, leaseArb('submit'), leaseArb('submit'), leaseArb('submit'), leaseArb('release'), leaseArb('heartbeat'), leaseArb('lapse'), leaseArb('expire'), burstArb, burstArb];

const setupArb = fc.record({
  helpers: fc.integer({ min: 2, max: HELPERS }),
  tasks: fc.array(
    fc.record({
      strategy: fc.constantFrom<Strategy>('majority_vote', 'any_first'),
      overlap: fc.integer({ min: 1, max: 3 }),
      priority: fc.constantFrom(25, 50, 75),
    }),
    { minLength: 1, maxLength: 4 },
  ),
});

// ---------------------------------------------------------------------------------------------------------

describeEachStore('work engine against a model', (ctx) => {
  let t: TestApp;
  let helpers: { id: string; token: string; p: Principal }[];
  const stats = newStats();

  beforeAll(async () => {
    t = await openTestApp(ctx.store);
    const first = await t.newProject(t.adminKey, { quality: { control_rate: 0 } });
    helpers = [];
    for (let i = 0; i < HELPERS; i++) {
      const h = await newHelper(t, [first.id]);
      const p = await authenticate(ctx.store, h.token);
      if (!p) throw new Error('helper session did not authenticate');
      helpers.push({ ...h, p });
    }
  });

  afterAll(() => {
    // Shows what the runs exercised, e.g. `npm test -- packages/server/test/work/model.test.ts`.
    console.info(`[${ctx.backend}] model runs: ${JSON.stringify(stats)}`);
  });

  /** A fresh project with the run's tasks; every helper may work on it (and on nothing else). */
  async function freshRun(setup: { helpers: number; tasks: TaskSetup[] }): Promise<{ model: Model; real: Real }> {
    // A run that failed (or was cut short while shrinking) may leave lapsed leases behind: sweep them now.
    await expireLeases(ctx.store);
    const project = await t.newProject(t.adminKey, { quality: { control_rate: 0 } });
    for (const h of helpers) {
      const r = await t.call('PATCH', `/v1/helpers/${h.id}`, { body: { project_ids: [project.id] } });
      if (r.status !== 200) throw new Error(`PATCH helper: ${r.status} ${r.text}`);
    }
    const body = setup.tasks.map((s, i) => ({
      project_id: project.id,
      type: 'label_text',
      input: { text: `Review ${i}: the battery lasts two days`, categories: [...CATEGORIES] },
      consensus_strategy: s.strategy,
      overlap: s.overlap,
      max_overlap: s.overlap,
      priority: s.priority,
    }));
    const created = await t.call('POST', '/v1/tasks', { body });
    if (created.status !== 201) throw new Error(`POST /v1/tasks: ${created.status} ${created.text}`);
    const taskIds = setup.tasks.map((_, i) => created.json.items[String(i)].id as string);
    stats.runs++;
    return {
      model: { helpers: setup.helpers, tasks: setup.tasks.map((s) => ({ setup: s, status: 'pending', answers: [], touched: [], result: null })), leases: [] },
      real: { store: ctx.store, backend: ctx.backend, projectId: project.id, taskIds, helpers: helpers.map((h) => ({ id: h.id, p: h.p })), stats },
    };
  }

  it('agrees with the model over random interleavings of claim, submit, release, heartbeat and expiry', async () => {
    await fc.assert(
      fc.asyncProperty(setupArb, fc.commands(commandArbs, { maxCommands: 60, size: 'max' }), async (setup, cmds) => {
        const run = await freshRun(setup);
        await verify(run.model, run.real, 'setup');
        await fc.asyncModelRun(async () => run, cmds);
        stats.commands += [...cmds].length;
        stats.completed += run.model.tasks.filter((x) => x.status === 'completed').length;
        stats.needsReview += run.model.tasks.filter((x) => x.status === 'needs_review').length;
      }),
      {
        numRuns: NUM_RUNS[ctx.backend],
        // Always run first: two helpers disagree on an overlap-2 majority vote (a tie: needs_review), and a
        // lapsed lease is refused and then swept while another helper finishes an any_first task.
        examples: [
          [
            { helpers: 2, tasks: [{ strategy: 'majority_vote', overlap: 2, priority: 50 }] },
            [new ClaimCmd(0, true), new ClaimCmd(1, true), new LeaseCmd('submit', 0, 0, true, 'positive'), new LeaseCmd('submit', 1, 0, true, 'negative')],
          ],
          [
            { helpers: 2, tasks: [{ strategy: 'any_first', overlap: 3, priority: 75 }] },
            [
              new ClaimCmd(0, true),
              new ClaimCmd(1, true),
              new LeaseCmd('lapse', 0, 0, true, ''),
              new LeaseCmd('submit', 0, 0, true, 'neutral'),
              new LeaseCmd('expire', 0, 0, false, ''),
              new ClaimCmd(1, false),
              new LeaseCmd('submit', 1, 0, true, 'neutral'),
              new LeaseCmd('release', 1, 0, false, ''),
            ],
          ],
        ],
      },
    );
    // The generators must reach the interesting states, or the property proves little.
    expect(stats.claims).toBeGreaterThan(0);
    expect(stats.claims - stats.emptyClaims).toBeGreaterThan(0);
    expect(stats.completed).toBeGreaterThan(0);
    expect(stats.needsReview).toBeGreaterThan(0);
    expect(stats.refusals).toBeGreaterThan(0);
    expect(stats.expired).toBeGreaterThan(0);
    expect(stats.bursts).toBeGreaterThan(0);
  });
});
