import type { Selectable } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { Store, Tx } from '../../store/store.ts';
import { DomainError, notFound } from '../domain-error.ts';
import { newId, newSecret, nowIso, secretHash } from '../ids.ts';
import { toPage, decodeCursor, type Page } from '../pagination.ts';
import type { Principal } from '../principal.ts';

type ApiKeyRow = Selectable<Database['api_keys']>;

export const apiKeyView = (k: ApiKeyRow) => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  mode: k.mode,
  project_id: k.project_id,
  created_at: k.created_at,
  last_used_at: k.last_used_at,
  revoked_at: k.revoked_at,
});
export type ApiKeyView = ReturnType<typeof apiKeyView>;

/** Creates a key and returns its secret, which is never stored and cannot be shown again. */
export async function insertApiKey(
  tx: Tx,
  input: { accountId: string; projectId: string | null; mode: 'live' | 'test'; name: string | null },
): Promise<{ key: ApiKeyView; secret: string }> {
  const secret = newSecret(`mk_${input.mode}_`);
  const row: ApiKeyRow = {
    id: newId(),
    account_id: input.accountId,
    project_id: input.projectId,
    mode: input.mode,
    name: input.name,
    prefix: secret.slice(0, 16),
    key_hash: secretHash(secret),
    created_at: nowIso(),
    last_used_at: null,
    revoked_at: null,
  };
  await tx.insertInto('api_keys').values(row).execute();
  return { key: apiKeyView(row), secret };
}

/** Account-wide credentials manage keys; a project-scoped key may not mint or revoke keys. */
function assertCanManageKeys(p: Principal): void {
  if (p.projectId !== null) throw new DomainError('forbidden', 'a project-scoped key cannot manage API keys');
  if (p.role === 'helper') throw new DomainError('forbidden', 'helpers cannot manage API keys');
}

export async function createApiKey(
  store: Store,
  p: Principal,
  input: { name?: string | undefined; mode: 'live' | 'test'; project_id?: string | undefined },
): Promise<{ key: ApiKeyView; secret: string }> {
  assertCanManageKeys(p);
  return store.transaction(async (tx) => {
    if (input.project_id !== undefined) {
      const project = await tx
        .selectFrom('projects')
        .select('id')
        .where('id', '=', input.project_id)
        .where('account_id', '=', p.accountId)
        .executeTakeFirst();
      if (!project) throw notFound('project');
    }
    return insertApiKey(tx, { accountId: p.accountId, projectId: input.project_id ?? null, mode: input.mode, name: input.name ?? null });
  });
}

export async function listApiKeys(store: Store, p: Principal, q: { limit: number; cursor?: string | undefined }): Promise<Page<ApiKeyView>> {
  assertCanManageKeys(p);
  const after = decodeCursor(q.cursor);
  let query = store.db.selectFrom('api_keys').selectAll().where('account_id', '=', p.accountId);
  if (after) query = query.where('id', '>', after);
  const rows = await query.orderBy('id').limit(q.limit + 1).execute();
  return toPage(rows, q.limit, apiKeyView);
}

export async function revokeApiKey(store: Store, p: Principal, id: string): Promise<ApiKeyView> {
  assertCanManageKeys(p);
  return store.transaction(async (tx) => {
    const row = await tx.selectFrom('api_keys').selectAll().where('id', '=', id).where('account_id', '=', p.accountId).executeTakeFirst();
    if (!row) throw notFound('API key');
    if (row.revoked_at === null) {
      row.revoked_at = nowIso();
      await tx.updateTable('api_keys').set({ revoked_at: row.revoked_at }).where('id', '=', id).execute();
    }
    return apiKeyView(row);
  });
}
