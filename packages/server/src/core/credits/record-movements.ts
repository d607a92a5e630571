import type { Capabilities } from '../../store/capabilities.ts';
import { insertRows } from '../../store/queries/insert-rows.ts';
import { runSql } from '../../store/queries/run-sql.ts';
import type { Tx } from '../../store/store.ts';
import { newId, nowIso } from '../ids.ts';

/**
 * The ledger's books. `issued` is the source of every credit (its balance is minus all grants); an
 * account's credits are `available` or `reserved` for its tasks; paid work sits in the helper's `earnings`
 * and the platform's share in the account's `fees`. So every credit ever granted is in exactly one of
 * available, reserved, earnings or fees.
 */
export type Book = 'issued' | 'available' | 'reserved' | 'earnings' | 'fees';

export interface Leg {
  book: Book;
  owner: string;
  /** Micro-credits, signed. */
  amount: number;
}

export interface Movement {
  accountId: string;
  kind: 'grant' | 'reservation' | 'payment' | 'fee' | 'refund';
  taskId?: string | null;
  helperId?: string | null;
  note?: string | null;
  legs: Leg[];
}

const ENTRY_COLUMNS = ['movement_id', 'account_id', 'book', 'owner_id', 'amount', 'kind', 'task_id', 'helper_id', 'note', 'created_at'] as const;

const ADD_TO_BALANCE =
  'insert into credit_balances (book, owner_id, amount) values (?, ?, ?) on conflict (book, owner_id) do update set amount = credit_balances.amount + excluded.amount';

/**
 * Writes movements in the caller's transaction: their legs as ledger entries, and the sum per book into the
 * cached balances. A movement whose legs do not sum to zero is a bug, refused before anything is written.
 * `applied` holds balance changes the caller already made (a guarded debit), so they are not made twice.
 */
export async function recordMovements(tx: Tx, caps: Capabilities, movements: readonly Movement[], applied: readonly Leg[] = []): Promise<void> {
  const at = nowIso();
  const rows: Record<string, unknown>[] = [];
  const deltas = new Map<string, Leg>();
  for (const m of movements) {
    const legs = m.legs.filter((l) => l.amount !== 0);
    if (legs.reduce((sum, l) => sum + l.amount, 0) !== 0) throw new Error(`ledger: the legs of a ${m.kind} movement do not sum to zero`);
    const movementId = newId();
    for (const l of legs) {
      rows.push({ movement_id: movementId, account_id: m.accountId, book: l.book, owner_id: l.owner, amount: l.amount, kind: m.kind, task_id: m.taskId ?? null, helper_id: m.helperId ?? null, note: m.note ?? null, created_at: at });
      const key = `${l.book}\u0000${l.owner}`;
      const d = deltas.get(key);
      if (d) d.amount += l.amount;
      else deltas.set(key, { ...l });
    }
  }
  for (const a of applied) {
    const d = deltas.get(`${a.book}\u0000${a.owner}`);
    if (d) d.amount -= a.amount;
  }
  await insertRows(tx, caps, 'ledger_entries', ENTRY_COLUMNS, rows);
  // A fixed order of balance rows, so that two transactions never lock them in opposite orders.
  for (const d of [...deltas.values()].sort((x, y) => (x.book + x.owner < y.book + y.owner ? -1 : 1))) {
    if (d.amount !== 0) await runSql(tx, caps, ADD_TO_BALANCE, [d.book, d.owner, d.amount]);
  }
}

/** A book's balance in micro-credits (0 when it never moved). */
export async function balanceOf(tx: Tx, caps: Capabilities, book: Book, owner: string): Promise<number> {
  const { rows } = await runSql<{ amount: number }>(tx, caps, 'select amount from credit_balances where book = ? and owner_id = ?', [book, owner]);
  return Number(rows[0]?.amount ?? 0);
}

/**
 * Takes `amount` from an account's available credits only if that many are there, in one statement: two
 * concurrent reservations can never both spend the same credits. Returns whether it did.
 */
export async function takeAvailable(tx: Tx, caps: Capabilities, accountId: string, amount: number): Promise<boolean> {
  if (amount === 0) return true;
  const { changes } = await runSql(tx, caps, "update credit_balances set amount = amount - ? where book = 'available' and owner_id = ? and amount >= ?", [amount, accountId, amount]);
  return changes === 1;
}
