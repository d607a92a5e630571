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
import type { Principal } from '../../src/core/principal.ts';
import { expireLeases } from '../../src/core/work/release-assignment.ts';
import { newHelper } from '../support/helpers.ts';
import { describeEachStore, type Backend } from '../support/stores.ts';
import { openTestApp, type TestApp } from '../support/test-app.ts';
import {
  type Strategy,
  type TaskSetup,
  type MLease,
  type Model,
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

import {
  type Real,
  newStats,
  type ClaimView,
  realClaim,
  type LeaseOp,
  realLeaseOp,
  lapse,
  differences,
  verify,
  describeModel,
  checkClaim,
  pickLease,
} from './support/work-real.ts';


const HELPERS = 4;
const CATEGORIES = ['positive', 'negative', 'neutral'] as const;
const NUM_RUNS: Record<Backend, number> = { sqlite: 100, postgres: 80 };

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
