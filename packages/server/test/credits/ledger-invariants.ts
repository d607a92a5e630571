import { expect } from 'vitest';
import type { Store } from '../../src/store/store.ts';

/**
 * The ledger's promises, checked straight in the store: every movement's legs sum to zero (so the whole
 * ledger does); each cached balance equals the sum of its book's entries; no balance but `issued` is
 * negative; so every credit ever issued is available, reserved, paid to a helper or taken as a fee; and
 * no task has a negative reservation, nor one left once it is completed or canceled.
 */
export async function expectLedgerInvariants(store: Store): Promise<{ issued: number; available: number; reserved: number; earnings: number; fees: number }> {
  const movements = await store.db
    .selectFrom('ledger_entries')
    .select(['movement_id', (eb) => eb.fn.sum<number>('amount').as('sum')])
    .groupBy('movement_id')
    .execute();
  expect(movements.filter((m) => Number(m.sum) !== 0)).toEqual([]);

  const sums = await store.db
    .selectFrom('ledger_entries')
    .select(['book', 'owner_id', (eb) => eb.fn.sum<number>('amount').as('sum')])
    .groupBy(['book', 'owner_id'])
    .execute();
  const balances = await store.db.selectFrom('credit_balances').selectAll().execute();
  const fromEntries = new Map(sums.map((s) => [`${s.book}/${s.owner_id}`, Number(s.sum)]));
  const cached = new Map(balances.filter((b) => Number(b.amount) !== 0).map((b) => [`${b.book}/${b.owner_id}`, Number(b.amount)]));
  expect(cached).toEqual(new Map([...fromEntries].filter(([, v]) => v !== 0)));
  expect(balances.filter((b) => b.book !== 'issued' && Number(b.amount) < 0)).toEqual([]);

  const total = { issued: 0, available: 0, reserved: 0, earnings: 0, fees: 0 };
  for (const b of balances) total[b.book as keyof typeof total] += Number(b.amount);
  const held = total.available + total.reserved + total.earnings + total.fees;
  expect(held === -total.issued, `issued ${-total.issued}, held ${JSON.stringify(total)}`).toBe(true);

  const perTask = await store.db
    .selectFrom('ledger_entries as l')
    .innerJoin('tasks as t', 't.id', 'l.task_id')
    .select(['l.task_id', 't.status', (eb) => eb.fn.sum<number>('l.amount').as('reserved')])
    .where('l.book', '=', 'reserved')
    .groupBy(['l.task_id', 't.status'])
    .execute();
  expect(perTask.filter((t) => Number(t.reserved) < 0)).toEqual([]);
  expect(perTask.filter((t) => (t.status === 'completed' || t.status === 'canceled') && Number(t.reserved) !== 0)).toEqual([]);
  return total;
}
