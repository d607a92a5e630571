import type { Store } from '../../store/store.ts';
import type { Principal } from '../principal.ts';

/**
 * The instance admin logged in, or a live account-wide key of the admin's account: the key printed on
 * first start stands for its owner like any account-wide key, so it may create tenants too.
 */
export async function actsAsInstanceAdmin(store: Store, caller: Principal | null): Promise<boolean> {
  if (!caller) return false;
  if (caller.instanceAdmin) return true;
  if (caller.role !== 'key' || caller.projectId !== null || caller.mode !== 'live') return false;
  const admin = await store.db
    .selectFrom('users')
    .select('id')
    .where('account_id', '=', caller.accountId)
    .where('instance_admin', '=', 1)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return admin !== undefined;
}
