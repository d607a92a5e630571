import type { TaskType } from '@minga/api-contracts';
import type { Capabilities } from '../../store/capabilities.ts';
import type { Tx } from '../../store/store.ts';
import { decideResult } from '../consensus/decide-result.ts';
import { appendEvents } from '../events/append-events.ts';
import { skillOf } from '../helpers/skill-level.ts';
import { nowIso } from '../ids.ts';
import { moveStatus } from '../projects/move-status.ts';
import { shardFor } from '../projects/project-counters.ts';
import type { TaskRow, TaskSpec } from '../tasks/task-view.ts';
import { answerClasses } from './answer-classes.ts';

/**
 * Runs consensus over the current round's answers and applies the decision to the task, in the caller's
 * transaction. The task row is updated only while it is still open (`status` in the WHERE clause), so a
 * result is decided exactly once even when two submissions race.
 */
export async function decideTask(tx: Tx, caps: Capabilities, task: TaskRow): Promise<void> {
  const spec = JSON.parse(task.spec) as TaskSpec;
  const subs = await tx
    .selectFrom('submissions as s')
    .innerJoin('users as u', 'u.id', 's.helper_id')
    .leftJoin('skills as k', (join) => join.onRef('k.helper_id', '=', 's.helper_id').onRef('k.project_id', '=', 's.project_id'))
    .select(['s.helper_id', 's.answer', 'u.super_user', 'k.answers', 'k.control_answers', 'k.control_score'])
    .where('s.task_id', '=', task.id)
    .where('s.round', '=', task.round)
    .orderBy('s.submitted_at')
    .orderBy('s.id')
    .execute();
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
        ...(skill.accuracy === null ? {} : { accuracy: skill.accuracy }),
      };
    }),
  );

  const now = nowIso();
  if (decision.kind === 'open') {
    const live = await tx
      .selectFrom('assignments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('task_id', '=', task.id)
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    await tx
      .updateTable('tasks')
      .set({ open_slots: Math.max(0, decision.wanted - Number(live.n)), updated_at: now })
      .where('id', '=', task.id)
      .where('status', 'in', ['pending', 'in_progress'])
      .execute();
    return;
  }

  const status = decision.kind === 'completed' ? 'completed' : 'needs_review';
  const result = decision.result;
  const done = await tx
    .updateTable('tasks')
    .set({
      status,
      result: result === null ? null : JSON.stringify(result),
      open_slots: 0,
      review_status: status === 'needs_review' ? 'pending' : null,
      completed_at: status === 'completed' ? now : null,
      updated_at: now,
    })
    .where('id', '=', task.id)
    .where('status', 'in', ['pending', 'in_progress'])
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) !== 1) return;
  await appendEvents(tx, caps, [
    {
      accountId: task.account_id,
      type: status === 'completed' ? 'task.completed' : 'task.needs_review',
      taskId: task.id,
      projectId: task.project_id,
      data: { status, result, ...(decision.kind === 'needs_review' ? { reason: decision.reason } : {}) },
    },
  ]);
  // The project-wide counter rows come last: their locks are then held for as short a time as possible.
  const agreement: Record<string, number> = result ? { agreement_sum: result.agreement, agreement_count: 1 } : {};
  if (task.test === 0) {
    await moveStatus(tx, task.project_id, task.status, status, agreement);
    if (status === 'completed') await bumpHourly(tx, task.project_id, { completed: 1 });
  }
}

/** Per-hour throughput counters for project stats, on the transaction's counter shard. */
export async function bumpHourly(tx: Tx, projectId: string, delta: { completed?: number; answers?: number }): Promise<void> {
  const hour = nowIso().slice(0, 13);
  await tx
    .insertInto('project_hourly_shards')
    .values({ project_id: projectId, hour, shard: shardFor(tx), completed: delta.completed ?? 0, answers: delta.answers ?? 0 })
    .onConflict((oc) =>
      oc.columns(['project_id', 'hour', 'shard']).doUpdateSet((eb) => ({
        completed: eb('project_hourly_shards.completed', '+', eb.ref('excluded.completed')),
        answers: eb('project_hourly_shards.answers', '+', eb.ref('excluded.answers')),
      })),
    )
    .execute();
}
