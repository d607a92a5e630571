import type { Store } from '../../store/store.ts';
import { DomainError } from '../domain-error.ts';
import { newSecret, secretHash } from '../ids.ts';
import { hashPassword, verifyPassword } from '../passwords.ts';
import { userView, type UserView } from './user-view.ts';

const SESSION_DAYS = 30;
// Verifying against a real hash when the email is unknown keeps response times from revealing which
// emails have accounts.
const decoyHash = hashPassword('not a password of anyone');

/** Checks an email and password and opens a session; the token is returned once and stored hashed. */
export async function login(store: Store, email: string, password: string): Promise<{ token: string; user: UserView }> {
  const user = await store.db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', email.trim().toLowerCase())
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  const ok = await verifyPassword(password, user?.password_hash ?? (await decoyHash));
  if (!user || !ok) throw new DomainError('unauthorized', 'email or password is wrong');
  const token = newSecret('ms_');
  const now = new Date();
  await store.db
    .insertInto('sessions')
    .values({
      token_hash: secretHash(token),
      user_id: user.id,
      account_id: user.account_id,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString(),
    })
    .execute();
  return { token, user: userView(user) };
}

