import type { Selectable } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { Store, Tx } from '../../store/store.ts';
import { DomainError, notFound } from '../domain-error.ts';
import { nowIso } from '../ids.ts';
import { decodeCursor, toPage, type Page } from '../pagination.ts';
import type { Principal } from '../principal.ts';

type DeliveryRow = Selectable<Database['webhook_deliveries']> & { endpoint_url: string | null };
type AttemptRow = Selectable<Database['webhook_attempts']>;

const attemptView = (a: AttemptRow) => ({
  number: a.number,
  trigger: a.trigger,
  started_at: a.started_at,
  duration_ms: a.duration_ms,
  status_code: a.status_code,
  succeeded: a.succeeded === 1,
  error: a.error,
  response_excerpt: a.response_excerpt,
});

export const deliveryView = (d: DeliveryRow, attempts?: AttemptRow[]) => ({
  id: d.id,
  event_id: d.event_id,
  event: d.event_type,
  task_id: d.task_id,
  project_id: d.project_id,
  endpoint_id: d.endpoint_id,
  url: d.url ?? d.endpoint_url ?? '',
  status: d.status,
  attempts: d.attempts,
  next_attempt_at: d.next_attempt_at,
  last_attempt_at: d.last_attempt_at,
  last_status_code: d.last_status_code,
  last_error: d.last_error,
  succeeded_at: d.succeeded_at,
  created_at: d.created_at,
  ...(attempts ? { attempt_log: attempts.map(attemptView) } : {}),
});
export type DeliveryView = ReturnType<typeof deliveryView>;

/** Deliveries with their endpoint's URL, as the caller may see them: its account, and its project for a scoped key. */
function visible(tx: Tx, p: Principal) {
  let q = tx
    .selectFrom('webhook_deliveries as d')
    .leftJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
    .selectAll('d')
    .select('e.url as endpoint_url')
    .where('d.account_id', '=', p.accountId);
  if (p.projectId !== null) q = q.where('d.project_id', '=', p.projectId);
  return q;
}

export interface DeliveriesQuery {
  limit: number;
  cursor?: string | undefined;
  endpoint_id?: string | undefined;
  task_id?: string | undefined;
  event_id?: string | undefined;
  event?: string | undefined;
  status?: 'pending' | 'succeeded' | 'dead' | undefined;
}

/** The delivery log, oldest first, filtered by endpoint, task, event or status. */
export async function listDeliveries(store: Store, p: Principal, q: DeliveriesQuery): Promise<Page<DeliveryView>> {
  const after = decodeCursor(q.cursor);
  let query = visible(store.db, p);
  if (q.endpoint_id !== undefined) query = query.where('d.endpoint_id', '=', q.endpoint_id);
  if (q.task_id !== undefined) query = query.where('d.task_id', '=', q.task_id);
  if (q.event_id !== undefined) query = query.where('d.event_id', '=', q.event_id);
  if (q.event !== undefined) query = query.where('d.event_type', '=', q.event);
  if (q.status !== undefined) query = query.where('d.status', '=', q.status);
  if (after) query = query.where('d.id', '>', after);
  const rows = await query.orderBy('d.id').limit(q.limit + 1).execute();
  return toPage(rows, q.limit, (r) => deliveryView(r));
}

/** One delivery with every attempt made so far. */
export async function getDelivery(store: Store, p: Principal, id: string): Promise<DeliveryView> {
  const row = await visible(store.db, p).where('d.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('webhook delivery');
  const attempts = await store.db.selectFrom('webhook_attempts').selectAll().where('delivery_id', '=', id).orderBy('started_at').orderBy('number').execute();
  return deliveryView(row, attempts);
}

/**
 * Sends a delivery again, whatever became of it: it is due at once and, should it fail, retried on a fresh
 * schedule. An attempt still in flight is not stopped; its result no longer decides the delivery.
 */
export async function replayDelivery(store: Store, p: Principal, id: string, retryWindowMs: number): Promise<DeliveryView> {
  return store.transaction(async (tx) => {
    const row = await visible(tx, p).where('d.id', '=', id).executeTakeFirst();
    if (!row) throw notFound('webhook delivery');
    if (row.endpoint_id !== null) {
      const endpoint = await tx.selectFrom('webhook_endpoints').select(['status', 'deleted_at']).where('id', '=', row.endpoint_id).executeTakeFirst();
      if (!endpoint || endpoint.deleted_at !== null) throw new DomainError('conflict', 'the endpoint of this delivery was deleted');
      if (endpoint.status !== 'enabled') throw new DomainError('conflict', 'the endpoint of this delivery is disabled; enable it (PATCH enabled: true) first');
    }
    const now = nowIso();
    const changes = {
      status: 'pending' as const,
      next_attempt_at: now,
      claim_token: null,
      streak: 0,
      trigger: 'replay' as const,
      retry_until: new Date(Date.now() + retryWindowMs).toISOString(),
    };
    await tx.updateTable('webhook_deliveries').set(changes).where('id', '=', id).execute();
    return deliveryView({ ...row, ...changes });
  });
}
