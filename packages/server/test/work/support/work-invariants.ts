import type { Db } from '../../../src/store/store.ts';
import { sleep } from '../../crash/http.ts';
import { must, type WorkApi } from './work-api.ts';
import type { Ack } from './work-load.ts';

/** At most this many lines per kind of violation, so a broken run still gives a readable failure. */
const SAMPLE = 5;

export interface WorkCheck {
  /** Every broken rule, `kind: detail`; empty when the store holds up. */
  violations: string[];
  tasks: number;
  byStatus: Record<string, number>;
  submissions: number;
  activeLeases: number;
}

class Violations {
  readonly lines: string[] = [];
  readonly #count = new Map<string, number>();
  add(kind: string, detail: string): void {
    const n = (this.#count.get(kind) ?? 0) + 1;
    this.#count.set(kind, n);
    if (n <= SAMPLE) this.lines.push(`${kind}: ${detail}`);
    else if (n === SAMPLE + 1) this.lines.push(`${kind}: … and more`);
  }
}

const plurality = (answers: string[]): { answer: string; count: number; unique: boolean } => {
  const counts = new Map<string, number>();
  for (const a of answers) counts.set(a, (counts.get(a) ?? 0) + 1);
  const sorted = [...counts.entries()].sort((x, y) => y[1] - x[1]);
  const [top, second] = sorted;
  return { answer: top?.[0] ?? '', count: top?.[1] ?? 0, unique: !second || second[1] < (top?.[1] ?? 0) };
};

/**
 * Reads a project's tasks, leases and submissions straight from the store and checks SPEC §2.2 for
 * majority_vote tasks with max_overlap = overlap (what createWorkProject makes):
 * - no (task, helper) pair among submissions twice;
 * - every acknowledged submit is a submission, with its task, helper and answer;
 * - a task's answer_count is the number of its submissions in the current round;
 * - live leases + answers never exceed what a task needs; an open task's free slots + live leases + answers
 *   are exactly its overlap (an expired lease went back to the pool, none leaked);
 * - a decided task holds no lease; a completed one has a result, and its status matches its answers
 *   (three different answers are a tie → needs_review, else completed with the plurality answer).
 * With `finished`: every task is decided with exactly `overlap` answers and no lease is live.
 */
export async function checkWork(db: Db, projectId: string, acks: readonly Ack[], options: { finished: boolean }): Promise<WorkCheck> {
  const v = new Violations();
  const tasks = await db.selectFrom('tasks').select(['id', 'status', 'answer_count', 'round', 'open_slots', 'result', 'spec']).where('project_id', '=', projectId).execute();
  const subs = await db.selectFrom('submissions').select(['id', 'task_id', 'helper_id', 'round', 'answer']).where('project_id', '=', projectId).execute();
  const active = await db
    .selectFrom('assignments')
    .select(['task_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('project_id', '=', projectId)
    .where('status', '=', 'active')
    .groupBy('task_id')
    .execute();
  const activeOf = new Map(active.map((a) => [a.task_id, Number(a.n)]));

  const pairs = new Set<string>();
  const subById = new Map<string, (typeof subs)[number]>();
  const subsOf = new Map<string, (typeof subs)[number][]>();
  for (const s of subs) {
    const pair = `${s.task_id}|${s.helper_id}`;
    if (pairs.has(pair)) v.add('helper answered a task twice', pair);
    pairs.add(pair);
    subById.set(s.id, s);
    subsOf.set(s.task_id, [...(subsOf.get(s.task_id) ?? []), s]);
  }

  for (const ack of acks) {
    const s = subById.get(ack.assignmentId);
    if (!s) v.add('acknowledged submission lost', `${ack.assignmentId} (task ${ack.taskId})`);
    else if (s.task_id !== ack.taskId || s.helper_id !== ack.helperId || JSON.parse(s.answer) !== ack.answer) {
      v.add('acknowledged submission changed', `${ack.assignmentId}: ${JSON.stringify(s)} vs ${JSON.stringify(ack)}`);
    }
  }

  const byStatus: Record<string, number> = {};
  let answerSum = 0;
  for (const t of tasks) {
    byStatus[t.status] = (byStatus[t.status] ?? 0) + 1;
    answerSum += t.answer_count;
    const { overlap, max_overlap: maxOverlap } = JSON.parse(t.spec) as { overlap: number; max_overlap: number };
    const round = (subsOf.get(t.id) ?? []).filter((s) => s.round === t.round);
    const live = activeOf.get(t.id) ?? 0;
    if (round.length !== t.answer_count) v.add('answer_count differs from submissions', `${t.id}: ${t.answer_count} vs ${round.length}`);
    if (live + t.answer_count > maxOverlap) v.add('more leases + answers than needed', `${t.id}: ${live} live + ${t.answer_count} answers > ${maxOverlap}`);
    const open = t.status === 'pending' || t.status === 'in_progress';
    if (open && maxOverlap === overlap && t.open_slots + live + t.answer_count !== overlap) {
      v.add('slots leaked or doubled', `${t.id}: ${t.open_slots} free + ${live} live + ${t.answer_count} answers ≠ ${overlap}`);
    }
    if (!open && (live > 0 || t.open_slots > 0)) v.add('decided task still leased', `${t.id} ${t.status}: ${live} live, ${t.open_slots} free`);
    if (t.status === 'completed' && t.result === null) v.add('completed without a result', t.id);
    if (!open && round.length === overlap) {
      const vote = plurality(round.map((s) => JSON.parse(s.answer) as string));
      const want = vote.unique ? 'completed' : 'needs_review';
      if (t.status !== want) v.add('decision does not match the answers', `${t.id}: ${t.status}, answers ${round.map((s) => s.answer).join(',')}`);
      if (t.status === 'completed' && t.result !== null && (JSON.parse(t.result) as { answer: unknown }).answer !== vote.answer) {
        v.add('result is not the plurality answer', `${t.id}: ${t.result}`);
      }
    }
    if (options.finished) {
      if (open) v.add('task not finished', `${t.id} ${t.status} with ${t.answer_count} answers`);
      else if (t.answer_count !== overlap) v.add('decided with the wrong number of answers', `${t.id}: ${t.answer_count}`);
    }
  }
  const activeLeases = active.reduce((n, a) => n + Number(a.n), 0);
  if (answerSum !== subs.length) v.add('submissions ≠ sum of answer_count', `${subs.length} vs ${answerSum}`);
  if (options.finished && activeLeases > 0) v.add('leases still live after the work finished', String(activeLeases));
  return { violations: v.lines, tasks: tasks.length, byStatus, submissions: subs.length, activeLeases };
}

/**
 * What the API says about the same project: the stats counters equal the tasks' real statuses and the
 * submissions, and the event feed reports each task decided at most once (exactly once when `finished`).
 */
export async function checkStatsAndEvents(api: WorkApi, projectId: string, work: WorkCheck, options: { finished: boolean }): Promise<string[]> {
  const v = new Violations();
  const stats = (await must(api, 'GET', `/v1/projects/${projectId}/stats`)).json;
  if (stats.tasks.total !== work.tasks) v.add('stats total', `${stats.tasks.total} vs ${work.tasks} tasks`);
  for (const status of ['pending', 'in_progress', 'completed', 'needs_review', 'canceled', 'error']) {
    if ((stats.tasks[status] ?? 0) !== (work.byStatus[status] ?? 0)) v.add('stats status count', `${status}: ${stats.tasks[status]} vs ${work.byStatus[status] ?? 0}`);
  }
  if (stats.answers !== work.submissions) v.add('stats answers', `${stats.answers} vs ${work.submissions} submissions`);

  for (const type of ['task.completed', 'task.needs_review'] as const) {
    const decided = work.byStatus[type === 'task.completed' ? 'completed' : 'needs_review'] ?? 0;
    // On PostgreSQL the feed shows an event only once every older transaction has ended, and the horizon
    // is cluster-wide: another test's transaction may hold it back for a moment. Wait that out (bounded).
    const deadline = Date.now() + 15_000;
    let seen = await decisionEvents(api, projectId, type);
    while (options.finished && seen.size < decided && Date.now() < deadline) {
      await sleep(200);
      seen = await decisionEvents(api, projectId, type);
    }
    for (const [taskId, n] of seen) if (n > 1) v.add(`${type} more than once`, `${taskId}: ${n}`);
    if (options.finished && seen.size !== decided) v.add(`${type} events`, `${seen.size} tasks have one, ${decided} tasks are ${type.slice(5)}`);
  }
  return v.lines;
}

/** How many events of `type` the feed holds per task of the project, reading it from the start. */
async function decisionEvents(api: WorkApi, projectId: string, type: string): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  let after: string | null = null;
  for (let page = 0; page < 1_000; page++) {
    const r = await must(api, 'GET', `/v1/events?type=${type}&limit=1000${after ? `&after=${after}` : ''}`);
    for (const e of r.json.data as { project_id: string; task_id: string }[]) {
      if (e.project_id === projectId) seen.set(e.task_id, (seen.get(e.task_id) ?? 0) + 1);
    }
    if (!r.json.has_more) break;
    after = r.json.next_cursor as string;
  }
  return seen;
}
