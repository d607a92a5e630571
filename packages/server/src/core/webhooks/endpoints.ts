import type { Selectable } from 'kysely';
import type { Capabilities } from '../../store/capabilities.ts';
import { lockToChange } from '../../store/queries/lock-to-change.ts';
import type { Database } from '../../store/schema.ts';
import type { Store, Tx } from '../../store/store.ts';
import { notFound } from '../domain-error.ts';
import { newId, newSecret, nowIso } from '../ids.ts';
import { decodeCursor, toPage, type Page } from '../pagination.ts';
import type { Principal } from '../principal.ts';
import { findProject } from '../projects/find-project.ts';
import { DEFAULT_WEBHOOK_SETTINGS } from './webhook-settings.ts';

export type EndpointRow = Selectable<Database['webhook_endpoints']>;

export const endpointView = (e: EndpointRow) => ({
  id: e.id,
  url: e.url,
  description: e.description,
  events: JSON.parse(e.events) as string[],
  project_id: e.project_id,
  status: e.status,
  disabled_reason: e.disabled_reason,
  disabled_at: e.disabled_at,
  failing_since: e.failing_since,
  last_success_at: e.last_success_at,
  secret_prefix: e.secret.slice(0, 12),
  previous_secret_expires_at: e.previous_secret_expires_at !== null && e.previous_secret_expires_at > nowIso() ? e.previous_secret_expires_at : null,
  created_at: e.created_at,
  updated_at: e.updated_at,
});
export type EndpointView = ReturnType<typeof endpointView>;

/** Endpoints are the requester's: a project-scoped key sees and makes only its project's. */
async function findEndpoint(tx: Tx, p: Principal, id: string, lockFor: Capabilities | null = null): Promise<EndpointRow> {
  let q = tx.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).where('account_id', '=', p.accountId).where('deleted_at', 'is', null);
  if (p.projectId !== null) q = q.where('project_id', '=', p.projectId);
  // Locked when it is to be changed: two rotations at once would otherwise both keep the same previous
  // secret, and the first caller's new secret would never sign anything.
  if (lockFor) q = lockToChange(q, lockFor);
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('webhook endpoint');
  return row;
}

export async function createEndpoint(
  store: Store,
  p: Principal,
  input: { url: string; events: string[]; description?: string | undefined; project_id?: string | undefined },
): Promise<{ endpoint: EndpointView; secret: string }> {
  return store.transaction(async (tx) => {
    const projectId = input.project_id ?? p.projectId;
    if (projectId !== null) await findProject(tx, p, projectId);
    const now = nowIso();
    const secret = newSecret('whsec_');
    const row: EndpointRow = {
      id: newId(),
      account_id: p.accountId,
      project_id: projectId,
      url: input.url,
      description: input.description ?? null,
      events: JSON.stringify([...new Set(input.events)]),
      secret,
      previous_secret: null,
      previous_secret_expires_at: null,
      status: 'enabled',
      disabled_reason: null,
      disabled_at: null,
      failing_since: null,
      last_success_at: null,
      created_at: now,
      updated_at: now,
      deleted_at: null,
    };
    await tx.insertInto('webhook_endpoints').values(row).execute();
    return { endpoint: endpointView(row), secret };
  });
}

export async function listEndpoints(store: Store, p: Principal, q: { limit: number; cursor?: string | undefined }): Promise<Page<EndpointView>> {
  const after = decodeCursor(q.cursor);
  let query = store.db.selectFrom('webhook_endpoints').selectAll().where('account_id', '=', p.accountId).where('deleted_at', 'is', null);
  if (p.projectId !== null) query = query.where('project_id', '=', p.projectId);
  if (after) query = query.where('id', '>', after);
  return toPage(await query.orderBy('id').limit(q.limit + 1).execute(), q.limit, endpointView);
}

export async function getEndpoint(store: Store, p: Principal, id: string): Promise<EndpointView> {
  return endpointView(await findEndpoint(store.db, p, id));
}

/** Pending deliveries of an endpoint that stops taking them become dead letters, each saying why. */
export async function killPendingDeliveries(tx: Tx, endpointId: string, why: string): Promise<void> {
  await tx
    .updateTable('webhook_deliveries')
    .set({ status: 'dead', next_attempt_at: null, claim_token: null, last_error: why })
    .where('endpoint_id', '=', endpointId)
    .where('status', '=', 'pending')
    .execute();
}

export async function updateEndpoint(
  store: Store,
  p: Principal,
  id: string,
  patch: { url?: string | undefined; events?: string[] | undefined; description?: string | null | undefined; enabled?: boolean | undefined },
): Promise<EndpointView> {
  return store.transaction(async (tx) => {
    const row = await findEndpoint(tx, p, id, store.caps);
    const now = nowIso();
    const changes: Partial<EndpointRow> = { updated_at: now };
    if (patch.url !== undefined) changes.url = patch.url;
    if (patch.events !== undefined) changes.events = JSON.stringify([...new Set(patch.events)]);
    if (patch.description !== undefined) changes.description = patch.description;
    if (patch.enabled === true && row.status === 'disabled') Object.assign(changes, { status: 'enabled', disabled_reason: null, disabled_at: null, failing_since: null });
    if (patch.enabled === false && row.status === 'enabled') {
      Object.assign(changes, { status: 'disabled', disabled_reason: null, disabled_at: now });
      await killPendingDeliveries(tx, id, 'the endpoint was disabled by its owner');
    }
    await tx.updateTable('webhook_endpoints').set(changes).where('id', '=', id).execute();
    return endpointView({ ...row, ...changes });
  });
}

export async function deleteEndpoint(store: Store, p: Principal, id: string): Promise<void> {
  await store.transaction(async (tx) => {
    await findEndpoint(tx, p, id, store.caps);
    const now = nowIso();
    await tx.updateTable('webhook_endpoints').set({ deleted_at: now, updated_at: now, status: 'disabled' }).where('id', '=', id).execute();
    await killPendingDeliveries(tx, id, 'the endpoint was deleted');
  });
}

/** A new secret, shown once; the old one keeps signing as `v0=` for the grace period. */
export async function rotateEndpointSecret(store: Store, p: Principal, id: string, graceMs = DEFAULT_WEBHOOK_SETTINGS.rotationGraceMs): Promise<{ endpoint: EndpointView; secret: string }> {
  return store.transaction(async (tx) => {
    const row = await findEndpoint(tx, p, id, store.caps);
    const secret = newSecret('whsec_');
    const changes = { secret, previous_secret: row.secret, previous_secret_expires_at: new Date(Date.now() + graceMs).toISOString(), updated_at: nowIso() };
    await tx.updateTable('webhook_endpoints').set(changes).where('id', '=', id).execute();
    return { endpoint: endpointView({ ...row, ...changes }), secret };
  });
}
