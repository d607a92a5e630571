import { lockToChange } from '../../store/queries/lock-to-change.ts';
import type { Store, Tx } from '../../store/store.ts';
import { DomainError } from '../domain-error.ts';
import { newSecret, nowIso } from '../ids.ts';
import type { Principal } from '../principal.ts';
import { DEFAULT_WEBHOOK_SETTINGS } from './webhook-settings.ts';

/**
 * Deliveries to a task's `callback_url` are signed like endpoint deliveries, with one secret per account.
 * It exists from the account's first callback; the requester learns it by rotating (shown once), and the
 * secret it replaces keeps signing as `v0=` for the grace period.
 */
export async function rotateCallbackSecret(store: Store, p: Principal, graceMs = DEFAULT_WEBHOOK_SETTINGS.rotationGraceMs): Promise<{ secret: string; previous_secret_expires_at: string | null }> {
  if (p.projectId !== null) throw new DomainError('forbidden', 'a project-scoped key cannot rotate the account\'s callback secret');
  return store.transaction(async (tx) => {
    await ensureCallbackSecrets(tx, [p.accountId]);
    // Locked: two rotations at once would otherwise both keep the same previous secret, and the first
    // caller's new secret would never sign anything.
    const old = await lockToChange(tx.selectFrom('webhook_callback_secrets').select('secret').where('account_id', '=', p.accountId), store.caps).executeTakeFirstOrThrow();
    const secret = newSecret('whsec_');
    const expires = new Date(Date.now() + graceMs).toISOString();
    await tx.updateTable('webhook_callback_secrets').set({ secret, previous_secret: old.secret, previous_secret_expires_at: expires }).where('account_id', '=', p.accountId).execute();
    return { secret, previous_secret_expires_at: expires };
  });
}

/** Gives each of these accounts a callback secret if it has none yet (inside the fan-out's transaction). */
export async function ensureCallbackSecrets(tx: Tx, accountIds: Iterable<string>): Promise<void> {
  const wanted = [...new Set(accountIds)];
  if (wanted.length === 0) return;
  const have = new Set((await tx.selectFrom('webhook_callback_secrets').select('account_id').where('account_id', 'in', wanted).execute()).map((r) => r.account_id));
  const missing = wanted.filter((a) => !have.has(a));
  if (missing.length === 0) return;
  const now = nowIso();
  await tx
    .insertInto('webhook_callback_secrets')
    .values(missing.map((account_id) => ({ account_id, secret: newSecret('whsec_'), previous_secret: null, previous_secret_expires_at: null, created_at: now })))
    .onConflict((oc) => oc.column('account_id').doNothing())
    .execute();
}
