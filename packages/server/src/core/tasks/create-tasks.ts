import type { Store } from '../../store/store.ts';
import { DomainError } from '../domain-error.ts';
import { isTest, type Principal } from '../principal.ts';
import { insertTasks, planTasks, type InsertScope } from './insert-tasks.ts';
import { batchIssues, prepareTaskItems, type ItemError } from './prepare-task-items.ts';

export interface CreateTasksResult {
  /** Created tasks as JSON text, in item order, with the index of each. */
  items: [number, string][];
  validation_errors: Record<string, ItemError>;
}

/**
 * Refuses the whole request when any item failed and the caller did not ask to skip invalid items. The
 * code follows the most basic failure: a malformed item (400) before a wrong type (422) before a
 * duplicate unique_id (409).
 */
export function assertAllValid(errors: Map<number, ItemError>, single: boolean): void {
  if (errors.size === 0) return;
  const all = [...errors.values()];
  if (single) {
    const e = all[0] as ItemError;
    throw new DomainError(e.code, e.message, e.code === 'conflict' ? e.details : Array.isArray(e.details) ? e.details : undefined);
  }
  if (all.some((e) => e.code === 'validation_error' || e.code === 'not_found')) {
    const issues = batchIssues(new Map([...errors].filter(([, e]) => e.code !== 'conflict')), false);
    throw new DomainError('validation_error', `${errors.size} of the items are invalid; nothing was created`, issues);
  }
  if (all.some((e) => e.code === 'unsupported_task_type')) {
    const first = all.find((e) => e.code === 'unsupported_task_type') as ItemError;
    throw new DomainError('unsupported_task_type', first.message, batchIssues(errors, false));
  }
  throw new DomainError(
    'conflict',
    `${errors.size} of the items repeat an existing unique_id; nothing was created`,
    [...errors].map(([index, e]) => ({ index, ...(e.details as object) })),
  );
}

/**
 * Creates one task or a batch synchronously, all in one transaction. With `skipInvalidItems` the valid
 * items are created and each invalid one is reported by its index; without it one bad item creates none.
 */
export async function createTasks(
  store: Store,
  p: Principal,
  items: unknown[],
  options: { skipInvalidItems: boolean; single: boolean; credits: boolean },
): Promise<CreateTasksResult> {
  const scope: InsertScope = { accountId: p.accountId, test: isTest(p), credits: options.credits, onShortage: options.skipInvalidItems ? 'skip' : 'refuse' };
  const prepared = await prepareTaskItems(store.db, p, items);
  if (!options.skipInvalidItems) assertAllValid(prepared.errors, options.single);
  const plan = planTasks(scope, prepared.valid);

  const attempt = () =>
    store.transaction(async (tx) => {
      // Conflicts are looked up inside the writing transaction: on SQLite nothing can slip in between;
      // on PostgreSQL a concurrent insert of the same unique_id trips the unique index and we retry.
      const outcome = await insertTasks(tx, store.caps, scope, plan);
      if (!options.skipInvalidItems && outcome.conflicts.size > 0) assertAllValid(outcome.conflicts, options.single);
      return outcome;
    });
  let outcome;
  try {
    outcome = await attempt();
  } catch (error) {
    if (!store.caps.isUniqueViolation(error)) throw error;
    outcome = await attempt();
  }

  const errors = new Map([...prepared.errors, ...outcome.conflicts]);
  return {
    items: [...outcome.created].sort((a, b) => a[0] - b[0]),
    validation_errors: Object.fromEntries([...errors].sort((a, b) => a[0] - b[0]).map(([i, e]) => [String(i), e])),
  };
}
