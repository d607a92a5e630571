import type { NormalizedTask, Task } from '@minga/api-contracts';
import type { Store } from '../../store/store.ts';
import { DomainError } from '../domain-error.ts';
import { appendEvents } from '../events/append-events.ts';
import { reservationFor } from '../credits/credit-amounts.ts';
import { reserveCredits } from '../credits/reserve-credits.ts';
import { nowIso } from '../ids.ts';
import { moveStatus } from '../projects/move-status.ts';
import type { Principal } from '../principal.ts';
import { initialSlots } from '../work/initial-slots.ts';
import { answerTestTasks, writeTestAnswers } from './answer-test-tasks.ts';
import { findTaskToChange } from './find-task.ts';
import { taskView, type TaskSpec } from './task-view.ts';

const REDOABLE = new Set(['completed', 'needs_review', 'error']);

/**
 * Starts a new round of answers: the earlier round's submissions stay on record but no longer count, and
 * helpers who answered before are not asked again.
 */
export async function redoTask(store: Store, p: Principal, id: string, credits = false): Promise<Task> {
  return store.transaction(async (tx) => {
    const row = await findTaskToChange(tx, store.caps, p, id);
    if (!REDOABLE.has(row.status)) throw new DomainError('conflict', `a ${row.status} task cannot be redone`, { status: row.status });
    const spec = JSON.parse(row.spec) as TaskSpec;
    const now = nowIso();
    const changes = {
      status: 'pending',
      result: null,
      review_status: null,
      completed_at: null,
      answer_count: 0,
      round: row.round + 1,
      times_redone: row.times_redone + 1,
      open_slots: initialSlots({ ...spec, type: row.type } as NormalizedTask),
      updated_at: now,
    };
    // Status and round both: a concurrent redo of a test-mode task leaves it completed again, in a later round.
    const done = await tx.updateTable('tasks').set(changes).where('id', '=', id).where('status', '=', row.status).where('round', '=', row.round).executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw new DomainError('conflict', 'the task changed while being redone; try again');
    // A new round is new work: it reserves its cost again (402 when the credits do not cover it). Balances
    // before the project's counter row, as every transaction takes them, so that none waits on another.
    if (credits && row.test === 0) await reserveCredits(tx, store.caps, row.account_id, [{ taskId: row.id, amount: reservationFor(spec) }], 'all');
    if (row.test === 0) await moveStatus(tx, store.caps, row.project_id, row.status, 'pending');
    const redone = { ...row, ...changes };
    // In test mode the simulated helper answers the new round at once, as it answered the first.
    const simulated = row.test === 1 ? answerTestTasks([redone], now) : null;
    if (simulated) {
      await tx.updateTable('tasks').set({ status: redone.status, result: redone.result, answer_count: redone.answer_count, open_slots: redone.open_slots, completed_at: redone.completed_at }).where('id', '=', id).execute();
      await writeTestAnswers(tx, store.caps, simulated);
    }
    await appendEvents(tx, store.caps, [{ accountId: row.account_id, type: 'task.redone', taskId: id, projectId: row.project_id, data: { times_redone: changes.times_redone } }, ...(simulated?.events ?? [])]);
    return taskView(redone);
  });
}
