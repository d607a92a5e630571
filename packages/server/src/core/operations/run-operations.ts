import { sql } from 'kysely';
import type { Capabilities } from '../../store/capabilities.ts';
import { lockToChange } from '../../store/queries/lock-to-change.ts';
import type { Store, Tx } from '../../store/store.ts';
import { appendEvents } from '../events/append-events.ts';
import { nowIso } from '../ids.ts';
import { insertTasks, planTasks, type InsertScope } from '../tasks/insert-tasks.ts';
import type { PreparedItem } from '../tasks/prepare-task-items.ts';
import type { OperationDetails } from './operation-view.ts';

/** How long a claimed operation stays with its process before another may take it over. */
export const DEFAULT_OPERATION_LEASE_MS = 60_000;

/**
 * Takes one pending operation (or one whose runner died: its lease ran out) and finishes it. Returns false
 * when there was nothing to do. The lease makes each operation run in one process at a time; the chunk
 * flags, written in the same transactions as the tasks, make a resumed run skip what is already done.
 */
export async function runNextOperation(store: Store, leaseMs = DEFAULT_OPERATION_LEASE_MS, credits = false): Promise<boolean> {
  const now = nowIso();
  const candidate = await store.db
    .selectFrom('operations')
    .select(['id', 'lease_until'])
    .where('status', 'in', ['pending', 'running'])
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .orderBy('submitted_at')
    .limit(sql.lit(1))
    .executeTakeFirst();
  if (!candidate) return false;
  const leaseUntil = new Date(Date.now() + leaseMs).toISOString();
  let claim = store.db
    .updateTable('operations')
    .set({ status: 'running', lease_until: leaseUntil, started_at: now })
    .where('id', '=', candidate.id)
    .where('status', 'in', ['pending', 'running']);
  claim = candidate.lease_until === null ? claim.where('lease_until', 'is', null) : claim.where('lease_until', '=', candidate.lease_until);
  const taken = await claim.executeTakeFirst();
  if (Number(taken.numUpdatedRows) !== 1) return true;
  await runOperation(store, candidate.id, leaseMs, credits);
  return true;
}

async function runOperation(store: Store, id: string, leaseMs: number, credits: boolean): Promise<void> {
  const op = await store.db.selectFrom('operations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const details = JSON.parse(op.details) as OperationDetails;
  // Items the credits cannot cover are reported like any failed item: skipped, or failing the whole operation.
  const scope: InsertScope = { accountId: op.account_id, test: op.test, credits, onShortage: 'skip' };
  const chunks = await store.db.selectFrom('operation_chunks').select('chunk').where('operation_id', '=', id).where('done', '=', 0).orderBy('chunk').execute();

  const processChunk = async (tx: Tx, chunk: number) => {
    const { items } = await tx.selectFrom('operation_chunks').select('items').where('operation_id', '=', id).where('chunk', '=', chunk).executeTakeFirstOrThrow();
    const outcome = await insertTasks(tx, store.caps, scope, planTasks(scope, JSON.parse(items) as PreparedItem[]));
    // A run that outlived its lease may race the process that took the operation over. Only the run that
    // flips the chunk to done commits (on PostgreSQL the loser waits on the row lock, then sees done = 1);
    // the other rolls its tasks back, so a chunk never creates its tasks twice.
    const marked = await tx.updateTable('operation_chunks').set({ done: 1, items: '[]' }).where('operation_id', '=', id).where('chunk', '=', chunk).where('done', '=', 0).executeTakeFirst();
    if (Number(marked.numUpdatedRows) !== 1) throw new Error(`operation ${id}: chunk ${chunk} was finished by another run (its lease ran out)`);
    return outcome;
  };

  if (details.skip_invalid_items) {
    // Each chunk commits on its own: progress is visible, and a resumed run starts at the first open chunk.
    // The counts are added to the stored ones, read under the row's lock: a run that outlived its lease may
    // commit a chunk after the run that took over read `op`.
    for (const { chunk } of chunks) {
      await store.transaction(async (tx) => {
        const outcome = await processChunk(tx, chunk);
        const stored = await storedDetails(tx, store.caps, id);
        stored.items_created += outcome.created.size;
        stored.items_failed += outcome.conflicts.size;
        for (const [i, e] of outcome.conflicts) stored.errors[String(i)] = e;
        await tx
          .updateTable('operations')
          .set({ details: JSON.stringify(stored), lease_until: new Date(Date.now() + leaseMs).toISOString() })
          .where('id', '=', id)
          .execute();
      });
    }
    await finish(store, op.account_id, id, 'success', (stored) => stored);
    return;
  }

  // All or nothing: every chunk in one transaction, so a duplicate unique_id anywhere creates no task. The
  // success is recorded in that same transaction: were it recorded after, a crash in between would leave
  // the tasks created and no chunk open, and the resumed run would report that it created nothing.
  const failure = await store.transaction(async (tx) => {
    let created = 0;
    const errors: Record<string, unknown> = {};
    for (const { chunk } of chunks) {
      const outcome = await processChunk(tx, chunk);
      created += outcome.created.size;
      for (const [i, e] of outcome.conflicts) errors[String(i)] = e;
    }
    if (Object.keys(errors).length > 0) throw new AllOrNothingFailure(errors);
    await finishIn(tx, store.caps, op.account_id, id, 'success', (stored) => ({ ...stored, items_created: stored.items_created + created }));
  }).then(
    () => null,
    (error: unknown) => {
      if (!(error instanceof AllOrNothingFailure)) throw error;
      return error;
    },
  );
  if (failure) await finish(store, op.account_id, id, 'fail', (stored) => ({ ...stored, items_failed: Object.keys(failure.errors).length, errors: failure.errors }));
}

class AllOrNothingFailure extends Error {
  readonly errors: Record<string, unknown>;
  constructor(errors: Record<string, unknown>) {
    super('items conflict');
    this.errors = errors;
  }
}

/** The operation's counts as stored, its row locked until the caller's transaction ends. */
async function storedDetails(tx: Tx, caps: Capabilities, id: string): Promise<OperationDetails> {
  const row = await lockToChange(tx.selectFrom('operations').select('details').where('id', '=', id), caps).executeTakeFirstOrThrow();
  return JSON.parse(row.details) as OperationDetails;
}

type DetailsUpdate = (stored: OperationDetails) => OperationDetails;

async function finish(store: Store, accountId: string, id: string, status: 'success' | 'fail', update: DetailsUpdate) {
  await store.transaction((tx) => finishIn(tx, store.caps, accountId, id, status, update));
}

/**
 * Records the outcome once: only a running operation finishes, so a run that outlived its lease and the run
 * that took over cannot both report it (nor send its event twice).
 */
async function finishIn(tx: Tx, caps: Capabilities, accountId: string, id: string, status: 'success' | 'fail', update: DetailsUpdate) {
  const details = update(await storedDetails(tx, caps, id));
  const finished = await tx
    .updateTable('operations')
    .set({ status, details: JSON.stringify(details), finished_at: nowIso(), lease_until: null })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .executeTakeFirst();
  if (Number(finished.numUpdatedRows) !== 1) return;
  if (status === 'fail') await tx.deleteFrom('operation_chunks').where('operation_id', '=', id).execute();
  await appendEvents(tx, caps, [{ accountId, type: status === 'success' ? 'operation.succeeded' : 'operation.failed', data: { operation_id: id, items_created: details.items_created, items_failed: details.items_failed } }]);
}
