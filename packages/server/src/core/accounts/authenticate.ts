import type { Store } from '../../store/store.ts';
import { nowIso, secretHash } from '../ids.ts';
import type { Principal } from '../principal.ts';

const LAST_USED_RESOLUTION_MS = 60_000;
const lastUsedWritten = new Map<string, number>();

/**
 * Resolves a bearer token (an API key or a session token) to its principal, or null. Keys are looked up by
 * their hash; `last_used_at` is written at most once a minute per key so that reads stay reads.
 */
export async function authenticate(store: Store, token: string): Promise<Principal | null> {
  if (token.length < 20 || token.length > 200) return null;
  const hash = secretHash(token);
  if (token.startsWith('mk_live_') || token.startsWith('mk_test_')) {
    const key = await store.db
      .selectFrom('api_keys')
      .select(['id', 'account_id', 'project_id', 'mode', 'revoked_at'])
      .where('key_hash', '=', hash)
      .executeTakeFirst();
    if (!key || key.revoked_at !== null) return null;
    const now = Date.now();
    if ((lastUsedWritten.get(key.id) ?? 0) + LAST_USED_RESOLUTION_MS < now) {
      lastUsedWritten.set(key.id, now);
      await store.db.updateTable('api_keys').set({ last_used_at: nowIso() }).where('id', '=', key.id).execute();
    }
    return {
      accountId: key.account_id,
      mode: key.mode,
      keyId: key.id,
      userId: null,
      projectId: key.project_id,
      role: 'key',
      instanceAdmin: false,
    };
  }
  if (token.startsWith('ms_')) {
    const session = await store.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select(['users.id as user_id', 'users.account_id', 'users.role', 'users.instance_admin', 'users.deleted_at', 'sessions.expires_at'])
      .where('sessions.token_hash', '=', hash)
      .executeTakeFirst();
    if (!session || session.deleted_at !== null || session.expires_at <= nowIso()) return null;
    return {
      accountId: session.account_id,
      mode: 'live',
      keyId: null,
      userId: session.user_id,
      projectId: null,
      role: session.role,
      instanceAdmin: session.instance_admin === 1,
    };
  }
  return null;
}
