import type { Tx } from '../../store/store.ts';
import { newId, nowIso } from '../ids.ts';

export interface NewEvent {
  accountId: string;
  type: string;
  taskId?: string | null;
  projectId?: string | null;
  data: Record<string, unknown>;
}

const COLUMNS_PER_ROW = 8;

/**
 * Records events in the caller's transaction, so an event exists exactly when the change it reports
 * committed. Large batches are split to stay within the backend's bind-parameter limit.
 */
export async function appendEvents(tx: Tx, events: NewEvent[], maxParams = 32_000): Promise<void> {
  if (events.length === 0) return;
  const at = nowIso();
  const rows = events.map((e) => ({
    id: newId(),
    account_id: e.accountId,
    type: e.type,
    task_id: e.taskId ?? null,
    project_id: e.projectId ?? null,
    data: JSON.stringify(e.data),
    created_at: at,
  }));
  const chunk = Math.floor(maxParams / COLUMNS_PER_ROW);
  for (let i = 0; i < rows.length; i += chunk) await tx.insertInto('events').values(rows.slice(i, i + chunk)).execute();
}
