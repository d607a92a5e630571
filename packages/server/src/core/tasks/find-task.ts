import type { Tx } from '../../store/store.ts';
import { notFound } from '../domain-error.ts';
import { isTest, type Principal } from '../principal.ts';
import type { TaskRow } from './task-view.ts';

/**
 * Loads a task the caller may see: same account, same namespace (live or test), and the key's project when
 * the key is scoped. Anything else is not found.
 */
export async function findTask(tx: Tx, p: Principal, id: string): Promise<TaskRow> {
  let query = tx.selectFrom('tasks').selectAll().where('id', '=', id).where('account_id', '=', p.accountId).where('test', '=', isTest(p));
  if (p.projectId !== null) query = query.where('project_id', '=', p.projectId);
  const row = await query.executeTakeFirst();
  if (!row) throw notFound('task');
  return row;
}
