import type { Store } from '../../store/store.ts';
import { login } from '../accounts/login.ts';
import type { UserView } from '../accounts/user-view.ts';
import { DomainError } from '../domain-error.ts';
import { nowIso, secretHash } from '../ids.ts';
import { hashPassword } from '../passwords.ts';

/** Sets the invited helper's password (once) and logs them in. */
export async function acceptInvite(store: Store, token: string, password: string): Promise<{ token: string; user: UserView }> {
  // A bogus token is turned away before the costly password hash, so such calls cannot burn CPU.
  const known = await store.db.selectFrom('invites').select('accepted_at').where('token_hash', '=', secretHash(token)).executeTakeFirst();
  if (!known || known.accepted_at !== null) throw new DomainError('not_found', 'this invite link is unknown, used or expired');
  const passwordHash = await hashPassword(password);
  const email = await store.transaction(async (tx) => {
    const invite = await tx.selectFrom('invites').selectAll().where('token_hash', '=', secretHash(token)).executeTakeFirst();
    if (!invite || invite.accepted_at !== null || invite.expires_at <= nowIso()) {
      throw new DomainError('not_found', 'this invite link is unknown, used or expired');
    }
    const user = await tx.selectFrom('users').select(['email', 'deleted_at']).where('id', '=', invite.user_id).executeTakeFirst();
    if (!user || user.deleted_at !== null) throw new DomainError('not_found', 'this invite link is unknown, used or expired');
    const taken = await tx.updateTable('invites').set({ accepted_at: nowIso() }).where('token_hash', '=', invite.token_hash).where('accepted_at', 'is', null).executeTakeFirst();
    if (Number(taken.numUpdatedRows) !== 1) throw new DomainError('not_found', 'this invite link is unknown, used or expired');
    await tx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', invite.user_id).execute();
    return user.email;
  });
  return login(store, email, password);
}
