import type { TaskType } from '@minga/api-contracts';
import type { Capabilities } from '../../store/capabilities.ts';
import { runSql } from '../../store/queries/run-sql.ts';
import type { Statement } from '../../store/queries/run-sql-batch.ts';
import type { Tx } from '../../store/store.ts';
import { decideResult } from '../consensus/decide-result.ts';
import { toCredits } from '../credits/credit-amounts.ts';
import { costOfSettling, settleTaskCredits } from '../credits/settle-task-credits.ts';
import type { NewEvent } from '../events/append-events.ts';
import { skillOf } from '../helpers/skill-level.ts';
import { nowIso } from '../ids.ts';
import type { CounterDelta } from '../projects/project-counters.ts';
import type { TaskRow, TaskSpec } from '../tasks/task-view.ts';
import { answerClasses } from './answer-classes.ts';

/** What a decision writes, for the caller to write together with its own changes (one batch on PostgreSQL). */
export interface DecisionEffects {
  /**
   * The task row's update. It is conditional on the task being still open, and the caller holds the row's lock
   * from counting the answer under it, so it changes the row; a caller that finds otherwise must throw.
   */
  update: Statement;
  events: NewEvent[];
  counters: CounterDelta;
  /** Tasks completed, for the hourly throughput. */
  completed: number;
}

/** One answer of a task's round as consensus reads it: with its helper's super-user flag and skill. */
export interface RoundAnswer {
  helper_id: string;
  answer: string;
  super_user: number;
  answers: number | null;
  control_answers: number | null;
  control_score: number | null;
  estimated_accuracy: number | null;
}

/**
 * The answers of a task's round (parameters: task id, round), with what RoundAnswer needs of each and, to
 * order them by, `submitted_at` and `id`; unordered.
 */
export const ROUND_ANSWERS = `select s.submitted_at, s.id, s.helper_id, s.answer, u.super_user, k.answers, k.control_answers, k.control_score, k.estimated_accuracy from submissions s
     join users u on u.id = s.helper_id
     left join skills k on k.helper_id = s.helper_id and k.project_id = s.project_id
     where s.task_id = ? and s.round = ?`;

/**
 * Runs consensus over the current round's answers, in the caller's transaction, and returns the decision's
 * writes: the task row's update, and the event and project counters it implies, so that a submit writes each
 * of those tables once. The row is updated only while the task is still open (`status` in the WHERE clause),
 * so a result is decided exactly once even when two submissions race. A completed task's credits are settled
 * here. `answers`, when given, are the round's answers in the order they came (see submitAssignment); else
 * they are read here.
 */
export async function decideTask(tx: Tx, caps: Capabilities, task: TaskRow, credits: boolean, answers?: RoundAnswer[]): Promise<DecisionEffects> {
  const spec = JSON.parse(task.spec) as TaskSpec;
  const subs = answers ?? (await runSql<RoundAnswer>(tx, caps, `${ROUND_ANSWERS} order by s.submitted_at, s.id`, [task.id, task.round])).rows;
  const decision = decideResult(
    {
      type: task.type as TaskType,
      consensus_strategy: spec.consensus_strategy,
      overlap: spec.overlap,
      max_overlap: spec.max_overlap,
      quorum: spec.quorum,
      min_confidence: spec.min_confidence,
      super_user_override: spec.super_user_override,
      baseline_solutions: spec.baseline_solutions,
      classes: answerClasses(task.type as TaskType, spec.input, spec.answers),
    },
    subs.map((s) => {
      const skill = skillOf(s.control_answers === null ? undefined : { answers: s.answers ?? 0, control_answers: s.control_answers, control_score: s.control_score ?? 0 });
      return {
        helperId: s.helper_id,
        answer: JSON.parse(s.answer) as unknown,
        superUser: s.super_user === 1,
        // Measured on control tasks first; else as estimated by offline aggregation; else the model's default.
        ...(skill.accuracy !== null ? { accuracy: skill.accuracy } : s.estimated_accuracy !== null ? { accuracy: s.estimated_accuracy } : {}),
      };
    }),
  );

  const now = nowIso();
  if (decision.kind === 'open') {
    // More answers wanted: as many open slots as the answers still missing beyond the live leases.
    const update = {
      text: `update tasks set open_slots = (select case when count(*) < ? then ? - count(*) else 0 end from assignments where task_id = ? and status = 'active'), updated_at = ?
        where id = ? and status in ('pending', 'in_progress')`,
      params: [decision.wanted, decision.wanted, task.id, now, task.id],
    };
    return { update, events: [], counters: {}, completed: 0 };
  }

  const status = decision.kind === 'completed' ? 'completed' : 'needs_review';
  const result = decision.result;
  // A completed task pays every answer of its round; one waiting in review pays when the requester accepts.
  const cost = status === 'completed' ? costOfSettling(task, spec, subs.length) : { work: 0, fee: 0 };
  const update = {
    text: "update tasks set status = ?, result = ?, open_slots = 0, review_status = ?, completed_at = ?, updated_at = ?, credits_used = credits_used + ? where id = ? and status in ('pending', 'in_progress')",
    params: [status, result === null ? null : JSON.stringify(result), status === 'needs_review' ? 'pending' : null, status === 'completed' ? now : null, now, toCredits(cost.work + cost.fee), task.id],
  };
  if (credits && status === 'completed') await settleTaskCredits(tx, caps, task, spec, subs.map((s) => s.helper_id));
  const event: NewEvent = {
    accountId: task.account_id,
    type: status === 'completed' ? 'task.completed' : 'task.needs_review',
    taskId: task.id,
    projectId: task.project_id,
    data: { status, result, ...(decision.kind === 'needs_review' ? { reason: decision.reason } : {}) },
  };
  if (task.test !== 0) return { update, events: [event], counters: {}, completed: 0 };
  return {
    update,
    events: [event],
    counters: { [task.status]: -1, [status]: 1, ...(result ? { agreement_sum: result.agreement, agreement_count: 1 } : {}) },
    completed: status === 'completed' ? 1 : 0,
  };
}

/** Per-hour throughput counters for project stats, on the transaction's counter shard, as one write of a batch. */
export function bumpHourlyStatement(caps: Capabilities, projectId: string, delta: { completed?: number; answers?: number }): Statement {
  return { text: bumpHourlyText(caps), params: [projectId, nowIso().slice(0, 13), delta.completed ?? 0, delta.answers ?? 0] };
}

const hourlyTexts = new Map<string, string>();
function bumpHourlyText(caps: Capabilities): string {
  let text = hourlyTexts.get(caps.dialect);
  if (text === undefined) {
    text = `insert into project_hourly_shards (project_id, hour, shard, completed, answers) values (?, ?, ${caps.counterShardSql}, ?, ?)
  on conflict (project_id, hour, shard) do update set completed = project_hourly_shards.completed + excluded.completed,
  answers = project_hourly_shards.answers + excluded.answers`;
    hourlyTexts.set(caps.dialect, text);
  }
  return text;
}
