import type { Assignment } from '@minga/sdk';

/** A task as a helper sees it (the `task` of a claimed assignment). */
export type HelperTask = NonNullable<Assignment['task']>;

/** A string field of the task's input, or undefined. */
export function inputText(task: HelperTask, name: string): string | undefined {
  const v = task.input[name];
  return typeof v === 'string' ? v : undefined;
}

/** A string-list field of the task's input (categories, labels, choices), or []. */
export function inputList(task: HelperTask, name: string): string[] {
  const v = task.input[name];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
