import type { Selectable } from 'kysely';
import { answerSchemaFor, zodIssues, type TaskType } from '@minga/api-contracts';
import { insertStatement } from '../../store/queries/insert-rows.ts';
import { runSql } from '../../store/queries/run-sql.ts';
import { runSqlBatch } from '../../store/queries/run-sql-batch.ts';
import type { Capabilities } from '../../store/capabilities.ts';
import type { Database } from '../../store/schema.ts';
import type { Store, Tx } from '../../store/store.ts';
import { DomainError, notFound } from '../domain-error.ts';
import { eventsStatement, type NewEvent } from '../events/append-events.ts';
import { nowIso } from '../ids.ts';
import { bumpCountersStatement } from '../projects/project-counters.ts';
import { qualityRulesOf } from '../projects/quality-rules-of.ts';
import type { Principal } from '../principal.ts';
import type { TaskRow, TaskSpec } from '../tasks/task-view.ts';
import { assignmentView, type AssignmentView } from './assignment-view.ts';
import { bumpHourlyStatement, decideTask, ROUND_ANSWERS, type RoundAnswer } from './decide-task.ts';
import { addToSkillsStatement, applyQualityRules, correctnessOf, type ControlFeedback } from './score-control-answer.ts';
import { SUBMISSION_COLUMNS } from './work-columns.ts';

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
  credits = false,
): Promise<{ assignment: AssignmentView; feedback: ControlFeedback | null }> {
  const caps = store.caps;
  // Read and checked before the transaction, which on SQLite holds the write lock every thread takes turns
  // with. The task's type, input and consensus settings are fixed at creation; what a redo or a cancel
  // changes (the task's round and status) is read again below, under the task row's lock; whether the lease
  // is still live is decided by the fence inside the transaction. The project's quality rules apply as they
  // were a moment before, as they would to an answer sent a moment earlier.
  const { a, task, quality } = await findOwnAssignmentWithTask(store.db, caps, p, id);
  if (a.status !== 'active') throw new DomainError('conflict', `this assignment is already ${a.status}`, { status: a.status });
  if (a.lease_expires_at <= nowIso()) throw new DomainError('conflict', 'this lease has expired; the task went back to the pool', { status: 'expired' });
  const spec = JSON.parse(task.spec) as TaskSpec;
  const checked = answerSchemaFor(task.type as TaskType, spec.input, spec.answers ?? undefined).safeParse(input.answer);
  if (!checked.success) {
    const details = zodIssues(checked.error, 'answer');
    throw new DomainError('validation_error', `answer: ${details[0]?.message ?? 'does not fit the task type'}`, details.map((d) => ({ ...d, field: d.field.replace(/^answer\(body\)$/, 'answer') })));
  }
  const control = a.is_control === 1 ? correctnessOf(task.type, spec, checked.data) : null;
  const rules = qualityRulesOf(quality);
  const minSeconds = rules.min_seconds_per_task;
  const answer = JSON.stringify(checked.data);

  return store.transaction(async (tx) => {
    const now = nowIso();
    const submission = {
      id: a.id,
      account_id: a.account_id,
      project_id: a.project_id,
      task_id: a.task_id,
      helper_id: a.helper_id,
      round: a.round,
      is_control: a.is_control,
      answer,
      seconds_spent: input.seconds_spent,
      submitted_at: now,
      correctness: control?.score ?? null,
    };
    // The fence, the answer, the skill and the task's count in one batch. When the fence finds the lease no
    // longer active, the submit throws and the batch's other writes are undone with it; the answer's insert
    // gives way to an earlier answer on the same lease rather than fail on its key.
    const [fenced, , , counted] = await runSqlBatch<{ status: string; round: number; answer_count: number }>(tx, caps, [
      { text: "update assignments set status = 'submitted', finished_at = ? where id = ? and status = 'active' and lease_expires_at > ?", params: [now, a.id, now] },
      insertStatement('submissions', SUBMISSION_COLUMNS, [submission], undefined, 'on conflict (id) do nothing'),
      addToSkillsStatement(a.helper_id, a.project_id, { seconds: input.seconds_spent, ...(control ? { control: control.score } : {}), fast: minSeconds !== null && input.seconds_spent < minSeconds }),
      // Whether the answer counts is judged on the row as it is now, under its lock: `task` was read before
      // the lock, and on PostgreSQL a concurrent submit may have decided the task since (a late answer would
      // then count on one backend and not on the other).
      control
        ? { text: 'update tasks set answer_count = answer_count + 1, updated_at = ? where id = ? returning status, round, answer_count', params: [now, task.id] }
        : {
            text: countText(caps),
            params: [a.round, now, task.id, ...(caps.writableCtes ? [task.id, task.id, a.round, now, a.id, answer, a.project_id, a.helper_id] : [])],
          },
    ]);
    if (fenced?.changes !== 1) throw new DomainError('conflict', 'this lease is no longer active', { status: 'expired' });
    const { seen_task: seenTask, seen_answers: seenAnswers, ...current } = counted?.rows[0] as Counted;
    const counts = a.round === current.round && (current.status === 'pending' || current.status === 'in_progress');
    const submitted: NewEvent = {
      accountId: a.account_id,
      type: 'assignment.submitted',
      taskId: a.task_id,
      projectId: a.project_id,
      data: { assignment_id: a.id, helper_id: a.helper_id },
    };
    // The answers the batch read are the round's whole set unless another answer was counted between the
    // batch's snapshot and its lock on the task row (the count moved by more than this answer, or the round
    // or status changed): then they are read again, under the lock. A skill another helper gained in that
    // moment counts as it would for an answer sent a moment earlier.
    const complete = seenTask && seenTask.round === current.round && seenTask.status === current.status && seenTask.answer_count + 1 === current.answer_count;
    const decided = counts && !control ? await decideTask(tx, caps, { ...task, ...current }, credits, complete ? (seenAnswers ?? undefined) : undefined) : null;
    const banned = await applyQualityRules(tx, rules, { accountId: a.account_id, helperId: a.helper_id, projectId: a.project_id });
    // Every submit of the project writes the counter rows: bumped last, their locks are held only until commit
    // (on PostgreSQL, concurrent submits queue on them).
    const counters = bumpCountersStatement(caps, a.project_id, { answers: 1, ...decided?.counters });
    const [decision] = await runSqlBatch(tx, caps, [
      ...(decided ? [decided.update] : []),
      eventsStatement(caps, [submitted, ...(decided?.events ?? []), ...banned]),
      ...(counters ? [counters] : []),
      bumpHourlyStatement(caps, a.project_id, { answers: 1, completed: decided?.completed ?? 0 }),
    ]);
    // The task's row has been locked since its answer was counted, and the count found it open.
    if (decided && decision?.changes !== 1) throw new Error(`task ${task.id} changed although its row was locked since its answer was counted`);

    const feedback = control ? { correct: control.score > 0, expected: control.score > 0 ? null : control.expected, message: control.score > 0 ? null : spec.message_on_unknown_solution } : null;
    return { assignment: assignmentView({ ...a, status: 'submitted', finished_at: now }), feedback };
  });
}

/** The task's counting fields once this answer counted, with (see countText) what the batch's snapshot saw. */
interface Counted {
  status: string;
  round: number;
  answer_count: number;
  seen_task?: { status: string; round: number; answer_count: number } | null;
  seen_answers?: RoundAnswer[] | null;
}

/**
 * The count of an answer that may decide the task: the row's counting fields after it. Where the count runs
 * in a batch of WITH clauses (PostgreSQL), it also returns the task's counting fields and the round's answers
 * as the batch's snapshot saw them, this answer added (its insert is a sibling clause the snapshot does not
 * show), so that consensus needs no read of its own when nothing else was counted meanwhile.
 */
const countTexts = new Map<string, string>();
function countText(caps: Capabilities): string {
  let text = countTexts.get(caps.dialect);
  if (text === undefined) {
    text = "update tasks set answer_count = answer_count + case when round = ? and status in ('pending', 'in_progress') then 1 else 0 end, updated_at = ? where id = ? returning status, round, answer_count";
    if (caps.writableCtes) {
      text += `, (select json_build_object('status', b.status, 'round', b.round, 'answer_count', b.answer_count) from tasks b where b.id = ?) as seen_task,
        (select json_agg(x order by x.submitted_at, x.id) from (${ROUND_ANSWERS}
          union all select ?, ?, u.id, ?, u.super_user, k.answers, k.control_answers, k.control_score, k.estimated_accuracy
          from users u left join skills k on k.helper_id = u.id and k.project_id = ? where u.id = ?) x) as seen_answers`;
    }
    countTexts.set(caps.dialect, text);
  }
  return text;
}

type Assignment = Selectable<Database['assignments']>;
type OwnRow = TaskRow & { quality: string; a_id: string; a_helper_id: string; a_round: number; a_is_control: number; a_status: Assignment['status']; a_claimed_at: string; a_lease_expires_at: string; a_finished_at: string | null };

/** The caller's own assignment with its task and the project's quality rules, in one statement. */
async function findOwnAssignmentWithTask(tx: Tx, caps: Capabilities, p: Principal, id: string): Promise<{ a: Assignment; task: TaskRow; quality: string }> {
  if (p.userId === null) throw notFound('assignment');
  const { rows } = await runSql<OwnRow>(
    tx,
    caps,
    `select a.id as a_id, a.helper_id as a_helper_id, a.round as a_round, a.is_control as a_is_control, a.status as a_status, a.claimed_at as a_claimed_at,
       a.lease_expires_at as a_lease_expires_at, a.finished_at as a_finished_at, t.*, p.quality
     from assignments a join tasks t on t.id = a.task_id join projects p on p.id = t.project_id where a.id = ? and a.helper_id = ?`,
    [id, p.userId],
  );
  const row = rows[0];
  if (!row) throw notFound('assignment');
  const { quality, a_id, a_helper_id, a_round, a_is_control, a_status, a_claimed_at, a_lease_expires_at, a_finished_at, ...task } = row;
  const a: Assignment = {
    id: a_id,
    account_id: task.account_id,
    project_id: task.project_id,
    task_id: task.id,
    helper_id: a_helper_id,
    round: a_round,
    is_control: a_is_control,
    status: a_status,
    claimed_at: a_claimed_at,
    lease_expires_at: a_lease_expires_at,
    finished_at: a_finished_at,
  };
  return { a, task, quality };
}
