import type { Operation } from '@minga/api-contracts';
import type { Store } from '../../store/store.ts';
import { notFound } from '../domain-error.ts';
import type { Principal } from '../principal.ts';
import { mayReadOperation, operationView } from './operation-view.ts';

export async function getOperation(store: Store, p: Principal, id: string): Promise<Operation> {
  const row = await store.db.selectFrom('operations').selectAll().where('id', '=', id.toLowerCase()).where('account_id', '=', p.accountId).executeTakeFirst();
  if (!row || !mayReadOperation(p, row)) throw notFound('operation');
  return operationView(row);
}
