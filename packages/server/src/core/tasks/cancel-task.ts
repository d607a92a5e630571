import type { Task } from '@minga/api-contracts';
import type { Store } from '../../store/store.ts';
import { DomainError } from '../domain-error.ts';
import { appendEvents } from '../events/append-events.ts';
import { refundTaskCredits } from '../credits/settle-task-credits.ts';
import { nowIso } from '../ids.ts';
import { bumpCounters } from '../projects/project-counters.ts';
import type { Principal } from '../principal.ts';
import { findTaskToChange } from './find-task.ts';
import { taskView } from './task-view.ts';

const CANCELABLE = new Set(['pending', 'in_progress', 'needs_review']);

/** Cancels a task that is not finished yet; it hands out no more work. Canceling twice is a no-op. */
export async function cancelTask(store: Store, p: Principal, id: string, credits = false): Promise<Task> {
  return store.transaction(async (tx) => {
    const row = await findTaskToChange(tx, store.caps, p, id);
    if (row.status === 'canceled') return taskView(row);
    if (!CANCELABLE.has(row.status)) throw new DomainError('conflict', `a ${row.status} task cannot be canceled`, { status: row.status });
    const now = nowIso();
    // The status in the WHERE clause makes the change conditional: a concurrent completion wins cleanly.
    const result = await tx
      .updateTable('tasks')
      .set({ status: 'canceled', updated_at: now })
      .where('id', '=', id)
      .where('status', '=', row.status)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new DomainError('conflict', 'the task changed while being canceled; try again');
    // Answers given so far are not paid: the work was called off. What was set aside goes back. Balances
    // before the project's counter row, as every transaction takes them, so that none waits on another.
    if (credits) await refundTaskCredits(tx, store.caps, row);
    if (row.test === 0) await bumpCounters(tx, store.caps, row.project_id, { [row.status]: -1, canceled: 1 });
    await appendEvents(tx, store.caps, [{ accountId: row.account_id, type: 'task.canceled', taskId: id, projectId: row.project_id, data: { previous_status: row.status } }]);
    return taskView({ ...row, status: 'canceled', updated_at: now });
  });
}
