import type { Selectable } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { Tx } from '../../store/store.ts';

export interface HelperView {
  id: string;
  email: string;
  name: string | null;
  super_user: boolean;
  status: 'invited' | 'active';
  projects: { project_id: string; banned: boolean; ban_reason: string | null }[];
  created_at: string;
}

/** Helper rows with their project permissions, loaded in one query for the whole page. */
export async function helperViews(tx: Tx, users: Selectable<Database['users']>[]): Promise<HelperView[]> {
  if (users.length === 0) return [];
  const perms = await tx
    .selectFrom('helper_projects')
    .select(['user_id', 'project_id', 'banned_at', 'ban_reason'])
    .where('user_id', 'in', users.map((u) => u.id))
    .orderBy('project_id')
    .execute();
  return users.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    super_user: u.super_user === 1,
    status: u.password_hash === '' ? 'invited' : 'active',
    projects: perms.filter((p) => p.user_id === u.id).map((p) => ({ project_id: p.project_id, banned: p.banned_at !== null, ban_reason: p.ban_reason })),
    created_at: u.created_at,
  }));
}
