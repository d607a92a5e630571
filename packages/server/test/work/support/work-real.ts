/** The real work engine as model.test.ts drives it: core calls with real principals, and store read-backs. */
import { expect } from 'vitest';
import { DomainError } from '../../../src/core/domain-error.ts';
import type { Principal } from '../../../src/core/principal.ts';
import { claimTask } from '../../../src/core/work/claim-task.ts';
import { heartbeatAssignment, releaseAssignment } from '../../../src/core/work/release-assignment.ts';
import { submitAssignment } from '../../../src/core/work/submit-assignment.ts';
import { ERROR_STATUS } from '../../../src/http/error-status.ts';
import type { Store } from '../../../src/store/store.ts';
import { type Backend } from '../../support/stores.ts';
import {
  type MLease,
  type Model,
  isOpen,
  isLive,
  capOf,
  openSlots,
  topCandidates,
} from './work-model.ts';


export const LONG_AGO = '2000-01-01T00:00:00.000Z';

export interface Real {
  store: Store;
  backend: Backend;
  projectId: string;
  taskIds: string[];
  helpers: { id: string; p: Principal }[];
  stats: Stats;
}

export interface Stats {
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

export const newStats = (): Stats => ({ runs: 0, commands: 0, claims: 0, emptyClaims: 0, refusals: 0, expired: 0, completed: 0, needsReview: 0, bursts: 0, skippedByLock: 0 });

/** Runs a core call and turns a DomainError into the HTTP status the helper would get. */
export async function attempt<T>(fn: () => Promise<T>): Promise<{ status: 200; value: T } | { status: number; code: string }> {
  try {
    return { status: 200, value: await fn() };
  } catch (error) {
    if (error instanceof DomainError) return { status: ERROR_STATUS[error.code], code: error.code };
    throw error;
  }
}

export type ClaimView = NonNullable<Awaited<ReturnType<typeof claimTask>>>;

export async function realClaim(r: Real, helper: number, scoped: boolean): Promise<ClaimView | null> {
  const h = r.helpers[helper] as Real['helpers'][number];
  return claimTask(r.store, h.p, scoped ? { project_id: r.projectId } : {});
}

export type LeaseOp = 'submit' | 'release' | 'heartbeat';

export async function realLeaseOp(r: Real, op: LeaseOp, l: MLease, answer: string) {
  const h = r.helpers[l.helper] as Real['helpers'][number];
  if (op === 'submit') return attempt(() => submitAssignment(r.store, h.p, l.id, { answer, seconds_spent: 5 }).then((x) => x.assignment));
  if (op === 'release') return attempt(() => releaseAssignment(r.store, h.p, l.id));
  return attempt(() => heartbeatAssignment(r.store, h.p, l.id));
}

export const lapse = (r: Real, l: MLease) => r.store.db.updateTable('assignments').set({ lease_expires_at: LONG_AGO }).where('id', '=', l.id).execute();

/**
 * Everything the store holds for the run's project, compared with the model. Returns the differences (empty
 * when they agree), so that a burst can try several serial orders before failing.
 */
export async function differences(m: Model, r: Real): Promise<string[]> {
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

export async function verify(m: Model, r: Real, after: string): Promise<void> {
  const diff = await differences(m, r);
  if (diff.length) throw new Error(`after ${after}, the store disagrees with the model:\n  ${diff.join('\n  ')}\nmodel: ${describeModel(m)}`);
}

export function describeModel(m: Model): string {
  const tasks = m.tasks.map((t, i) => `#${i} ${t.setup.strategy}/${t.setup.overlap}/p${t.setup.priority} ${t.status} answers=[${t.answers.map((a) => `h${a.helper}:${a.answer}`)}] touched=[${t.touched}]`);
  const leases = m.leases.map((l, i) => `L${i} h${l.helper}→#${l.task} ${l.state}`);
  return `\n    ${tasks.join('\n    ')}\n    ${leases.join(', ')}`;
}

export function checkClaim(m: Model, r: Real, helper: number, got: ClaimView | null): number | null {
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
export function pickLease(m: Model, helper: number, k: number, live: boolean): MLease | undefined {
  const mine = m.leases.filter((l) => l.helper === helper);
  const liveOnes = mine.filter(isLive);
  const pool = live && liveOnes.length ? liveOnes : mine;
  return pool.length ? pool[k % pool.length] : undefined;
}

