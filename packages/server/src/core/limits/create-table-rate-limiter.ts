import { runSql } from '../../store/queries/run-sql.ts';
import type { Store } from '../../store/store.ts';
import { checkAllowance } from './check-allowance.ts';
import { ADMITTED, type RateLimiter } from './rate-limiter.ts';
import { rateCostOf, slackFor, type RateLimitSettings } from './rate-limit-settings.ts';

/**
 * The check as one upsert, for each combination of the allowances a request spends: the row is written
 * only when every spent bucket has room (the `where` of `do update`), so a refused request changes
 * nothing and returns no row. The row lock makes concurrent checks of one principal, from any process,
 * take turns. Same arithmetic as checkAllowance.
 */
function checkText(requests: boolean, tasks: boolean): string {
  const sets: string[] = [];
  const conditions: string[] = [];
  for (const [on, column] of [[requests, 'requests_tat'], [tasks, 'tasks_tat']] as const) {
    if (!on) continue;
    sets.push(`${column} = (case when rate_limits.${column} > ? then rate_limits.${column} else ? end) + ?`);
    conditions.push(`rate_limits.${column} - ? <= ?`);
  }
  return (
    'insert into rate_limits (principal, requests_tat, tasks_tat) values (?, ?, ?) ' +
    `on conflict (principal) do update set ${sets.join(', ')} where ${conditions.join(' and ')} returning principal`
  );
}

const TEXTS = [checkText(true, false), checkText(false, true), checkText(true, true)] as const;

/**
 * The limiter of a store several processes share (PostgreSQL): each principal's buckets are one row of
 * `rate_limits`, and a check is a single statement outside any transaction, so every process spends the
 * same allowance. Only a refusal reads the row again, to say how long to wait.
 */
export function createTableRateLimiter(store: Store, settings: RateLimitSettings, clock: () => number = Date.now): RateLimiter {
  return {
    check: async (principalKey, tasks) => {
      const cost = rateCostOf(settings, tasks);
      if (cost.requests === 0 && cost.tasks === 0) return ADMITTED;
      const now = clock();
      const params: unknown[] = [principalKey, now + cost.requests, now + cost.tasks];
      const sets: unknown[] = [];
      const conditions: unknown[] = [];
      for (const [spent, capacity] of [[cost.requests, cost.requestsCapacity], [cost.tasks, cost.tasksCapacity]] as const) {
        if (spent === 0) continue;
        sets.push(now, now, spent);
        conditions.push(now, slackFor(spent, capacity));
      }
      const text = TEXTS[(cost.requests > 0 ? 1 : 0) + (cost.tasks > 0 ? 2 : 0) - 1] as string;
      const { rows } = await runSql(store.db, store.caps, text, [...params, ...sets, ...conditions]);
      if (rows.length === 1) return ADMITTED;
      const found = await runSql<{ requests_tat: number; tasks_tat: number }>(store.db, store.caps, 'select requests_tat, tasks_tat from rate_limits where principal = ?', [principalKey]);
      const row = found.rows[0];
      const decision = row ? checkAllowance({ requestsTat: Number(row.requests_tat), tasksTat: Number(row.tasks_tat) }, now, cost).decision : ADMITTED;
      // The allowance may have come back between the two statements: refuse for the shortest wait anyway,
      // since this request did not spend it.
      return decision.ok ? { ok: false, limit: 'requests', retryAfterMs: 1 } : decision;
    },
  };
}
