import { runSql } from '../../store/queries/run-sql.ts';
import type { Store } from '../../store/store.ts';
import { newId, nowIso } from '../ids.ts';

/** One attempt to make: where to send what, signed with which secrets, under which claim. */
export interface DeliveryJob {
  id: string;
  accountId: string;
  taskId: string | null;
  endpointId: string | null;
  lane: string;
  url: string;
  body: string;
  eventId: string;
  eventType: string;
  /** This attempt's number (1 for the first). */
  number: number;
  trigger: 'retry' | 'replay';
  /** Failures in a row before this attempt. */
  streak: number;
  retryUntil: string;
  token: string;
  secret: string;
  previousSecret: string | null;
}

interface Candidate {
  id: string;
  account_id: string;
  task_id: string | null;
  endpoint_id: string | null;
  lane: string;
  url: string | null;
  body: string;
  event_id: string;
  event_type: string;
  attempts: number;
  streak: number;
  trigger: 'retry' | 'replay';
  retry_until: string;
}

interface Secrets {
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: string | null;
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(',');

/**
 * Takes up to `limit` due deliveries for this process: their `next_attempt_at` moves to the end of the
 * claim and they get a claim token, so no other process attempts them meanwhile, and a process that dies
 * mid-attempt only delays them by the claim. Targets in `busyLanes` are at their concurrency cap and are
 * skipped in the query, so a hanging endpoint's backlog never stands in front of the others; `freeIn` says
 * how many more a lane may take. On PostgreSQL, SKIP LOCKED lets processes claim side by side.
 */
export async function claimDeliveries(
  store: Store,
  options: { limit: number; busyLanes: readonly string[]; freeIn: (lane: string) => number; claimMs: number },
): Promise<DeliveryJob[]> {
  if (options.limit <= 0) return [];
  const caps = store.caps;
  return store.transaction(async (tx) => {
    const now = nowIso();
    const busy = options.busyLanes.length ? ` and lane not in (${placeholders(options.busyLanes.length)})` : '';
    const { rows } = await runSql<Candidate>(
      tx,
      caps,
      `select id, account_id, task_id, endpoint_id, lane, url, body, event_id, event_type, attempts, streak, trigger, retry_until
       from webhook_deliveries where status = 'pending' and next_attempt_at <= ?${busy}
       order by next_attempt_at limit ${Math.min(4 * options.limit, 2_000)}${caps.skipLocked ? ' for update skip locked' : ''}`,
      [now, ...options.busyLanes],
    );
    const taken = new Map<string, number>();
    const chosen: Candidate[] = [];
    for (const r of rows) {
      if (chosen.length >= options.limit) break;
      const n = taken.get(r.lane) ?? 0;
      if (n >= options.freeIn(r.lane)) continue;
      taken.set(r.lane, n + 1);
      chosen.push(r);
    }
    if (chosen.length === 0) return [];

    const token = newId();
    const until = new Date(Date.now() + options.claimMs).toISOString();
    const ids = chosen.map((c) => c.id);
    await runSql(tx, caps, `update webhook_deliveries set next_attempt_at = ?, claim_token = ? where id in (${placeholders(ids.length)})`, [until, token, ...ids]);

    const endpointIds = [...new Set(chosen.flatMap((c) => (c.endpoint_id === null ? [] : [c.endpoint_id])))];
    const endpoints = new Map<string, Secrets & { url: string; status: string }>();
    if (endpointIds.length) {
      const found = await runSql<Secrets & { id: string; url: string; status: string }>(
        tx,
        caps,
        `select id, url, status, secret, previous_secret, previous_secret_expires_at from webhook_endpoints where deleted_at is null and id in (${placeholders(endpointIds.length)})`,
        endpointIds,
      );
      for (const e of found.rows) endpoints.set(e.id, e);
    }
    const accounts = [...new Set(chosen.filter((c) => c.endpoint_id === null).map((c) => c.account_id))];
    const callbackSecrets = new Map<string, Secrets>();
    if (accounts.length) {
      const found = await runSql<Secrets & { account_id: string }>(
        tx,
        caps,
        `select account_id, secret, previous_secret, previous_secret_expires_at from webhook_callback_secrets where account_id in (${placeholders(accounts.length)})`,
        accounts,
      );
      for (const s of found.rows) callbackSecrets.set(s.account_id, s);
    }

    const jobs: DeliveryJob[] = [];
    const orphans: string[] = [];
    for (const c of chosen) {
      const endpoint = c.endpoint_id === null ? null : endpoints.get(c.endpoint_id);
      const secrets = c.endpoint_id === null ? callbackSecrets.get(c.account_id) : endpoint;
      const url = c.endpoint_id === null ? c.url : endpoint?.url;
      // An endpoint disabled or deleted since: its pending deliveries were already made dead letters.
      if (!secrets || !url || (endpoint && endpoint.status !== 'enabled')) {
        orphans.push(c.id);
        continue;
      }
      const previous = secrets.previous_secret !== null && (secrets.previous_secret_expires_at ?? '') > now ? secrets.previous_secret : null;
      jobs.push({
        id: c.id,
        accountId: c.account_id,
        taskId: c.task_id,
        endpointId: c.endpoint_id,
        lane: c.lane,
        url,
        body: c.body,
        eventId: c.event_id,
        eventType: c.event_type,
        number: Number(c.attempts) + 1,
        trigger: c.trigger,
        streak: Number(c.streak),
        retryUntil: c.retry_until,
        token,
        secret: secrets.secret,
        previousSecret: previous,
      });
    }
    if (orphans.length) {
      await runSql(
        tx,
        caps,
        `update webhook_deliveries set status = 'dead', next_attempt_at = null, claim_token = null, last_error = 'the endpoint is disabled or deleted' where id in (${placeholders(orphans.length)})`,
        orphans,
      );
    }
    return jobs;
  });
}

/**
 * On a store only this process uses, nothing else can be attempting a claimed delivery: after a restart,
 * the claims of the previous run are given up at once instead of waiting out their time.
 */
export async function releaseStaleClaims(store: Store): Promise<number> {
  const r = await store.db
    .updateTable('webhook_deliveries')
    .set({ next_attempt_at: nowIso(), claim_token: null })
    .where('status', '=', 'pending')
    .where('claim_token', 'is not', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
