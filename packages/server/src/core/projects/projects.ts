import { ProjectQuality, type TaskDefaults } from '@minga/api-contracts';
import type { Store } from '../../store/store.ts';
import { insertApiKey } from '../accounts/api-keys.ts';
import { DomainError } from '../domain-error.ts';
import { appendEvents } from '../events/append-events.ts';
import { newId, nowIso } from '../ids.ts';
import { decodeCursor, toPage, type Page } from '../pagination.ts';
import type { Principal } from '../principal.ts';
import { findProject, findProjectToChange } from './find-project.ts';
import { projectView, type ProjectView } from './project-view.ts';

function assertAccountWide(p: Principal, action: string): void {
  if (p.projectId !== null) throw new DomainError('forbidden', `a project-scoped key cannot ${action}`);
  if (p.role === 'helper') throw new DomainError('forbidden', `helpers cannot ${action}`);
}

/** Creates a project and its project-scoped live key; the key's secret is returned once. */
export async function createProject(
  store: Store,
  p: Principal,
  input: { name: string; description?: string | undefined; defaults?: TaskDefaults | undefined; quality?: ProjectQuality | undefined },
): Promise<{ project: ProjectView; api_key: string }> {
  assertAccountWide(p, 'create projects');
  return store.transaction(async (tx) => {
    const now = nowIso();
    const row = {
      id: newId(),
      account_id: p.accountId,
      name: input.name,
      description: input.description ?? null,
      status: 'open' as const,
      defaults: JSON.stringify(input.defaults ?? {}),
      quality: JSON.stringify(input.quality ?? ProjectQuality.parse({})),
      created_at: now,
      updated_at: now,
    };
    await tx.insertInto('projects').values(row).execute();
    const { secret } = await insertApiKey(tx, { accountId: p.accountId, projectId: row.id, mode: p.mode, name: `project ${input.name}` });
    await appendEvents(tx, store.caps, [{ accountId: p.accountId, type: 'project.created', projectId: row.id, data: { name: row.name } }]);
    return { project: projectView(row), api_key: secret };
  });
}

export async function listProjects(store: Store, p: Principal, q: { limit: number; cursor?: string | undefined }): Promise<Page<ProjectView>> {
  const after = decodeCursor(q.cursor);
  let query = store.db.selectFrom('projects').selectAll().where('account_id', '=', p.accountId);
  if (p.projectId !== null) query = query.where('id', '=', p.projectId);
  if (after) query = query.where('id', '>', after);
  const rows = await query.orderBy('id').limit(q.limit + 1).execute();
  return toPage(rows, q.limit, projectView);
}

export async function getProject(store: Store, p: Principal, id: string): Promise<ProjectView> {
  return projectView(await findProject(store.db, p, id));
}

export async function updateProject(
  store: Store,
  p: Principal,
  id: string,
  patch: {
    name?: string | undefined;
    description?: string | null | undefined;
    defaults?: TaskDefaults | undefined;
    quality?: ProjectQuality | undefined;
  },
): Promise<ProjectView> {
  return store.transaction(async (tx) => {
    const row = await findProjectToChange(tx, store.caps, p, id);
    const next = {
      ...row,
      name: patch.name ?? row.name,
      description: patch.description === undefined ? row.description : patch.description,
      defaults: patch.defaults === undefined ? row.defaults : JSON.stringify(patch.defaults),
      quality: patch.quality === undefined ? row.quality : JSON.stringify(patch.quality),
      updated_at: nowIso(),
    };
    await tx
      .updateTable('projects')
      .set({ name: next.name, description: next.description, defaults: next.defaults, quality: next.quality, updated_at: next.updated_at })
      .where('id', '=', id)
      .execute();
    await appendEvents(tx, store.caps, [{ accountId: p.accountId, type: 'project.updated', projectId: id, data: {} }]);
    return projectView(next);
  });
}

/** Opens or closes a project; a closed project hands out no work. */
export async function setProjectStatus(store: Store, p: Principal, id: string, status: 'open' | 'closed'): Promise<ProjectView> {
  return store.transaction(async (tx) => {
    const row = await findProjectToChange(tx, store.caps, p, id);
    if (row.status === status) return projectView(row);
    const next = { ...row, status, updated_at: nowIso() };
    await tx.updateTable('projects').set({ status, updated_at: next.updated_at }).where('id', '=', id).execute();
    await appendEvents(tx, store.caps, [{ accountId: p.accountId, type: status === 'open' ? 'project.opened' : 'project.closed', projectId: id, data: {} }]);
    return projectView(next);
  });
}
