import type { CreditGrant } from '@minga/api-contracts';
import type { Store } from '../../store/store.ts';
import { actsAsInstanceAdmin } from '../accounts/acts-as-instance-admin.ts';
import { DomainError, notFound } from '../domain-error.ts';
import { decodeCursor, encodeCursor, type Page } from '../pagination.ts';
import type { Principal } from '../principal.ts';
import { toCredits, toMicro } from './credit-amounts.ts';
import { balanceOf, recordMovements } from './record-movements.ts';

/** `GET /v1/credits`: the caller's account's available and reserved credits. */
export async function getCredits(store: Store, p: Principal, enabled: boolean) {
  const [available, reserved] = await Promise.all([balanceOf(store.db, store.caps, 'available', p.accountId), balanceOf(store.db, store.caps, 'reserved', p.accountId)]);
  return { enabled, available: toCredits(available), reserved: toCredits(reserved) };
}

/** `GET /v1/credits/ledger`: the account's ledger entries, oldest first, in keyset pages. */
export async function listLedger(store: Store, p: Principal, q: { limit: number; cursor?: string | undefined }): Promise<Page<ReturnType<typeof entryView>>> {
  const after = decodeCursor(q.cursor);
  if (after !== undefined && !/^\d{1,15}$/.test(after)) throw new DomainError('validation_error', 'cursor is not one this API returned', [{ field: 'cursor', message: 'invalid cursor' }]);
  let query = store.db.selectFrom('ledger_entries').selectAll().where('account_id', '=', p.accountId);
  if (after !== undefined) query = query.where('seq', '>', Number(after));
  const rows = await query.orderBy('seq').limit(q.limit + 1).execute();
  const kept = rows.slice(0, q.limit);
  const last = kept[kept.length - 1];
  return { data: kept.map(entryView), has_more: rows.length > q.limit, next_cursor: rows.length > q.limit && last ? encodeCursor(String(last.seq)) : null };
}

function entryView(e: { seq: number; movement_id: string; book: string; owner_id: string; amount: number; kind: string; task_id: string | null; helper_id: string | null; note: string | null; created_at: string }) {
  return {
    id: String(e.seq),
    movement_id: e.movement_id,
    book: e.book as 'issued' | 'available' | 'reserved' | 'earnings' | 'fees',
    owner_id: e.owner_id,
    amount: toCredits(Number(e.amount)),
    kind: e.kind as 'grant' | 'reservation' | 'payment' | 'fee' | 'refund',
    task_id: e.task_id,
    helper_id: e.helper_id,
    note: e.note,
    created_at: e.created_at,
  };
}

/**
 * `POST /v1/credits/grants`: the instance admin issues credits to an account (its own by default). The
 * credits come from the `issued` book, so the ledger still sums to zero.
 */
export async function grantCredits(store: Store, p: Principal, enabled: boolean, input: CreditGrant) {
  if (!(await actsAsInstanceAdmin(store, p))) throw new DomainError('forbidden', 'only the instance admin may grant credits');
  if (!enabled) throw new DomainError('conflict', 'credits are off on this server (MINGA_CREDITS=off): nothing is charged, so there is nothing to grant');
  const accountId = input.account_id ?? p.accountId;
  const account = await store.db.selectFrom('accounts').select('id').where('id', '=', accountId).executeTakeFirst();
  if (!account) throw notFound('account');
  const amount = toMicro(input.amount);
  if (amount <= 0) throw new DomainError('validation_error', 'amount: must be at least one micro-credit', [{ field: 'amount', message: 'too small' }]);
  await store.transaction((tx) =>
    recordMovements(tx, store.caps, [{ accountId, kind: 'grant', note: input.note ?? null, legs: [{ book: 'issued', owner: '*', amount: -amount }, { book: 'available', owner: accountId, amount }] }]),
  );
  const [available, reserved] = await Promise.all([balanceOf(store.db, store.caps, 'available', accountId), balanceOf(store.db, store.caps, 'reserved', accountId)]);
  return { account_id: accountId, granted: toCredits(amount), available: toCredits(available), reserved: toCredits(reserved) };
}
