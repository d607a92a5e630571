import type { Selectable } from 'kysely';
import type { Capabilities } from '../../store/capabilities.ts';
import { lockToChange } from '../../store/queries/lock-to-change.ts';
import type { Database } from '../../store/schema.ts';
import type { Tx } from '../../store/store.ts';
import { notFound } from '../domain-error.ts';
import type { Principal } from '../principal.ts';

type ProjectRow = Selectable<Database['projects']>;

/**
 * Loads a project the caller may see. Another account's project, or another project than the one a
 * scoped key is bound to, is reported as not found: its existence is not the caller's business.
 */
export function findProject(tx: Tx, p: Principal, id: string): Promise<ProjectRow> {
  return loadProject(tx, p, id, null);
}

/**
 * Loads a project the caller may see in order to change it, inside the caller's transaction: locked, so that
 * two concurrent changes of different fields both land (the second reads what the first wrote).
 */
export function findProjectToChange(tx: Tx, caps: Capabilities, p: Principal, id: string): Promise<ProjectRow> {
  return loadProject(tx, p, id, caps);
}

async function loadProject(tx: Tx, p: Principal, id: string, lockFor: Capabilities | null): Promise<ProjectRow> {
  if (p.projectId !== null && p.projectId !== id) throw notFound('project');
  let query = tx.selectFrom('projects').selectAll().where('id', '=', id).where('account_id', '=', p.accountId);
  if (lockFor) query = lockToChange(query, lockFor);
  const row = await query.executeTakeFirst();
  if (!row) throw notFound('project');
  return row;
}
