import type { ListTasksQuery, Task } from '@minga/api-contracts';
import type { Store } from '../../store/store.ts';
import { decodeCursor, toPage, type Page } from '../pagination.ts';
import { isTest, type Principal } from '../principal.ts';
import { taskView } from './task-view.ts';

const iso = (s: string) => new Date(s).toISOString();

/** Lists tasks in creation order, keyset-paged, with every filter of `GET /v1/tasks`. */
export async function listTasks(store: Store, p: Principal, q: ListTasksQuery): Promise<Page<Task>> {
  const after = decodeCursor(q.cursor);
  let query = store.db.selectFrom('tasks').selectAll().where('account_id', '=', p.accountId).where('test', '=', isTest(p));
  if (p.projectId !== null) query = query.where('project_id', '=', p.projectId);
  if (q.project_id !== undefined) query = query.where('project_id', '=', q.project_id);
  if (q.status !== undefined) query = query.where('status', '=', q.status);
  if (q.type !== undefined) query = query.where('type', '=', q.type);
  if (q.unique_id !== undefined) query = query.where('unique_id', '=', q.unique_id);
  if (q.review_status !== undefined) query = query.where('review_status', '=', q.review_status);
  if (q.created_after !== undefined) query = query.where('created_at', '>', iso(q.created_after));
  if (q.created_before !== undefined) query = query.where('created_at', '<', iso(q.created_before));
  if (q.updated_after !== undefined) query = query.where('updated_at', '>', iso(q.updated_after));
  if (q.tag !== undefined) {
    const tag = q.tag;
    query = query.where('id', 'in', (eb) =>
      eb.selectFrom('task_tags').select('task_id').where('account_id', '=', p.accountId).where('tag', '=', tag),
    );
  }
  if (after !== undefined) query = query.where('id', '>', after);
  const rows = await query.orderBy('id').limit(q.limit + 1).execute();
  return toPage(rows, q.limit, (row) => taskView(row));
}
