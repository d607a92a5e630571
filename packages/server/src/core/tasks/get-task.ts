import type { Task } from '@minga/api-contracts';
import type { Store } from '../../store/store.ts';
import type { Principal } from '../principal.ts';
import { findTask } from './find-task.ts';
import { taskView } from './task-view.ts';

/** One task with its submissions (empty until helpers answer). */
export async function getTask(store: Store, p: Principal, id: string): Promise<Task> {
  const row = await findTask(store.db, p, id);
  return { ...taskView(row), submissions: [] };
}
