import type { Task } from '@minga/sdk';

export type TaskStatus = Task['status'];

/** Every task status, in the order a task goes through them (a type-only list: the app does not bundle zod). */
export const TASK_STATUSES = ['pending', 'in_progress', 'needs_review', 'completed', 'canceled', 'error'] as const satisfies readonly TaskStatus[];
