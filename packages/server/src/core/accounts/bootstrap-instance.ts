import type { Store } from '../../store/store.ts';
import { randomPassword } from '../passwords.ts';
import { DomainError } from '../domain-error.ts';
import { insertAccount } from './create-account.ts';

export interface BootstrapCredentials {
  email: string;
  password: string;
  apiKey: string;
}

/**
 * On an empty store, creates the first account and its owner, who is the instance admin, and returns the
 * credentials to print once. Returns null when the store already has an account. Safe when several
 * processes start together: the owner's unique email lets exactly one of them win.
 */
export async function bootstrapInstance(store: Store, ownerEmail: string): Promise<BootstrapCredentials | null> {
  const existing = await store.db.selectFrom('accounts').select('id').limit(1).executeTakeFirst();
  if (existing) return null;
  const password = randomPassword();
  try {
    const created = await insertAccount(store, { name: 'Default', ownerEmail, ownerPassword: password, instanceAdmin: true });
    return { email: created.owner.email, password, apiKey: created.api_key };
  } catch (error) {
    if (error instanceof DomainError && error.code === 'conflict') return null;
    throw error;
  }
}
