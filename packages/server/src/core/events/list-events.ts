import type { Store } from '../../store/store.ts';
import { eventHorizon } from '../../store/queries/event-horizon.ts';
import { DomainError } from '../domain-error.ts';
import type { Principal } from '../principal.ts';

const encode = (txid: number, seq: number) => Buffer.from(`e1:${txid}:${seq}`).toString('base64url');

function decode(after: string | undefined): [number, number] {
  if (after === undefined || after === '' || after === '0') return [-1, -1];
  const m = /^e1:(\d+):(\d+)$/.exec(Buffer.from(after, 'base64url').toString());
  // Positions are 64-bit integers in the store; a larger number would make PostgreSQL fail the query.
  if (!m || !Number.isSafeInteger(Number(m[1])) || !Number.isSafeInteger(Number(m[2]))) throw new DomainError('validation_error', 'after: is not a position this feed returned', [{ field: 'query.after', message: 'invalid position' }]);
  return [Number(m[1]), Number(m[2])];
}

/**
 * The durable event feed. Pages never skip an event: on PostgreSQL, where transactions commit out of
 * sequence order, the feed stops below the oldest transaction still running, so an event can only appear
 * after every position already handed out.
 */
export async function listEvents(store: Store, p: Principal, q: { after?: string | undefined; limit: number; type?: string | undefined }) {
  const [afterTx, afterSeq] = decode(q.after);
  return store.transaction(async (tx) => {
    const horizon = await eventHorizon(tx, store.caps);
    let query = tx
      .selectFrom('events')
      .selectAll()
      .where('account_id', '=', p.accountId)
      .where('txid', '<', horizon)
      .where((eb) => eb.or([eb('txid', '>', afterTx), eb.and([eb('txid', '=', afterTx), eb('seq', '>', afterSeq)])]));
    if (p.projectId !== null) query = query.where('project_id', '=', p.projectId);
    if (q.type !== undefined) query = query.where('type', '=', q.type);
    const rows = await query.orderBy('txid').orderBy('seq').limit(q.limit + 1).execute();
    const kept = rows.slice(0, q.limit);
    const last = kept[kept.length - 1];
    return {
      data: kept.map((e) => ({ id: e.id, event: e.type, task_id: e.task_id, project_id: e.project_id, created_at: e.created_at, data: JSON.parse(e.data) as unknown })),
      has_more: rows.length > q.limit,
      // Always a position, even on an empty page, so a poller can keep asking from where it stands.
      next_cursor: last ? encode(last.txid, last.seq) : (q.after ?? null),
    };
  });
}
