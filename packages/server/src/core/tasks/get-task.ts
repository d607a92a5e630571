import type { Task } from '@minga/api-contracts';
import type { Store } from '../../store/store.ts';
import type { Principal } from '../principal.ts';
import { findTask } from './find-task.ts';
import { taskView } from './task-view.ts';

/** One task with its submissions (current round and earlier ones, oldest first) and its audits. */
export async function getTask(store: Store, p: Principal, id: string): Promise<Task> {
  const row = await findTask(store.db, p, id);
  const submissions = await store.db
    .selectFrom('submissions as s')
    .leftJoin('users as u', 'u.id', 's.helper_id')
    .select(['s.helper_id', 'u.name', 'u.email', 's.answer', 's.seconds_spent', 's.submitted_at'])
    .where('s.task_id', '=', id)
    .orderBy('s.submitted_at')
    .orderBy('s.id')
    .execute();
  const audits = await store.db.selectFrom('audits').selectAll().where('task_id', '=', id).orderBy('audited_at').orderBy('id').execute();
  return {
    ...taskView(row),
    submissions: submissions.map((s) => ({
      helper_id: s.helper_id,
      helper_name: s.name ?? s.email,
      answer: JSON.parse(s.answer) as unknown,
      seconds_spent: s.seconds_spent,
      submitted_at: s.submitted_at,
    })),
    audits: audits.map((a) => ({
      audited_by: a.audited_by,
      audited_at: a.audited_at,
      audit_result: a.result,
      audit_source: 'customer' as const,
      ...(a.response === null ? {} : { response: JSON.parse(a.response) as unknown }),
    })),
  };
}
