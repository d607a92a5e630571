import { sql, type Selectable } from 'kysely';
import type { Capabilities } from '../../store/capabilities.ts';
import type { Database } from '../../store/schema.ts';
import { runSql } from '../../store/queries/run-sql.ts';
import type { Store, Tx } from '../../store/store.ts';
import { DomainError, notFound } from '../domain-error.ts';
import { appendEvents } from '../events/append-events.ts';
import { nowIso } from '../ids.ts';
import { moveStatus } from '../projects/move-status.ts';
import type { Principal } from '../principal.ts';
import type { TaskSpec } from '../tasks/task-view.ts';
import { assignmentView, type AssignmentView } from './assignment-view.ts';

type Assignment = Selectable<Database['assignments']>;

/**
 * Ends a live lease without an answer (skip, expiry, helper removed) and gives its slot back to the task.
 * Conditional on the lease still being active, so a release racing a submit or another expiry does nothing.
 */
export async function returnLease(tx: Tx, caps: Capabilities, a: Assignment, status: 'released' | 'expired'): Promise<boolean> {
  const now = nowIso();
  // An expiry re-checks the time under the row's lock too: `a` may have been read before a heartbeat
  // extended the lease, and the helper who was just told it was extended keeps it.
  let ending = tx.updateTable('assignments').set({ status, finished_at: now }).where('id', '=', a.id).where('status', '=', 'active');
  if (status === 'expired') ending = ending.where('lease_expires_at', '<=', now);
  const done = await ending.executeTakeFirst();
  if (Number(done.numUpdatedRows) !== 1) return false;
  // The slot goes back first: this UPDATE takes the task's row lock, so on PostgreSQL a claim racing this
  // release has committed its lease before the live leases are counted below (counting first let the task
  // fall back to pending while the new helper held it, and let two racing releases both see the other live).
  const back = await tx
    .updateTable('tasks')
    .set((eb) => ({ open_slots: eb('open_slots', '+', 1), updated_at: now }))
    .where('id', '=', a.task_id)
    .where('round', '=', a.round)
    .where('status', 'in', ['pending', 'in_progress'])
    .executeTakeFirst();
  if (Number(back.numUpdatedRows) === 1) {
    const task = await tx.selectFrom('tasks').select(['status', 'answer_count']).where('id', '=', a.task_id).executeTakeFirstOrThrow();
    if (task.status === 'in_progress' && task.answer_count === 0) {
      const live = await tx
        .selectFrom('assignments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('task_id', '=', a.task_id)
        .where('status', '=', 'active')
        .executeTakeFirstOrThrow();
      if (Number(live.n) === 0) {
        await tx.updateTable('tasks').set({ status: 'pending' }).where('id', '=', a.task_id).execute();
        await moveStatus(tx, caps, a.project_id, 'in_progress', 'pending');
      }
    }
  }
  await appendEvents(tx, caps, [{ accountId: a.account_id, type: `assignment.${status}`, taskId: a.task_id, projectId: a.project_id, data: { assignment_id: a.id, helper_id: a.helper_id } }]);
  return true;
}

/** Returns every live lease of a helper (used when the helper is removed). */
export async function releaseLiveAssignments(tx: Tx, caps: Capabilities, where: { helperId: string }, status: 'released' | 'expired'): Promise<void> {
  const live = await tx.selectFrom('assignments').selectAll().where('helper_id', '=', where.helperId).where('status', '=', 'active').execute();
  for (const a of live) await returnLease(tx, caps, a, status);
}

/** The caller's own assignment; anyone else's is not found. */
export async function findOwnAssignment(tx: Tx, p: Principal, id: string, caps: Capabilities): Promise<Assignment> {
  if (p.userId === null) throw notFound('assignment');
  const { rows } = await runSql<Assignment>(tx, caps, 'select * from assignments where id = ? and helper_id = ?', [id, p.userId]);
  if (!rows[0]) throw notFound('assignment');
  return rows[0];
}

/** Skip: the helper gives the task back at once; it will not be offered to them again. */
export async function releaseAssignment(store: Store, p: Principal, id: string): Promise<AssignmentView> {
  return store.transaction(async (tx) => {
    const a = await findOwnAssignment(tx, p, id, store.caps);
    if (a.status !== 'active') throw new DomainError('conflict', `this assignment is already ${a.status}`, { status: a.status });
    // Read without a lock: an expiry or a submit may have ended it since.
    if (!(await returnLease(tx, store.caps, a, 'released'))) {
      const { status } = await tx.selectFrom('assignments').select('status').where('id', '=', a.id).executeTakeFirstOrThrow();
      throw new DomainError('conflict', `this assignment is already ${status}`, { status });
    }
    return assignmentView({ ...a, status: 'released', finished_at: nowIso() });
  });
}

/** Extends a live lease by the task's claim timeout; an expired lease cannot be revived. */
export async function heartbeatAssignment(store: Store, p: Principal, id: string): Promise<AssignmentView> {
  return store.transaction(async (tx) => {
    const a = await findOwnAssignment(tx, p, id, store.caps);
    const now = nowIso();
    if (a.status !== 'active' || a.lease_expires_at <= now) {
      throw new DomainError('conflict', 'this lease has ended; claim a new task', { status: a.status === 'active' ? 'expired' : a.status });
    }
    const { spec } = await tx.selectFrom('tasks').select('spec').where('id', '=', a.task_id).executeTakeFirstOrThrow();
    const minutes = (JSON.parse(spec) as TaskSpec).claim_timeout_minutes;
    const lease = new Date(Date.now() + minutes * 60_000).toISOString();
    // Conditional on the lease being live still: an expiry may have committed since it was read.
    const extended = await tx.updateTable('assignments').set({ lease_expires_at: lease }).where('id', '=', a.id).where('status', '=', 'active').where('lease_expires_at', '>', now).executeTakeFirst();
    if (Number(extended.numUpdatedRows) !== 1) throw new DomainError('conflict', 'this lease has ended; claim a new task', { status: 'expired' });
    return assignmentView({ ...a, lease_expires_at: lease });
  });
}

/**
 * Returns leases whose time ran out to the pool, and the leases of removed helpers; run every half second
 * by the background runner. A claim reads the helper's permissions before its transaction, so its lease may
 * commit just after the helper's removal released their leases: such a lease is released here, not left to
 * hold the task's slot until it expires.
 */
export async function expireLeases(store: Store, limit = 500): Promise<number> {
  const due = await store.db.selectFrom('assignments').selectAll().where('status', '=', sql.lit('active')).where('lease_expires_at', '<=', nowIso()).limit(limit).execute();
  let expired = 0;
  for (const a of due) {
    if (await store.transaction((tx) => returnLease(tx, store.caps, a, 'expired'))) expired++;
  }
  const orphaned = await store.db
    .selectFrom('assignments as a')
    .innerJoin('users as u', 'u.id', 'a.helper_id')
    .selectAll('a')
    .where('a.status', '=', sql.lit('active'))
    .where('u.deleted_at', 'is not', null)
    .limit(limit)
    .execute();
  for (const a of orphaned) await store.transaction((tx) => returnLease(tx, store.caps, a, 'released'));
  return expired;
}
