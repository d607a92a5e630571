import type { Store } from '../../store/store.ts';
import { DomainError } from '../domain-error.ts';
import { actsAsInstanceAdmin } from './acts-as-instance-admin.ts';
import { newId, nowIso } from '../ids.ts';
import { hashPassword } from '../passwords.ts';
import type { Principal } from '../principal.ts';
import { insertApiKey, type ApiKeyView } from './api-keys.ts';
import { userView, type UserView } from './user-view.ts';

export interface NewAccount {
  name: string;
  ownerEmail: string;
  ownerPassword: string;
  instanceAdmin?: boolean;
}

export interface CreatedAccount {
  account: { id: string; name: string; created_at: string };
  owner: UserView;
  api_key: string;
  key: ApiKeyView;
}

/** Creates a tenant with its owner (a super user) and an account-wide live key, shown once. */
export async function insertAccount(store: Store, input: NewAccount): Promise<CreatedAccount> {
  const passwordHash = await hashPassword(input.ownerPassword);
  const email = input.ownerEmail.trim().toLowerCase();
  try {
    return await store.transaction(async (tx) => {
      const now = nowIso();
      const account = { id: newId(), name: input.name, created_at: now };
      await tx.insertInto('accounts').values(account).execute();
      const user = {
        id: newId(),
        account_id: account.id,
        email,
        name: null,
        password_hash: passwordHash,
        role: 'owner' as const,
        super_user: 1,
        instance_admin: input.instanceAdmin ? 1 : 0,
        created_at: now,
        deleted_at: null,
      };
      await tx.insertInto('users').values(user).execute();
      const { key, secret } = await insertApiKey(tx, { accountId: account.id, projectId: null, mode: 'live', name: 'owner' });
      return { account, owner: userView(user), api_key: secret, key };
    });
  } catch (error) {
    if (store.caps.isUniqueViolation(error)) throw new DomainError('conflict', 'a user with this email already exists');
    throw error;
  }
}

/** `POST /v1/accounts`: the instance admin may create tenants; anyone may when open sign-up is on. */
export async function createAccount(
  store: Store,
  caller: Principal | null,
  openSignup: boolean,
  input: NewAccount,
): Promise<CreatedAccount> {
  if (!openSignup && !(await actsAsInstanceAdmin(store, caller))) {
    throw new DomainError(caller ? 'forbidden' : 'unauthorized', 'only the instance admin may create accounts');
  }
  return insertAccount(store, { ...input, instanceAdmin: false });
}
