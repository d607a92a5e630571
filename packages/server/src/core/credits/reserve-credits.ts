import type { Capabilities } from '../../store/capabilities.ts';
import type { Tx } from '../../store/store.ts';
import { DomainError } from '../domain-error.ts';
import { toCredits } from './credit-amounts.ts';
import { balanceOf, recordMovements, takeAvailable } from './record-movements.ts';

export interface Reservation {
  taskId: string;
  /** Micro-credits; 0 for tasks that are not charged. */
  amount: number;
}

/**
 * Sets credits aside for new tasks, in the transaction that creates them. `all`: every task or none, with
 * 402 `insufficient_credits`; `fit`: the tasks that fit, in order, and the ids of those that do not.
 */
export async function reserveCredits(tx: Tx, caps: Capabilities, accountId: string, tasks: readonly Reservation[], mode: 'all' | 'fit'): Promise<Set<string>> {
  const charged = tasks.filter((t) => t.amount > 0);
  const refused = new Set<string>();
  if (charged.length === 0) return refused;
  let taken: Reservation[] = [];
  for (let attempt = 0; ; attempt++) {
    const available = await balanceOf(tx, caps, 'available', accountId);
    taken = [];
    let sum = 0;
    refused.clear();
    for (const t of charged) {
      if (sum + t.amount <= available && (mode === 'fit' || refused.size === 0)) {
        taken.push(t);
        sum += t.amount;
      } else refused.add(t.taskId);
    }
    if (mode === 'all' && refused.size > 0) {
      const needed = charged.reduce((s, t) => s + t.amount, 0);
      throw new DomainError('insufficient_credits', `these tasks need ${toCredits(needed)} credits and ${toCredits(available)} are available; nothing was created`, {
        needed: toCredits(needed),
        available: toCredits(available),
      });
    }
    // The balance read above may be stale under concurrency: the guarded debit decides, and a loss re-reads.
    if (await takeAvailable(tx, caps, accountId, sum)) break;
    if (attempt >= 5) throw new DomainError('conflict', 'the account’s credits changed while reserving; try again');
  }
  const total = taken.reduce((s, t) => s + t.amount, 0);
  await recordMovements(
    tx,
    caps,
    taken.map((t) => ({ accountId, kind: 'reservation' as const, taskId: t.taskId, legs: [{ book: 'available' as const, owner: accountId, amount: -t.amount }, { book: 'reserved' as const, owner: accountId, amount: t.amount }] })),
    [{ book: 'available', owner: accountId, amount: -total }],
  );
  return refused;
}
