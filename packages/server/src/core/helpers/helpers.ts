import type { Capabilities } from '../../store/capabilities.ts';
import { lockToChange } from '../../store/queries/lock-to-change.ts';
import type { Store, Tx } from '../../store/store.ts';
import { DomainError, notFound } from '../domain-error.ts';
import { appendEvents } from '../events/append-events.ts';
import { newId, newSecret, nowIso, secretHash } from '../ids.ts';
import { decodeCursor, toPage, type Page } from '../pagination.ts';
import type { Principal } from '../principal.ts';
import { releaseLiveAssignments } from '../work/release-assignment.ts';
import { helperViews, type HelperView } from './helper-view.ts';

const INVITE_DAYS = 7;

/** Managing helpers is the requester's business: the owner, or an account-wide key. */
export function assertRequester(p: Principal): void {
  if (p.role === 'helper') throw new DomainError('forbidden', 'helpers cannot manage helpers');
  if (p.projectId !== null) throw new DomainError('forbidden', 'a project-scoped key cannot manage helpers');
}

async function assertProjectsOwned(tx: Tx, accountId: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const found = await tx.selectFrom('projects').select('id').where('account_id', '=', accountId).where('id', 'in', ids).execute();
  const missing = ids.filter((id) => !found.some((f) => f.id === id));
  if (missing.length) throw new DomainError('not_found', `project not found: ${missing.join(', ')}`, missing.map((id) => ({ field: 'project_ids', message: `project ${id} not found` })));
}

/** A helper of the caller's account; given `lockFor`, its row is locked to be changed (lock-to-change.ts). */
async function findHelper(tx: Tx, p: Principal, id: string, lockFor: Capabilities | null = null) {
  let query = tx.selectFrom('users').selectAll().where('id', '=', id).where('account_id', '=', p.accountId).where('role', '=', 'helper').where('deleted_at', 'is', null);
  if (lockFor) query = lockToChange(query, lockFor);
  const user = await query.executeTakeFirst();
  if (!user) throw notFound('helper');
  return user;
}

/** Creates a helper and a one-time invite link; the token is returned once and stored hashed. */
export async function inviteHelper(
  store: Store,
  p: Principal,
  publicUrl: string,
  input: { email: string; name?: string | undefined; project_ids?: string[] | undefined; super_user?: boolean | undefined },
): Promise<{ helper: HelperView; invite_url: string; invite_token: string }> {
  assertRequester(p);
  const projectIds = [...new Set(input.project_ids ?? [])];
  const token = newSecret('inv_');
  try {
    return await store.transaction(async (tx) => {
      await assertProjectsOwned(tx, p.accountId, projectIds);
      const now = new Date();
      const user = {
        id: newId(),
        account_id: p.accountId,
        email: input.email.trim().toLowerCase(),
        name: input.name ?? null,
        password_hash: '',
        role: 'helper' as const,
        super_user: input.super_user ? 1 : 0,
        instance_admin: 0,
        created_at: now.toISOString(),
        deleted_at: null,
      };
      await tx.insertInto('users').values(user).execute();
      for (const projectId of projectIds) {
        await tx.insertInto('helper_projects').values({ user_id: user.id, project_id: projectId, account_id: p.accountId, created_at: user.created_at, banned_at: null, ban_reason: null }).execute();
      }
      await tx
        .insertInto('invites')
        .values({ token_hash: secretHash(token), user_id: user.id, account_id: p.accountId, created_at: user.created_at, expires_at: new Date(now.getTime() + INVITE_DAYS * 86_400_000).toISOString(), accepted_at: null })
        .execute();
      await appendEvents(tx, store.caps, [{ accountId: p.accountId, type: 'helper.invited', data: { helper_id: user.id } }]);
      const [helper] = await helperViews(tx, [user]);
      return { helper: helper as HelperView, invite_url: `${publicUrl.replace(/\/$/, '')}/invite/${token}`, invite_token: token };
    });
  } catch (error) {
    if (store.caps.isUniqueViolation(error)) throw new DomainError('conflict', 'a user with this email already exists');
    throw error;
  }
}

export async function listHelpers(store: Store, p: Principal, q: { limit: number; cursor?: string | undefined }): Promise<Page<HelperView>> {
  assertRequester(p);
  const after = decodeCursor(q.cursor);
  let query = store.db.selectFrom('users').selectAll().where('account_id', '=', p.accountId).where('role', '=', 'helper').where('deleted_at', 'is', null);
  if (after) query = query.where('id', '>', after);
  const rows = await query.orderBy('id').limit(q.limit + 1).execute();
  const page = toPage(rows, q.limit, (r) => r);
  return { ...page, data: await helperViews(store.db, page.data) };
}

export async function getHelper(store: Store, p: Principal, id: string): Promise<HelperView> {
  assertRequester(p);
  const [view] = await helperViews(store.db, [await findHelper(store.db, p, id)]);
  return view as HelperView;
}

/** Changes a helper's name, super-user power or projects; a ban on a project the helper keeps stays. */
export async function updateHelper(
  store: Store,
  p: Principal,
  id: string,
  patch: { name?: string | null | undefined; super_user?: boolean | undefined; project_ids?: string[] | undefined },
): Promise<HelperView> {
  assertRequester(p);
  return store.transaction(async (tx) => {
    // Locked: two edits of the projects at once would otherwise each keep the projects the other added, and
    // a removal committed meanwhile would see its helper's projects given back.
    const user = await findHelper(tx, p, id, store.caps);
    const changes: { name?: string | null; super_user?: number } = {};
    if (patch.name !== undefined) changes.name = patch.name;
    if (patch.super_user !== undefined) changes.super_user = patch.super_user ? 1 : 0;
    if (Object.keys(changes).length) await tx.updateTable('users').set(changes).where('id', '=', id).execute();
    if (patch.project_ids !== undefined) {
      const wanted = [...new Set(patch.project_ids)];
      await assertProjectsOwned(tx, p.accountId, wanted);
      const current = await tx.selectFrom('helper_projects').select('project_id').where('user_id', '=', id).execute();
      const removed = current.map((c) => c.project_id).filter((pid) => !wanted.includes(pid));
      if (removed.length) await tx.deleteFrom('helper_projects').where('user_id', '=', id).where('project_id', 'in', removed).execute();
      const now = nowIso();
      for (const projectId of wanted.filter((w) => !current.some((c) => c.project_id === w))) {
        await tx.insertInto('helper_projects').values({ user_id: id, project_id: projectId, account_id: p.accountId, created_at: now, banned_at: null, ban_reason: null }).execute();
      }
    }
    await appendEvents(tx, store.caps, [{ accountId: p.accountId, type: 'helper.updated', data: { helper_id: id, fields: Object.keys(patch) } }]);
    const [view] = await helperViews(tx, [{ ...user, ...changes }]);
    return view as HelperView;
  });
}

/** Removes a helper: logins stop at once and its open leases go back to the pool. */
export async function removeHelper(store: Store, p: Principal, id: string): Promise<void> {
  assertRequester(p);
  await store.transaction(async (tx) => {
    await findHelper(tx, p, id, store.caps);
    await tx.updateTable('users').set({ deleted_at: nowIso() }).where('id', '=', id).execute();
    await tx.deleteFrom('sessions').where('user_id', '=', id).execute();
    await tx.deleteFrom('helper_projects').where('user_id', '=', id).execute();
    await releaseLiveAssignments(tx, store.caps, { helperId: id }, 'released');
    await appendEvents(tx, store.caps, [{ accountId: p.accountId, type: 'helper.removed', data: { helper_id: id } }]);
  });
}
