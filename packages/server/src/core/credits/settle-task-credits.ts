import type { Capabilities } from '../../store/capabilities.ts';
import { runSql } from '../../store/queries/run-sql.ts';
import type { Tx } from '../../store/store.ts';
import type { TaskSpec } from '../tasks/task-view.ts';
import { reservationFor, settlementFor } from './credit-amounts.ts';
import { recordMovements, type Movement } from './record-movements.ts';

interface BilledTask {
  id: string;
  account_id: string;
  test: number;
}

/**
 * What settling a task costs, in micro-credits: the rewards of its accepted answers and the fee. Test-mode
 * tasks, control tasks and unbounded ones cost nothing. Computed the same whether or not credits are on, so
 * that `credits_used` reports the cost either way.
 */
export function costOfSettling(task: BilledTask, spec: TaskSpec, accepted: number): { work: number; fee: number } {
  if (task.test !== 0 || reservationFor(spec) === 0) return { work: 0, fee: 0 };
  return settlementFor(spec, accepted);
}

/** The credits still set aside for a task (the sum of its `reserved` entries). */
async function reservedFor(tx: Tx, caps: Capabilities, taskId: string): Promise<number> {
  const { rows } = await runSql<{ n: number | null }>(tx, caps, "select sum(amount) as n from ledger_entries where task_id = ? and book = 'reserved'", [taskId]);
  return Number(rows[0]?.n ?? 0);
}

/**
 * Settles a task whose result was accepted (decided by consensus, or accepted or fixed in review): each
 * accepted answer's reward goes to its helper, the fee to the platform, and what is left of the reservation
 * back to the account's available credits. The caller settles at most once per round (its status change is
 * conditional); a task with nothing reserved moves nothing.
 */
export async function settleTaskCredits(tx: Tx, caps: Capabilities, task: BilledTask, spec: TaskSpec, acceptedHelpers: readonly string[]): Promise<void> {
  const reserved = await reservedFor(tx, caps, task.id);
  if (reserved <= 0) return;
  const { work, fee } = costOfSettling(task, spec, acceptedHelpers.length);
  // The reservation covered every answer the task may take; should it not cover these (it always does), pay
  // nothing rather than spend credits that were never set aside.
  if (work + fee > reserved) return refundTaskCredits(tx, caps, task);
  const account = task.account_id;
  const reward = acceptedHelpers.length > 0 ? work / acceptedHelpers.length : 0;
  const movements: Movement[] = acceptedHelpers.map((helperId) => ({
    accountId: account,
    kind: 'payment',
    taskId: task.id,
    helperId,
    legs: [{ book: 'reserved', owner: account, amount: -reward }, { book: 'earnings', owner: helperId, amount: reward }],
  }));
  movements.push({ accountId: account, kind: 'fee', taskId: task.id, legs: [{ book: 'reserved', owner: account, amount: -fee }, { book: 'fees', owner: account, amount: fee }] });
  const rest = reserved - work - fee;
  movements.push({ accountId: account, kind: 'refund', taskId: task.id, legs: [{ book: 'reserved', owner: account, amount: -rest }, { book: 'available', owner: account, amount: rest }] });
  await recordMovements(tx, caps, movements);
}

/** Gives back everything still reserved for a task (canceled, or its result rejected). */
export async function refundTaskCredits(tx: Tx, caps: Capabilities, task: BilledTask): Promise<void> {
  const reserved = await reservedFor(tx, caps, task.id);
  if (reserved <= 0) return;
  await recordMovements(tx, caps, [
    { accountId: task.account_id, kind: 'refund', taskId: task.id, legs: [{ book: 'reserved', owner: task.account_id, amount: -reserved }, { book: 'available', owner: task.account_id, amount: reserved }] },
  ]);
}
