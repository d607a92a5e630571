import { ADMITTED, type RateDecision } from './rate-limiter.ts';
import { slackFor, type RateCost } from './rate-limit-settings.ts';

/** A principal's two buckets, as theoretical arrival times in epoch milliseconds (see rate-limit-settings.ts). */
export interface Tats {
  requestsTat: number;
  tasksTat: number;
}

/**
 * GCRA for both of a principal's buckets at once: the request passes only if each allowance it spends has
 * room, and then spends both; a refused request spends nothing. Pure; the table limiter runs the same
 * arithmetic in SQL, and uses this to explain a refusal.
 */
export function checkAllowance(tats: Tats, now: number, cost: RateCost): { decision: RateDecision; tats: Tats } {
  const waitRequests = cost.requests > 0 ? tats.requestsTat - now - slackFor(cost.requests, cost.requestsCapacity) : 0;
  const waitTasks = cost.tasks > 0 ? tats.tasksTat - now - slackFor(cost.tasks, cost.tasksCapacity) : 0;
  if (waitRequests > 0 || waitTasks > 0) {
    const decision: RateDecision =
      waitTasks > waitRequests ? { ok: false, limit: 'tasks', retryAfterMs: waitTasks } : { ok: false, limit: 'requests', retryAfterMs: waitRequests };
    return { decision, tats };
  }
  return {
    decision: ADMITTED,
    tats: {
      requestsTat: cost.requests > 0 ? Math.max(tats.requestsTat, now) + cost.requests : tats.requestsTat,
      tasksTat: cost.tasks > 0 ? Math.max(tats.tasksTat, now) + cost.tasks : tats.tasksTat,
    },
  };
}
