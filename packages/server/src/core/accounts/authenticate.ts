import type { SpendInStatement } from '../limits/rate-limiter.ts';
import { runSql } from '../../store/queries/run-sql.ts';
import type { Store } from '../../store/store.ts';
import { nowIso, secretHash } from '../ids.ts';
import type { Principal } from '../principal.ts';

const LAST_USED_RESOLUTION_MS = 60_000;
const lastUsedWritten = new Map<string, number>();

interface KeyRow {
  id: string;
  account_id: string;
  project_id: string | null;
  mode: 'live' | 'test';
  revoked_at: string | null;
}

interface SessionRow {
  user_id: string;
  account_id: string;
  role: Principal['role'];
  instance_admin: number;
  deleted_at: string | null;
  expires_at: string;
}

const KEY_LOOKUP = 'select id, account_id, project_id, mode, revoked_at from api_keys where key_hash = ?';
const SESSION_LOOKUP =
  'select u.id as user_id, u.account_id, u.role, u.instance_admin, u.deleted_at, s.expires_at from sessions s join users u on u.id = s.user_id where s.token_hash = ?';

type TokenKind = 'key' | 'session' | null;
const kindOf = (token: string): TokenKind =>
  token.length < 20 || token.length > 200 ? null : token.startsWith('mk_live_') || token.startsWith('mk_test_') ? 'key' : token.startsWith('ms_') ? 'session' : null;

/**
 * Resolves a bearer token (an API key or a session token) to its principal, or null. Keys are looked up by
 * their hash; `last_used_at` is written at most once a minute per key so that reads stay reads.
 */
export async function authenticate(store: Store, token: string): Promise<Principal | null> {
  const kind = kindOf(token);
  return kind === null ? null : principalOf(store, kind, secretHash(token));
}

/** The principal of a token of `kind` whose hash is `hash`, or null. */
async function principalOf(store: Store, kind: 'key' | 'session', hash: string): Promise<Principal | null> {
  if (kind === 'key') return keyPrincipal(store, (await runSql<KeyRow>(store.db, store.caps, KEY_LOOKUP, [hash])).rows[0]);
  return sessionPrincipal((await runSql<SessionRow>(store.db, store.caps, SESSION_LOOKUP, [hash])).rows[0], nowIso());
}

/**
 * Who spends on a route: every caller the route serves. A caller it refuses (a helper on a requester's
 * route, an API key on a helper's) spends nothing, as when the check runs after authentication.
 */
export type RouteAudience = 'requester' | 'worker' | 'anyone';

/**
 * authenticate, spending the request's allowance in the same statement (a limiter kept in the store, on a
 * backend whose WITH clauses may write): one round trip where there were two. `spent` is false when the
 * allowance refused the request, or when the route refuses this caller anyway.
 */
export async function authenticateSpending(
  store: Store,
  token: string,
  spend: SpendInStatement,
  audience: RouteAudience,
): Promise<{ principal: Principal; spent: boolean } | null> {
  const kind = kindOf(token);
  if (kind === null) return null;
  const hash = secretHash(token);
  // The principal keys are rateKeyOf's, written in SQL.
  if (kind === 'key') {
    if (audience === 'worker') {
      const principal = await principalOf(store, kind, hash);
      return principal && { principal, spent: false };
    }
    const upsert = spend('who', `'key:' || who.id`, 'who.revoked_at is null');
    const { rows } = await runSql<KeyRow & { spent: number | string }>(
      store.db,
      store.caps,
      `with who as (${KEY_LOOKUP}), spent as (${upsert.text}) select who.*, (select count(*) from spent) as spent from who`,
      [hash, ...upsert.params],
    );
    const row = rows[0];
    const principal = await keyPrincipal(store, row);
    return principal && { principal, spent: Number(row?.spent) === 1 };
  }
  const now = nowIso();
  const upsert = spend('who', `'user:' || who.user_id`, `who.live and who.deleted_at is null${audience === 'requester' ? " and who.role <> 'helper'" : ''}`);
  const { rows } = await runSql<SessionRow & { spent: number | string }>(
    store.db,
    store.caps,
    `with who as (${SESSION_LOOKUP.replace(' from sessions', ', s.expires_at > ? as live from sessions')}), spent as (${upsert.text})
     select who.*, (select count(*) from spent) as spent from who`,
    [now, hash, ...upsert.params],
  );
  const row = rows[0];
  const principal = sessionPrincipal(row, now);
  return principal && { principal, spent: Number(row?.spent) === 1 };
}

async function keyPrincipal(store: Store, key: KeyRow | undefined): Promise<Principal | null> {
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

function sessionPrincipal(session: SessionRow | undefined, now: string): Principal | null {
  if (!session || session.deleted_at !== null || session.expires_at <= now) return null;
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
