import type { Capabilities } from '../../store/capabilities.ts';
import { insertRows, insertStatement } from '../../store/queries/insert-rows.ts';
import type { Statement } from '../../store/queries/run-sql-batch.ts';
import type { Tx } from '../../store/store.ts';
import { newId, nowIso } from '../ids.ts';

export interface NewEvent {
  accountId: string;
  type: string;
  taskId?: string | null;
  projectId?: string | null;
  data: Record<string, unknown>;
}

const COLUMNS = ['id', 'account_id', 'type', 'task_id', 'project_id', 'data', 'created_at'] as const;

/**
 * Records events in the caller's transaction, so an event exists exactly when the change it reports
 * committed.
 */
export async function appendEvents(tx: Tx, caps: Capabilities, events: NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  // The writing transaction's order is computed by the database in the same statement.
  await insertRows(tx, caps, 'events', COLUMNS, eventRows(events), { txid: caps.transactionOrderSql });
}

/** The INSERT of a few events, as one write of a batch (store/queries/run-sql-batch.ts). */
export function eventsStatement(caps: Capabilities, events: NewEvent[]): Statement {
  return insertStatement('events', COLUMNS, eventRows(events), { txid: caps.transactionOrderSql });
}

function eventRows(events: NewEvent[]) {
  const at = nowIso();
  let lastData: Record<string, unknown> | null = null;
  let lastJson = '';
  return events.map((e) => ({
    id: newId(),
    account_id: e.accountId,
    type: e.type,
    task_id: e.taskId ?? null,
    project_id: e.projectId ?? null,
    // Batches share one data object; serialise it once.
    data: e.data === lastData ? lastJson : ((lastData = e.data), (lastJson = JSON.stringify(e.data))),
    created_at: at,
  }));
}
