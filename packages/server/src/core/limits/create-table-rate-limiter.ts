import { runSql } from '../../store/queries/run-sql.ts';
import type { Store } from '../../store/store.ts';
import { checkAllowance } from './check-allowance.ts';
import { ADMITTED, type RateLimiter, type SpendInStatement } from './rate-limiter.ts';
import { rateCostOf, slackFor, type RateCost, type RateLimitSettings } from './rate-limit-settings.ts';

/**
 * The check as one upsert, for each combination of the allowances a request spends: the row is written
 * only when every spent bucket has room (the `where` of `do update`), so a refused request changes
 * nothing and returns no row. The row lock makes concurrent checks of one principal, from any process,
 * take turns. Same arithmetic as checkAllowance. `from` is what the new row is made of: the principal key
 * and both TATs as parameters, or (see spendInStatement) a select naming the principal by an SQL expression.
 */
function checkText(requests: boolean, tasks: boolean, from = 'values (?, ?, ?)'): string {
  const sets: string[] = [];
  const conditions: string[] = [];
  for (const [on, column] of [[requests, 'requests_tat'], [tasks, 'tasks_tat']] as const) {
    if (!on) continue;
    sets.push(`${column} = (case when rate_limits.${column} > ? then rate_limits.${column} else ? end) + ?`);
    conditions.push(`rate_limits.${column} - ? <= ?`);
  }
  return (
    `insert into rate_limits (principal, requests_tat, tasks_tat) ${from} ` +
    `on conflict (principal) do update set ${sets.join(', ')} where ${conditions.join(' and ')} returning principal`
  );
}

const TEXTS = [checkText(true, false), checkText(false, true), checkText(true, true)] as const;

/** The parameters of checkText after the principal key, in its order: both new TATs, then each spent bucket's. */
function checkParams(cost: RateCost, now: number): unknown[] {
  const sets: unknown[] = [];
  const conditions: unknown[] = [];
  for (const [spent, capacity] of [[cost.requests, cost.requestsCapacity], [cost.tasks, cost.tasksCapacity]] as const) {
    if (spent === 0) continue;
    sets.push(now, now, spent);
    conditions.push(now, slackFor(spent, capacity));
  }
  return [now + cost.requests, now + cost.tasks, ...sets, ...conditions];
}

/**
 * The limiter of a store several processes share (PostgreSQL): each principal's buckets are one row of
 * `rate_limits`, and a check is a single statement outside any transaction, so every process spends the
 * same allowance. Only a refusal reads the row again, to say how long to wait.
 */
export function createTableRateLimiter(store: Store, settings: RateLimitSettings, clock: () => number = Date.now): RateLimiter {
  const requestCost = rateCostOf(settings, 0);
  const spendTexts = new Map<string, string>();
  return {
    check: async (principalKey, tasks) => {
      const cost = rateCostOf(settings, tasks);
      if (cost.requests === 0 && cost.tasks === 0) return ADMITTED;
      const now = clock();
      const text = TEXTS[(cost.requests > 0 ? 1 : 0) + (cost.tasks > 0 ? 2 : 0) - 1] as string;
      const { rows } = await runSql(store.db, store.caps, text, [principalKey, ...checkParams(cost, now)]);
      if (rows.length === 1) return ADMITTED;
      const found = await runSql<{ requests_tat: number; tasks_tat: number }>(store.db, store.caps, 'select requests_tat, tasks_tat from rate_limits where principal = ?', [principalKey]);
      const row = found.rows[0];
      const decision = row ? checkAllowance({ requestsTat: Number(row.requests_tat), tasksTat: Number(row.tasks_tat) }, now, cost).decision : ADMITTED;
      // The allowance may have come back between the two statements: refuse for the shortest wait anyway,
      // since this request did not spend it.
      return decision.ok ? { ok: false, limit: 'requests', retryAfterMs: 1 } : decision;
    },
    // A request creating no tasks spends only the requests allowance (none when that limit is off); the
    // upsert runs in a WITH clause of the caller's statement where the backend allows a write there.
    ...(requestCost.requests > 0 && store.caps.writableCtes && {
      spendInStatement: (source, principal, where) => {
        const key = `${source}|${principal}|${where}`;
        let text = spendTexts.get(key);
        if (text === undefined) {
          text = checkText(true, false, `select ${principal}, ?, ? from ${source} where ${where}`);
          spendTexts.set(key, text);
        }
        return { text, params: checkParams(requestCost, clock()) };
      },
    } satisfies { spendInStatement: SpendInStatement }),
  };
}
