import { PRIORITY_WORDS, type Task, type TaskPatch } from '@minga/api-contracts';
import type { Store } from '../../store/store.ts';
import { DomainError } from '../domain-error.ts';
import { appendEvents } from '../events/append-events.ts';
import { nowIso } from '../ids.ts';
import type { Principal } from '../principal.ts';
import { findTaskToChange } from './find-task.ts';
import { taskView } from './task-view.ts';

/** Changes a task's priority, tags, metadata or unique_id; the settings that decide its work stay fixed. */
export async function updateTask(store: Store, p: Principal, id: string, patch: TaskPatch): Promise<Task> {
  const run = () =>
    store.transaction(async (tx) => {
      const row = await findTaskToChange(tx, store.caps, p, id);
      const changes: Partial<typeof row> = { updated_at: nowIso() };
      if (patch.priority !== undefined) changes.priority = typeof patch.priority === 'number' ? patch.priority : PRIORITY_WORDS[patch.priority];
      if (patch.metadata !== undefined) changes.metadata = JSON.stringify(patch.metadata);
      if (patch.unique_id !== undefined && patch.unique_id !== row.unique_id) {
        if (patch.unique_id !== null) {
          const other = await tx
            .selectFrom('tasks')
            .select('id')
            .where('account_id', '=', row.account_id)
            .where('test', '=', row.test)
            .where('unique_id', '=', patch.unique_id)
            .executeTakeFirst();
          if (other) throw new DomainError('conflict', `a task with unique_id ${patch.unique_id} already exists`, { existing_task_id: other.id });
        }
        changes.unique_id = patch.unique_id;
      }
      if (patch.tags !== undefined) {
        changes.tags = JSON.stringify(patch.tags);
        // By the whole key (the old tags are in the row): by task id alone it would scan all the account's tags.
        const previous = JSON.parse(row.tags) as string[];
        if (previous.length) {
          await tx.deleteFrom('task_tags').where('account_id', '=', row.account_id).where('tag', 'in', previous).where('task_id', '=', id).execute();
        }
        if (patch.tags.length) {
          await tx.insertInto('task_tags').values(patch.tags.map((tag) => ({ account_id: row.account_id, tag, task_id: id }))).execute();
        }
      }
      await tx.updateTable('tasks').set(changes).where('id', '=', id).execute();
      await appendEvents(tx, store.caps, [{ accountId: row.account_id, type: 'task.updated', taskId: id, projectId: row.project_id, data: { fields: Object.keys(patch) } }]);
      return taskView({ ...row, ...changes });
    });
  try {
    return await run();
  } catch (error) {
    // Another request took the same unique_id between our check and our write.
    if (store.caps.isUniqueViolation(error)) return run();
    throw error;
  }
}
