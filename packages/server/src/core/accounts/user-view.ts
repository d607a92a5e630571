import type { Selectable } from 'kysely';
import type { Database } from '../../store/schema.ts';

export const userView = (u: Selectable<Database['users']>) => ({
  id: u.id,
  account_id: u.account_id,
  email: u.email,
  name: u.name,
  role: u.role,
  super_user: u.super_user === 1,
  instance_admin: u.instance_admin === 1,
  created_at: u.created_at,
});
export type UserView = ReturnType<typeof userView>;
