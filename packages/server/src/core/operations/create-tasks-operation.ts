import type { Operation } from '@minga/api-contracts';
import type { Store } from '../../store/store.ts';
import { DomainError } from '../domain-error.ts';
import { newId, nowIso } from '../ids.ts';
import { isTest, type Principal } from '../principal.ts';
import { assertAllValid } from '../tasks/create-tasks.ts';
import { prepareTaskItems } from '../tasks/prepare-task-items.ts';
import { mayReadOperation, operationView, type OperationDetails } from './operation-view.ts';

export const OPERATION_CHUNK = 5_000;

/**
 * Accepts a batch of any size for background creation. The validated items are stored with the operation
 * before the caller gets its 202, so an acknowledged operation survives a crash and finishes after restart.
 * Repeating an `operation_id` returns the existing operation and does the work once.
 */
export async function createTasksOperation(
  store: Store,
  p: Principal,
  items: unknown[],
  options: { skipInvalidItems: boolean; operationId?: string | undefined },
): Promise<{ operation: Operation; created: boolean }> {
  const id = options.operationId?.toLowerCase() ?? newId();
  const existing = await store.db.selectFrom('operations').selectAll().where('id', '=', id).executeTakeFirst();
  if (existing) {
    // Only a caller who may read the operation gets it back; anyone else learns only that the id is taken.
    if (!mayReadOperation(p, existing)) throw new DomainError('conflict', 'operation_id is already in use');
    return { operation: operationView(existing), created: false };
  }

  const prepared = await prepareTaskItems(store.db, p, items);
  if (!options.skipInvalidItems) assertAllValid(prepared.errors, false);
  const details: OperationDetails = {
    items_total: items.length,
    items_created: 0,
    items_failed: prepared.errors.size,
    skip_invalid_items: options.skipInvalidItems,
    errors: Object.fromEntries([...prepared.errors].map(([i, e]) => [String(i), e])),
  };
  const row = {
    id,
    account_id: p.accountId,
    test: isTest(p),
    type: 'tasks.create',
    status: 'pending' as const,
    submitted_at: nowIso(),
    started_at: null,
    finished_at: null,
    lease_until: null,
    // The key's project scope, so that a key scoped to another project cannot read the operation.
    params: JSON.stringify({ skip_invalid_items: options.skipInvalidItems, project_id: p.projectId }),
    details: JSON.stringify(details),
  };
  try {
    await store.transaction(async (tx) => {
      await tx.insertInto('operations').values(row).execute();
      for (let c = 0; c * OPERATION_CHUNK < prepared.valid.length; c++) {
        const slice = prepared.valid.slice(c * OPERATION_CHUNK, (c + 1) * OPERATION_CHUNK);
        await tx.insertInto('operation_chunks').values({ operation_id: id, chunk: c, items: JSON.stringify(slice), done: 0 }).execute();
      }
    });
  } catch (error) {
    // The same operation_id submitted twice at once: the first insert wins, the second reads it back.
    if (!store.caps.isUniqueViolation(error)) throw error;
    return createTasksOperation(store, p, items, options);
  }
  return { operation: operationView(row), created: true };
}
