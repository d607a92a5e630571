import type { Selectable } from 'kysely';
import type { Operation } from '@minga/api-contracts';
import type { Database } from '../../store/schema.ts';
import { isTest, type Principal } from '../principal.ts';

export interface OperationDetails {
  items_total: number;
  items_created: number;
  items_failed: number;
  skip_invalid_items: boolean;
  errors: Record<string, unknown>;
}

export function operationView(row: Selectable<Database['operations']>): Operation {
  const details = JSON.parse(row.details) as OperationDetails;
  const done = details.items_created + details.items_failed;
  return {
    id: row.id,
    type: row.type as Operation['type'],
    status: row.status,
    submitted_at: row.submitted_at,
    started_at: row.started_at,
    finished_at: row.finished_at,
    progress: row.status === 'success' || row.status === 'fail' ? 100 : details.items_total ? Math.floor((100 * done) / details.items_total) : 0,
    details,
  };
}

/**
 * Whether the caller may see an operation: same account and namespace (live or test), and for a
 * project-scoped key, an operation started by a key of that project.
 */
export function mayReadOperation(p: Principal, row: Pick<Selectable<Database['operations']>, 'account_id' | 'test' | 'params'>): boolean {
  if (row.account_id !== p.accountId || row.test !== isTest(p)) return false;
  return p.projectId === null || (JSON.parse(row.params) as { project_id?: string | null }).project_id === p.projectId;
}
