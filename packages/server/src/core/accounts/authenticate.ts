import { runSql } from '../../store/queries/run-sql.ts';
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
    const { rows } = await runSql<{ id: string; account_id: string; project_id: string | null; mode: 'live' | 'test'; revoked_at: string | null }>(
      store.db,
      store.caps,
      'select id, account_id, project_id, mode, revoked_at from api_keys where key_hash = ?',
      [hash],
    );
    const key = rows[0];
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
    const { rows } = await runSql<{ user_id: string; account_id: string; role: Principal['role']; instance_admin: number; deleted_at: string | null; expires_at: string }>(
      store.db,
      store.caps,
      'select u.id as user_id, u.account_id, u.role, u.instance_admin, u.deleted_at, s.expires_at from sessions s join users u on u.id = s.user_id where s.token_hash = ?',
      [hash],
    );
    const session = rows[0];
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
