import { ProjectQuality } from '@minga/api-contracts';
import type { Selectable } from 'kysely';
import type { Database } from '../../store/schema.ts';

export const projectView = (p: Selectable<Database['projects']>) => ({
  id: p.id,
  name: p.name,
  description: p.description,
  status: p.status,
  defaults: JSON.parse(p.defaults) as Record<string, unknown>,
  quality: ProjectQuality.parse(JSON.parse(p.quality)),
  created_at: p.created_at,
  updated_at: p.updated_at,
});
export type ProjectView = ReturnType<typeof projectView>;
