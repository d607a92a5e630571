import type { Store } from '../../store/store.ts';
import type { Principal } from '../principal.ts';
import { apiKeyView } from './api-keys.ts';
import { userView } from './user-view.ts';

/** `GET /v1/me`: the account and whichever credential the caller used. */
export async function describeCaller(store: Store, p: Principal) {
  const account = await store.db.selectFrom('accounts').selectAll().where('id', '=', p.accountId).executeTakeFirstOrThrow();
  const user = p.userId ? await store.db.selectFrom('users').selectAll().where('id', '=', p.userId).executeTakeFirst() : undefined;
  const key = p.keyId ? await store.db.selectFrom('api_keys').selectAll().where('id', '=', p.keyId).executeTakeFirst() : undefined;
  return { account, user: user ? userView(user) : null, api_key: key ? apiKeyView(key) : null };
}
