import type { TaskType } from '@minga/api-contracts';
import type { Capabilities } from '../../store/capabilities.ts';
import { insertRows } from '../../store/queries/insert-rows.ts';
import type { Tx } from '../../store/store.ts';
import { makeResult } from '../consensus/make-result.ts';
import type { NewEvent } from '../events/append-events.ts';
import { newId } from '../ids.ts';
import { simulatedAnswer } from './simulated-answer.ts';
import type { TaskRow, TaskSpec } from './task-view.ts';
import { ASSIGNMENT_COLUMNS, SUBMISSION_COLUMNS } from '../work/work-columns.ts';

/**
 * The helper id test-mode answers carry: no person, so no user row, no login and no place in helper lists.
 * Each round has its own, since no helper answers a task twice.
 */
export const simulatedHelperId = (round: number): string => (round === 0 ? 'simulated-helper' : `simulated-helper-${round + 1}`);

export interface TestAnswers {
  assignments: Record<string, unknown>[];
  submissions: Record<string, unknown>[];
  /** To write after the tasks' `task.created` events. */
  events: NewEvent[];
}

/**
 * Test mode (SPEC §3.7): a task created with a test key is answered at once by a simulated helper, in the
 * transaction that creates it. The rows are marked completed before they are written, so the create
 * response already shows the result; the lease, the answer and the events are those of a live task
 * answered by one helper, so an integration receives the same events and webhooks.
 */
export function answerTestTasks(rows: TaskRow[], now: string): TestAnswers {
  const out: TestAnswers = { assignments: [], submissions: [], events: [] };
  for (const row of rows) {
    const spec = JSON.parse(row.spec) as TaskSpec;
    const answer = simulatedAnswer(row.type as TaskType, spec);
    const result = makeResult(row.type === 'form' ? [answer] : answer, 1, 1, 1);
    Object.assign(row, { status: 'completed', result: JSON.stringify(result), answer_count: 1, open_slots: 0, completed_at: now });
    const id = newId();
    const helperId = simulatedHelperId(row.round);
    const common = { id, account_id: row.account_id, project_id: row.project_id, task_id: row.id, helper_id: helperId, round: row.round, is_control: row.is_control };
    out.assignments.push({ ...common, status: 'submitted', claimed_at: now, lease_expires_at: now, finished_at: now });
    out.submissions.push({ ...common, answer: JSON.stringify(answer), seconds_spent: 0, submitted_at: now, correctness: null });
    const at = { accountId: row.account_id, taskId: row.id, projectId: row.project_id };
    out.events.push(
      { ...at, type: 'assignment.created', data: { assignment_id: id, helper_id: helperId } },
      { ...at, type: 'assignment.submitted', data: { assignment_id: id, helper_id: helperId } },
      { ...at, type: 'task.completed', data: { status: 'completed', result } },
    );
  }
  return out;
}

/** Writes the simulated leases and answers, after the task rows they refer to. */
export async function writeTestAnswers(tx: Tx, caps: Capabilities, answers: TestAnswers): Promise<void> {
  await insertRows(tx, caps, 'assignments', ASSIGNMENT_COLUMNS, answers.assignments);
  await insertRows(tx, caps, 'submissions', SUBMISSION_COLUMNS, answers.submissions);
}
