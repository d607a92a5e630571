import type { Capabilities } from '../../store/capabilities.ts';
import { lockToChange } from '../../store/queries/lock-to-change.ts';
import type { Tx } from '../../store/store.ts';
import { notFound } from '../domain-error.ts';
import { isTest, type Principal } from '../principal.ts';
import type { TaskRow } from './task-view.ts';

/**
 * Loads a task the caller may see: same account, same namespace (live or test), and the key's project when
 * the key is scoped. Anything else is not found.
 */
export function findTask(tx: Tx, p: Principal, id: string): Promise<TaskRow> {
  return loadTask(tx, p, id, null);
}

/**
 * Loads a task the caller may see in order to change it, inside the caller's transaction: locked, so that
 * whether it may be redone, audited or canceled, and what to refund, still holds when the change is written.
 */
export function findTaskToChange(tx: Tx, caps: Capabilities, p: Principal, id: string): Promise<TaskRow> {
  return loadTask(tx, p, id, caps);
}

async function loadTask(tx: Tx, p: Principal, id: string, lockFor: Capabilities | null): Promise<TaskRow> {
  let query = tx.selectFrom('tasks').selectAll().where('id', '=', id).where('account_id', '=', p.accountId).where('test', '=', isTest(p));
  if (p.projectId !== null) query = query.where('project_id', '=', p.projectId);
  if (lockFor) query = lockToChange(query, lockFor);
  const row = await query.executeTakeFirst();
  if (!row) throw notFound('task');
  return row;
}
