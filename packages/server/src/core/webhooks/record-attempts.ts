import { insertRows } from '../../store/queries/insert-rows.ts';
import { runSql } from '../../store/queries/run-sql.ts';
import type { Store, Tx } from '../../store/store.ts';
import type { Capabilities } from '../../store/capabilities.ts';
import { newId, nowIso } from '../ids.ts';
import type { DeliveryJob } from './claim-deliveries.ts';
import { killPendingDeliveries } from './endpoints.ts';
import { retryDelay } from './retry-delay.ts';
import type { WebhookSettings } from './webhook-settings.ts';

/** What one attempt came to. `statusCode` is null when no HTTP answer came (timeout, refused, network). */
export interface AttemptOutcome {
  job: DeliveryJob;
  startedAt: string;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  /** The first KiB of the response body. */
  excerpt: string | null;
  retryAfterMs: number | null;
}

const ATTEMPT_COLUMNS = ['id', 'delivery_id', 'number', 'trigger', 'started_at', 'duration_ms', 'status_code', 'succeeded', 'error', 'response_excerpt'] as const;
const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(',');
export const succeeded = (o: AttemptOutcome): boolean => o.statusCode !== null && o.statusCode >= 200 && o.statusCode < 300;

/**
 * Writes a batch of finished attempts in one transaction: the attempt log, each delivery's new state
 * (succeeded; pending again after a backoff; or a dead letter once its retry window is over or the receiver
 * answered 410), the task's `callback_succeeded` as of its latest attempt, and each endpoint's health: a
 * 410 disables it at once, as does failing without a success for `disableAfterMs`.
 *
 * A delivery's state is written only under the claim that made the attempt: if the claim ran out and
 * another process took the delivery over, this attempt is still logged but decides nothing.
 */
export async function recordAttempts(store: Store, outcomes: readonly AttemptOutcome[], settings: WebhookSettings): Promise<void> {
  if (outcomes.length === 0) return;
  const caps = store.caps;
  await store.transaction(async (tx) => {
    const now = nowIso();
    const nowMs = Date.parse(now);
    await insertRows(
      tx,
      caps,
      'webhook_attempts',
      ATTEMPT_COLUMNS,
      outcomes.map((o) => ({
        id: newId(), delivery_id: o.job.id, number: o.job.number, trigger: o.job.trigger, started_at: o.startedAt, duration_ms: o.durationMs,
        status_code: o.statusCode, succeeded: succeeded(o) ? 1 : 0, error: o.error, response_excerpt: o.excerpt,
      })),
    );

    // Successes in groups that share one UPDATE: same claim, same status code.
    const groups = new Map<string, { token: string; code: number; ids: string[] }>();
    for (const o of outcomes) {
      if (!succeeded(o)) continue;
      const key = `${o.job.token}|${o.statusCode}`;
      const g = groups.get(key) ?? { token: o.job.token, code: o.statusCode as number, ids: [] };
      g.ids.push(o.job.id);
      groups.set(key, g);
    }
    for (const g of groups.values()) {
      await runSql(
        tx,
        caps,
        `update webhook_deliveries set status = 'succeeded', attempts = attempts + 1, streak = 0, trigger = 'retry', next_attempt_at = null, claim_token = null,
         last_attempt_at = ?, last_status_code = ?, last_error = null, succeeded_at = ? where claim_token = ? and id in (${placeholders(g.ids.length)})`,
        [now, g.code, now, g.token, ...g.ids],
      );
    }

    for (const o of outcomes) {
      if (succeeded(o)) continue;
      const streak = o.job.streak + 1;
      const dead = o.statusCode === 410 || nowMs >= Date.parse(o.job.retryUntil);
      const next = dead ? null : new Date(nowMs + retryDelay(streak, settings, o.retryAfterMs)).toISOString();
      const why = o.error ?? `the receiver answered HTTP ${o.statusCode}`;
      await runSql(
        tx,
        caps,
        `update webhook_deliveries set status = ?, attempts = attempts + 1, streak = ?, trigger = 'retry', next_attempt_at = ?, claim_token = null,
         last_attempt_at = ?, last_status_code = ?, last_error = ? where id = ? and claim_token = ?`,
        [dead ? 'dead' : 'pending', streak, next, now, o.statusCode, why, o.job.id, o.job.token],
      );
    }

    await recordCallbacks(tx, caps, outcomes);
    await recordEndpointHealth(tx, caps, outcomes, now, settings);
  });
}

/** `callback_succeeded` follows each task's latest callback attempt. */
async function recordCallbacks(tx: Tx, caps: Capabilities, outcomes: readonly AttemptOutcome[]): Promise<void> {
  const latest = new Map<string, boolean>();
  for (const o of outcomes) if (o.job.endpointId === null && o.job.taskId !== null) latest.set(o.job.taskId, succeeded(o));
  for (const value of [true, false]) {
    const ids = [...latest].filter(([, ok]) => ok === value).map(([id]) => id);
    for (let i = 0; i < ids.length; i += 500) {
      const slice = ids.slice(i, i + 500);
      await runSql(tx, caps, `update tasks set callback_succeeded = ? where id in (${placeholders(slice.length)})`, [value ? 1 : 0, ...slice]);
    }
  }
}

async function recordEndpointHealth(tx: Tx, caps: Capabilities, outcomes: readonly AttemptOutcome[], now: string, settings: WebhookSettings): Promise<void> {
  const latest = new Map<string, AttemptOutcome>();
  const gone = new Map<string, AttemptOutcome>();
  for (const o of outcomes) {
    if (o.job.endpointId === null) continue;
    latest.set(o.job.endpointId, o);
    if (o.statusCode === 410) gone.set(o.job.endpointId, o);
  }
  for (const [id, o] of latest) {
    if (gone.has(id)) continue;
    if (succeeded(o)) {
      await runSql(tx, caps, 'update webhook_endpoints set failing_since = null, last_success_at = ? where id = ?', [now, id]);
      continue;
    }
    await runSql(tx, caps, 'update webhook_endpoints set failing_since = ? where id = ? and failing_since is null', [now, id]);
    const cutoff = new Date(Date.parse(now) - settings.disableAfterMs).toISOString();
    const stale = await runSql<{ failing_since: string }>(tx, caps, "select failing_since from webhook_endpoints where id = ? and status = 'enabled' and failing_since <= ?", [id, cutoff]);
    const since = stale.rows[0]?.failing_since;
    if (since !== undefined) await disable(tx, caps, id, `every delivery has failed since ${since} (last: ${o.error ?? `HTTP ${o.statusCode}`})`, now);
  }
  for (const [id, o] of gone) await disable(tx, caps, id, `the receiver answered 410 Gone to delivery ${o.job.id} at ${o.startedAt}`, now);
}

async function disable(tx: Tx, caps: Capabilities, id: string, reason: string, now: string): Promise<void> {
  const r = await runSql(tx, caps, "update webhook_endpoints set status = 'disabled', disabled_reason = ?, disabled_at = ?, updated_at = ? where id = ? and status = 'enabled'", [reason, now, now, id]);
  if (r.changes > 0) await killPendingDeliveries(tx, id, `the endpoint was disabled: ${reason}`);
}
