import type { Capabilities } from '../../store/capabilities.ts';
import { insertRows } from '../../store/queries/insert-rows.ts';
import type { Tx } from '../../store/store.ts';
import { toCredits, reservationFor } from '../credits/credit-amounts.ts';
import { reserveCredits } from '../credits/reserve-credits.ts';
import { appendEvents } from '../events/append-events.ts';
import { newId, nowIso } from '../ids.ts';
import { bumpCounters } from '../projects/project-counters.ts';
import type { ItemError, PreparedItem } from './prepare-task-items.ts';
import { newTaskRow } from './new-task-row.ts';
import { answerTestTasks, writeTestAnswers } from './answer-test-tasks.ts';
import { taskJson, type TaskRow } from './task-view.ts';

export interface InsertOutcome {
  /** Each created task as JSON text, by the index of its item in the request. */
  created: Map<number, string>;
  conflicts: Map<number, ItemError>;
}

const TASK_COLUMNS = [
  'id', 'account_id', 'project_id', 'test', 'type', 'status', 'priority', 'unique_id', 'review_status', 'answer_count',
  'times_redone', 'created_at', 'updated_at', 'completed_at', 'callback_succeeded', 'credits_used', 'spec', 'metadata', 'tags', 'result',
  'open_slots', 'is_control', 'min_skill_level', 'restricted', 'round', 'callback_url',
] as const;
const CREATED_DATA = { status: 'pending' };

export interface InsertScope {
  accountId: string;
  test: number;
  /** MINGA_CREDITS: live tasks reserve their cost from the account's available credits. */
  credits: boolean;
  /** When credits run short: refuse the whole request (402), or create the items that fit and report the others. */
  onShortage: 'refuse' | 'skip';
}

/** Tasks ready to write: their rows and their JSON built ahead of the transaction that writes them. */
export interface TaskPlan {
  readonly now: string;
  readonly items: PreparedItem[];
  /** One per item, in the items' order. */
  readonly rows: TaskRow[];
  /** Each row as the API shows it, in the same order; null in test mode, whose rows change once answered. */
  readonly json: string[] | null;
}

/**
 * Builds the rows and their JSON for prepared items. Pure: it runs before the transaction, so that a store
 * whose writers take turns (SQLite) holds its write lock only for the writing.
 */
export function planTasks(scope: Pick<InsertScope, 'accountId' | 'test'>, items: PreparedItem[]): TaskPlan {
  const now = nowIso();
  const rows = items.map((item) => newTaskRow(item.task, { id: newId(), accountId: scope.accountId, projectId: item.projectId, test: scope.test, now }));
  return { now, items, rows, json: scope.test === 1 ? null : rows.map(taskJson) };
}

/**
 * Writes planned tasks, their tags, `task.created` events and project counters in the caller's
 * transaction. Items whose `unique_id` already exists are not written and come back as conflicts; with
 * credits on, so do items the account's credits cannot cover when the caller skips invalid items.
 */
export async function insertTasks(tx: Tx, caps: Capabilities, scope: InsertScope, plan: TaskPlan): Promise<InsertOutcome> {
  const conflicts = await findUniqueIdConflicts(tx, scope, plan.items);
  if (scope.credits && scope.test === 0) await reserveForItems(tx, caps, scope, plan, conflicts);
  const kept: number[] = [];
  const rows: TaskRow[] = [];
  const tags: { account_id: string; tag: string; task_id: string }[] = [];
  const rules: { task_id: string; helper_id: string; rule: string }[] = [];
  const perProject = new Map<string, number>();

  plan.items.forEach((item, i) => {
    if (conflicts.has(item.index)) return;
    const row = plan.rows[i] as TaskRow;
    const t = item.task;
    rows.push(row);
    kept.push(i);
    for (const tag of t.tags) tags.push({ account_id: scope.accountId, tag, task_id: row.id });
    for (const helper of t.reserved_for) rules.push({ task_id: row.id, helper_id: helper, rule: 'reserved' });
    for (const helper of t.unavailable_for) rules.push({ task_id: row.id, helper_id: helper, rule: 'unavailable' });
    perProject.set(item.projectId, (perProject.get(item.projectId) ?? 0) + 1);
  });

  const simulated = scope.test === 1 ? answerTestTasks(rows, plan.now) : null;
  const created = new Map(kept.map((i) => [(plan.items[i] as PreparedItem).index, plan.json?.[i] ?? taskJson(plan.rows[i] as TaskRow)]));
  await insertRows(tx, caps, 'tasks', TASK_COLUMNS, rows);
  if (simulated) await writeTestAnswers(tx, caps, simulated);
  await insertRows(tx, caps, 'task_tags', ['account_id', 'tag', 'task_id'], tags);
  await insertRows(tx, caps, 'task_helper_rules', ['task_id', 'helper_id', 'rule'], rules);
  // Project stats count live work only; test-mode tasks stay out of them.
  if (scope.test === 0) for (const [projectId, n] of perProject) await bumpCounters(tx, caps, projectId, { total: n, pending: n });
  await appendEvents(tx, caps, [
    ...rows.map((r) => ({ accountId: scope.accountId, type: 'task.created', taskId: r.id, projectId: r.project_id, data: CREATED_DATA })),
    ...(simulated?.events ?? []),
  ]);
  return { created, conflicts };
}

/** Reserves each item's cost; the items that do not fit join `conflicts` (or the whole request fails with 402). */
async function reserveForItems(tx: Tx, caps: Capabilities, scope: InsertScope, plan: TaskPlan, conflicts: Map<number, ItemError>): Promise<void> {
  const wanted = plan.items.flatMap((item, i) =>
    conflicts.has(item.index) ? [] : [{ index: item.index, taskId: (plan.rows[i] as TaskRow).id, amount: reservationFor(item.task) }],
  );
  const refused = await reserveCredits(tx, caps, scope.accountId, wanted, scope.onShortage === 'skip' ? 'fit' : 'all');
  for (const w of wanted) {
    if (!refused.has(w.taskId)) continue;
    conflicts.set(w.index, { code: 'insufficient_credits', message: `this task needs ${toCredits(w.amount)} credits and the account has too few left`, details: { needed: toCredits(w.amount) } });
  }
}

async function findUniqueIdConflicts(
  tx: Tx,
  scope: { accountId: string; test: number },
  items: PreparedItem[],
): Promise<Map<number, ItemError>> {
  const conflicts = new Map<number, ItemError>();
  const byUniqueId = new Map<string, number>();
  for (const item of items) if (item.task.unique_id !== null) byUniqueId.set(item.task.unique_id, item.index);
  const wanted = [...byUniqueId.keys()];
  for (let i = 0; i < wanted.length; i += 1000) {
    const existing = await tx
      .selectFrom('tasks')
      .select(['id', 'unique_id'])
      .where('account_id', '=', scope.accountId)
      .where('test', '=', scope.test)
      .where('unique_id', 'in', wanted.slice(i, i + 1000))
      .execute();
    for (const row of existing) {
      const index = byUniqueId.get(row.unique_id as string) as number;
      conflicts.set(index, {
        code: 'conflict',
        message: `a task with unique_id ${row.unique_id} already exists`,
        details: { unique_id: row.unique_id, existing_task_id: row.id },
      });
    }
  }
  return conflicts;
}
