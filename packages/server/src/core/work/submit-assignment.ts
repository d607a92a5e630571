import { answerSchemaFor, ProjectQuality, zodIssues, type TaskType } from '@minga/api-contracts';
import type { Store } from '../../store/store.ts';
import { DomainError } from '../domain-error.ts';
import { appendEvents } from '../events/append-events.ts';
import { nowIso } from '../ids.ts';
import { bumpCounters } from '../projects/project-counters.ts';
import type { Principal } from '../principal.ts';
import type { TaskSpec } from '../tasks/task-view.ts';
import { assignmentView, type AssignmentView } from './assignment-view.ts';
import { bumpHourly, decideTask } from './decide-task.ts';
import { findOwnAssignment } from './release-assignment.ts';
import { addToSkills, applyQualityRules, correctnessOf, type ControlFeedback } from './score-control-answer.ts';

/**
 * Records a helper's answer. Fenced: only the live lease the helper holds may submit, so an answer on an
 * expired or already-finished lease is refused and cannot be counted twice. The answer must fit the task
 * type; a control answer scores the helper and never becomes a result; any other answer may decide the task.
 */
export async function submitAssignment(
  store: Store,
  p: Principal,
  id: string,
  input: { answer: unknown; seconds_spent: number },
): Promise<{ assignment: AssignmentView; feedback: ControlFeedback | null }> {
  return store.transaction(async (tx) => {
    const a = await findOwnAssignment(tx, p, id);
    const now = nowIso();
    if (a.status !== 'active') throw new DomainError('conflict', `this assignment is already ${a.status}`, { status: a.status });
    if (a.lease_expires_at <= now) throw new DomainError('conflict', 'this lease has expired; the task went back to the pool', { status: 'expired' });

    const task = await tx.selectFrom('tasks').selectAll().where('id', '=', a.task_id).executeTakeFirstOrThrow();
    const spec = JSON.parse(task.spec) as TaskSpec;
    const checked = answerSchemaFor(task.type as TaskType, spec.input, spec.answers ?? undefined).safeParse(input.answer);
    if (!checked.success) {
      const details = zodIssues(checked.error, 'answer');
      throw new DomainError('validation_error', `answer: ${details[0]?.message ?? 'does not fit the task type'}`, details.map((d) => ({ ...d, field: d.field.replace(/^answer\(body\)$/, 'answer') })));
    }

    const fenced = await tx
      .updateTable('assignments')
      .set({ status: 'submitted', finished_at: now })
      .where('id', '=', a.id)
      .where('status', '=', 'active')
      .where('lease_expires_at', '>', now)
      .executeTakeFirst();
    if (Number(fenced.numUpdatedRows) !== 1) throw new DomainError('conflict', 'this lease is no longer active', { status: 'expired' });

    const control = a.is_control === 1 ? correctnessOf(task.type, spec, checked.data) : null;
    await tx
      .insertInto('submissions')
      .values({
        id: a.id,
        account_id: a.account_id,
        project_id: a.project_id,
        task_id: a.task_id,
        helper_id: a.helper_id,
        round: a.round,
        is_control: a.is_control,
        answer: JSON.stringify(checked.data),
        seconds_spent: input.seconds_spent,
        submitted_at: now,
        correctness: control?.score ?? null,
      })
      .execute();
    const { quality } = await tx.selectFrom('projects').select('quality').where('id', '=', a.project_id).executeTakeFirstOrThrow();
    const rules = ProjectQuality.parse(JSON.parse(quality));
    const minSeconds = rules.min_seconds_per_task;
    await addToSkills(tx, a.helper_id, a.project_id, {
      seconds: input.seconds_spent,
      ...(control ? { control: control.score } : {}),
      fast: minSeconds !== null && input.seconds_spent < minSeconds,
    });

    // Whether the answer counts is judged on the row as it is now, under its lock: `task` was read before
    // the lock, and on PostgreSQL a concurrent submit may have decided the task since (a late answer would
    // then count on one backend and not on the other).
    const current = await tx
      .updateTable('tasks')
      .set((eb) => ({
        answer_count: eb(
          'answer_count',
          '+',
          control ? eb.lit(1) : eb.case().when(eb.and([eb('round', '=', a.round), eb('status', 'in', ['pending', 'in_progress'])])).then(eb.lit(1)).else(eb.lit(0)).end(),
        ),
        updated_at: now,
      }))
      .where('id', '=', task.id)
      .returning(['status', 'round', 'answer_count'])
      .executeTakeFirstOrThrow();
    const counts = a.round === current.round && (current.status === 'pending' || current.status === 'in_progress');
    await appendEvents(tx, store.caps, [
      { accountId: a.account_id, type: 'assignment.submitted', taskId: a.task_id, projectId: a.project_id, data: { assignment_id: a.id, helper_id: a.helper_id } },
    ]);
    if (counts && !control) await decideTask(tx, store.caps, { ...task, ...current });
    await applyQualityRules(tx, store.caps, rules, { accountId: a.account_id, helperId: a.helper_id, projectId: a.project_id });
    // Every submit of the project writes these rows: bumped last, their locks are held only until commit
    // (on PostgreSQL, concurrent submits queue on them).
    await bumpCounters(tx, a.project_id, { answers: 1 });
    await bumpHourly(tx, a.project_id, { answers: 1 });

    const feedback = control ? { correct: control.score > 0, expected: control.score > 0 ? null : control.expected, message: control.score > 0 ? null : spec.message_on_unknown_solution } : null;
    return { assignment: assignmentView({ ...a, status: 'submitted', finished_at: now }), feedback };
  });
}
