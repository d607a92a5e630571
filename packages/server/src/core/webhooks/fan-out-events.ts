import type { Selectable } from 'kysely';
import type { Capabilities } from '../../store/capabilities.ts';
import { insertRows } from '../../store/queries/insert-rows.ts';
import { runSql } from '../../store/queries/run-sql.ts';
import { eventHorizon } from '../../store/queries/event-horizon.ts';
import type { Database } from '../../store/schema.ts';
import type { Store, Tx } from '../../store/store.ts';
import { newId, nowIso } from '../ids.ts';
import { ensureCallbackSecrets } from './callback-secret.ts';
import { filterMatches, isDeliverable } from './event-filter.ts';
import type { WebhookSettings } from './webhook-settings.ts';

/** Events read from the outbox per transaction. */
const BATCH = 1_000;

type EventRow = Selectable<Database['events']>;

interface EndpointTarget {
  id: string;
  project_id: string | null;
  events: string[];
}

const COLUMNS = [
  'id', 'account_id', 'project_id', 'task_id', 'endpoint_id', 'target', 'lane', 'url', 'event_id', 'event_type', 'body', 'status',
  'attempts', 'streak', 'trigger', 'next_attempt_at', 'retry_until', 'created_at',
] as const;

/** The wire format of SPEC §3.6, built from the stored columns: `data` is already JSON text. */
const bodyOf = (e: EventRow) =>
  `{"id":${JSON.stringify(e.id)},"event":${JSON.stringify(e.type)},"task_id":${e.task_id === null ? 'null' : JSON.stringify(e.task_id)},"created_at":${JSON.stringify(e.created_at)},"data":${e.data}}`;

/** Where a callback's attempts queue for the per-target concurrency cap: its origin. */
function laneOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url.slice(0, 200);
  }
}

/**
 * Reads the next events of the outbox (the event table, in feed order: nothing below the horizon can still
 * appear before what was read), writes one delivery per event and interested target (each matching
 * endpoint, and the task's `callback_url`), and moves the cursor past them, all in one transaction. On
 * PostgreSQL the cursor row is taken with SKIP LOCKED: while one process fans out, the others go on
 * delivering. Returns how many events were read.
 */
export async function fanOutEvents(store: Store, settings: WebhookSettings): Promise<{ events: number; deliveries: number }> {
  return store.transaction(async (tx) => {
    const caps = store.caps;
    const horizon = await eventHorizon(tx, caps);
    const cursor = (await runSql<{ txid: number; seq: number }>(tx, caps, `select txid, seq from webhook_outbox where id = 1${caps.skipLocked ? ' for update skip locked' : ''}`, [])).rows[0];
    if (!cursor) return { events: 0, deliveries: 0 };
    if (!(await anyTarget(tx, caps))) return skipToHorizon(tx, caps, Number(cursor.txid), Number(cursor.seq), horizon);
    const events = await readEvents(tx, caps, Number(cursor.txid), Number(cursor.seq), horizon);
    const last = events[events.length - 1];
    if (!last) return { events: 0, deliveries: 0 };

    const deliverable = events.filter((e) => isDeliverable(e.type));
    const endpoints = await endpointsOf(tx, caps, deliverable);
    const callbacks = await callbacksOf(tx, caps, deliverable);
    const now = nowIso();
    const retryUntil = new Date(Date.now() + settings.retryWindowMs).toISOString();
    const rows: Record<string, unknown>[] = [];
    const callbackAccounts = new Set<string>();
    for (const e of deliverable) {
      let body: string | null = null;
      const row = (target: string, lane: string, endpointId: string | null, url: string | null) => ({
        id: newId(), account_id: e.account_id, project_id: e.project_id, task_id: e.task_id, endpoint_id: endpointId, target, lane, url,
        event_id: e.id, event_type: e.type, body: (body ??= bodyOf(e)), status: 'pending', attempts: 0, streak: 0, trigger: 'retry',
        next_attempt_at: now, retry_until: retryUntil, created_at: now,
      });
      for (const ep of endpoints.get(e.account_id) ?? []) {
        if (ep.project_id !== null && ep.project_id !== e.project_id) continue;
        if (filterMatches(ep.events, e.type)) rows.push(row(ep.id, ep.id, ep.id, null));
      }
      const callback = e.task_id === null ? undefined : callbacks.get(e.task_id);
      if (callback) {
        rows.push(row('callback', laneOf(callback), null, callback));
        callbackAccounts.add(e.account_id);
      }
    }
    await insertRows(tx, caps, 'webhook_deliveries', COLUMNS, rows);
    await ensureCallbackSecrets(tx, callbackAccounts);
    await runSql(tx, caps, 'update webhook_outbox set txid = ?, seq = ? where id = 1', [last.txid, last.seq]);
    return { events: events.length, deliveries: rows.length };
  });
}

/** Whether any event could have a target now: an enabled endpoint, or a task with a callback_url. */
async function anyTarget(tx: Tx, caps: Capabilities): Promise<boolean> {
  const endpoint = await runSql(tx, caps, "select 1 as x from webhook_endpoints where status = 'enabled' and deleted_at is null limit 1", []);
  if (endpoint.rows.length > 0) return true;
  // Ordered by id, so that the planner walks the small partial index on (id, callback_url): without the order,
  // PostgreSQL may guess that most tasks have a callback and scan the whole table for the first one.
  const callback = await runSql(tx, caps, 'select 1 as x from tasks where callback_url is not null order by id limit 1', []);
  return callback.rows.length > 0;
}

/**
 * With no endpoint and no callback anywhere, no event below the horizon has a target: the cursor moves past
 * them all at once instead of reading them a thousand at a time (a bulk import of a million tasks into a
 * store without webhooks would otherwise keep the fan-out busy for seconds).
 */
async function skipToHorizon(tx: Tx, caps: Capabilities, txid: number, seq: number, horizon: number): Promise<{ events: number; deliveries: number }> {
  const { rows } =
    caps.eventOrder === 'seq'
      ? await runSql<{ txid: number; seq: number }>(tx, caps, 'select txid, seq from events where seq > ? order by seq desc limit 1', [seq])
      : await runSql<{ txid: number; seq: number }>(tx, caps, 'select txid, seq from events where (txid, seq) > (?, ?) and txid < ? order by txid desc, seq desc limit 1', [txid, seq, horizon]);
  const last = rows[0];
  if (!last) return { events: 0, deliveries: 0 };
  await runSql(tx, caps, 'update webhook_outbox set txid = ?, seq = ? where id = 1', [Number(last.txid), Number(last.seq)]);
  return { events: 1, deliveries: 0 };
}

async function readEvents(tx: Tx, caps: Capabilities, txid: number, seq: number, horizon: number): Promise<EventRow[]> {
  const columns = 'txid, seq, id, account_id, type, task_id, project_id, data, created_at';
  // Where sequence order is commit order, the primary key is the feed order.
  const { rows } =
    caps.eventOrder === 'seq'
      ? await runSql<EventRow>(tx, caps, `select ${columns} from events where seq > ? order by seq limit ${BATCH}`, [seq])
      : await runSql<EventRow>(tx, caps, `select ${columns} from events where (txid, seq) > (?, ?) and txid < ? order by txid, seq limit ${BATCH}`, [txid, seq, horizon]);
  return rows.map((r) => ({ ...r, txid: Number(r.txid), seq: Number(r.seq) }));
}

async function endpointsOf(tx: Tx, caps: Capabilities, events: EventRow[]): Promise<Map<string, EndpointTarget[]>> {
  const byAccount = new Map<string, EndpointTarget[]>();
  const accounts = [...new Set(events.map((e) => e.account_id))];
  for (let i = 0; i < accounts.length; i += 500) {
    const slice = accounts.slice(i, i + 500);
    const { rows } = await runSql<{ id: string; account_id: string; project_id: string | null; events: string }>(
      tx,
      caps,
      `select id, account_id, project_id, events from webhook_endpoints where status = 'enabled' and deleted_at is null and account_id in (${slice.map(() => '?').join(',')})`,
      slice,
    );
    for (const r of rows) {
      const list = byAccount.get(r.account_id) ?? [];
      list.push({ id: r.id, project_id: r.project_id, events: JSON.parse(r.events) as string[] });
      byAccount.set(r.account_id, list);
    }
  }
  return byAccount;
}

/**
 * The `callback_url` of each task these events are about, for the tasks that have one: lookups in the partial
 * index `tasks_callback`, which holds only tasks with a callback, so they cost next to nothing when few do.
 */
async function callbacksOf(tx: Tx, caps: Capabilities, events: EventRow[]): Promise<Map<string, string>> {
  const urls = new Map<string, string>();
  const ids = [...new Set(events.flatMap((e) => (e.task_id === null ? [] : [e.task_id])))];
  for (let i = 0; i < ids.length; i += 500) {
    const slice = ids.slice(i, i + 500);
    const { rows } = await runSql<{ id: string; callback_url: string }>(
      tx,
      caps,
      `select id, callback_url from tasks where callback_url is not null and id in (${slice.map(() => '?').join(',')})`,
      slice,
    );
    for (const r of rows) urls.set(r.id, r.callback_url);
  }
  return urls;
}
