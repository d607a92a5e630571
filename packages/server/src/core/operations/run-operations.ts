import type { Store } from '../../store/store.ts';
import { appendEvents } from '../events/append-events.ts';
import { nowIso } from '../ids.ts';
import { insertTasks } from '../tasks/insert-tasks.ts';
import type { PreparedItem } from '../tasks/prepare-task-items.ts';
import type { OperationDetails } from './operation-view.ts';

const LEASE_MS = 60_000;

/**
 * Takes one pending operation (or one whose runner died: its lease ran out) and finishes it. Returns false
 * when there was nothing to do. The lease makes each operation run in one process at a time; the chunk
 * flags, written in the same transactions as the tasks, make a resumed run skip what is already done.
 */
export async function runNextOperation(store: Store): Promise<boolean> {
  const now = nowIso();
  const candidate = await store.db
    .selectFrom('operations')
    .select(['id', 'lease_until'])
    .where('status', 'in', ['pending', 'running'])
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .orderBy('submitted_at')
    .limit(1)
    .executeTakeFirst();
  if (!candidate) return false;
  const leaseUntil = new Date(Date.now() + LEASE_MS).toISOString();
  let claim = store.db
    .updateTable('operations')
    .set({ status: 'running', lease_until: leaseUntil, started_at: now })
    .where('id', '=', candidate.id)
    .where('status', 'in', ['pending', 'running']);
  claim = candidate.lease_until === null ? claim.where('lease_until', 'is', null) : claim.where('lease_until', '=', candidate.lease_until);
  const taken = await claim.executeTakeFirst();
  if (Number(taken.numUpdatedRows) !== 1) return true;
  await runOperation(store, candidate.id);
  return true;
}

async function runOperation(store: Store, id: string): Promise<void> {
  const op = await store.db.selectFrom('operations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const details = JSON.parse(op.details) as OperationDetails;
  const scope = { accountId: op.account_id, test: op.test };
  const chunks = await store.db.selectFrom('operation_chunks').select('chunk').where('operation_id', '=', id).where('done', '=', 0).orderBy('chunk').execute();

  const processChunk = async (tx: Parameters<Parameters<Store['transaction']>[0]>[0], chunk: number) => {
    const { items } = await tx.selectFrom('operation_chunks').select('items').where('operation_id', '=', id).where('chunk', '=', chunk).executeTakeFirstOrThrow();
    const outcome = await insertTasks(tx, store.caps, scope, JSON.parse(items) as PreparedItem[]);
    await tx.updateTable('operation_chunks').set({ done: 1, items: '[]' }).where('operation_id', '=', id).where('chunk', '=', chunk).execute();
    return outcome;
  };

  if (details.skip_invalid_items) {
    // Each chunk commits on its own: progress is visible, and a resumed run starts at the first open chunk.
    for (const { chunk } of chunks) {
      await store.transaction(async (tx) => {
        const outcome = await processChunk(tx, chunk);
        details.items_created += outcome.created.size;
        details.items_failed += outcome.conflicts.size;
        for (const [i, e] of outcome.conflicts) details.errors[String(i)] = e;
        await tx
          .updateTable('operations')
          .set({ details: JSON.stringify(details), lease_until: new Date(Date.now() + LEASE_MS).toISOString() })
          .where('id', '=', id)
          .execute();
      });
    }
    await finish(store, op.account_id, id, 'success', details);
    return;
  }

  // All or nothing: every chunk in one transaction, so a duplicate unique_id anywhere creates no task.
  let failed = false;
  await store.transaction(async (tx) => {
    let created = 0;
    const errors: Record<string, unknown> = {};
    for (const { chunk } of chunks) {
      const outcome = await processChunk(tx, chunk);
      created += outcome.created.size;
      for (const [i, e] of outcome.conflicts) errors[String(i)] = e;
    }
    if (Object.keys(errors).length > 0) throw new AllOrNothingFailure(errors);
    details.items_created += created;
  }).catch((error: unknown) => {
    if (!(error instanceof AllOrNothingFailure)) throw error;
    failed = true;
    details.items_failed = Object.keys(error.errors).length;
    details.errors = error.errors;
  });
  await finish(store, op.account_id, id, failed ? 'fail' : 'success', details);
}

class AllOrNothingFailure extends Error {
  readonly errors: Record<string, unknown>;
  constructor(errors: Record<string, unknown>) {
    super('items conflict');
    this.errors = errors;
  }
}

async function finish(store: Store, accountId: string, id: string, status: 'success' | 'fail', details: OperationDetails) {
  await store.transaction(async (tx) => {
    await tx
      .updateTable('operations')
      .set({ status, details: JSON.stringify(details), finished_at: nowIso(), lease_until: null })
      .where('id', '=', id)
      .execute();
    if (status === 'fail') await tx.deleteFrom('operation_chunks').where('operation_id', '=', id).execute();
    await appendEvents(tx, store.caps, [{ accountId, type: status === 'success' ? 'operation.succeeded' : 'operation.failed', data: { operation_id: id, items_created: details.items_created, items_failed: details.items_failed } }]);
  });
}
