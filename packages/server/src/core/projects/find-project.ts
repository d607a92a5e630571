import type { Selectable } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { Tx } from '../../store/store.ts';
import { notFound } from '../domain-error.ts';
import type { Principal } from '../principal.ts';

/**
 * Loads a project the caller may see. Another account's project, or another project than the one a
 * scoped key is bound to, is reported as not found: its existence is not the caller's business.
 */
export async function findProject(tx: Tx, p: Principal, id: string): Promise<Selectable<Database['projects']>> {
  if (p.projectId !== null && p.projectId !== id) throw notFound('project');
  const row = await tx.selectFrom('projects').selectAll().where('id', '=', id).where('account_id', '=', p.accountId).executeTakeFirst();
  if (!row) throw notFound('project');
  return row;
}
