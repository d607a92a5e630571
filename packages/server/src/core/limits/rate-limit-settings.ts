/**
 * Glossary of the rate limiter (generic cell rate algorithm, GCRA — a token bucket kept as one number):
 * - **principal key** — whose allowance a request spends: `key:<api key id>` or `user:<user id>` (a helper's
 *   or an owner's sessions share one allowance).
 * - **interval** — milliseconds of allowance one unit costs: 1000 / requests per second, 60000 / tasks per minute.
 * - **capacity** — milliseconds of allowance a principal may spend at once (the bucket's size).
 * - **TAT** (theoretical arrival time) — when the principal's bucket is full again; a request costing `c`
 *   passes when `tat - now <= capacity - c`, and moves `tat` to `max(tat, now) + c`.
 */
export interface RateLimitSettings {
  /** Requests per second per principal; 0 turns the limit off. */
  readonly requestsPerSecond: number;
  /** Requests a principal may send at once after being idle (the bucket's size). */
  readonly requestsBurst: number;
  /** Tasks created per minute per principal (a batch of N counts N), up to a minute's worth at once; 0 turns it off. */
  readonly tasksPerMinute: number;
}

export const RATE_LIMITS_OFF: RateLimitSettings = Object.freeze({ requestsPerSecond: 0, requestsBurst: 0, tasksPerMinute: 0 });

/** One principal's spend of a request, in milliseconds of each allowance, with the buckets' sizes. */
export interface RateCost {
  /** Milliseconds of request allowance this request costs; 0 when that limit is off. */
  readonly requests: number;
  readonly requestsCapacity: number;
  /** Milliseconds of task allowance its tasks cost; 0 when it creates none or that limit is off. */
  readonly tasks: number;
  readonly tasksCapacity: number;
}

export const rateLimitsEnabled = (s: RateLimitSettings): boolean => s.requestsPerSecond > 0 || s.tasksPerMinute > 0;

/** What one request creating `tasks` tasks costs under the settings. */
export function rateCostOf(s: RateLimitSettings, tasks: number): RateCost {
  const requestInterval = s.requestsPerSecond > 0 ? 1000 / s.requestsPerSecond : 0;
  const taskInterval = s.tasksPerMinute > 0 ? 60_000 / s.tasksPerMinute : 0;
  return {
    requests: requestInterval,
    requestsCapacity: requestInterval * Math.max(1, s.requestsBurst),
    tasks: taskInterval * tasks,
    tasksCapacity: 60_000,
  };
}

/**
 * How far ahead of now a bucket's TAT may be for a cost to pass. A cost larger than the whole bucket (an
 * async batch beyond a minute's worth of tasks) passes only when the bucket is full, and leaves a debt the
 * principal pays off before its next task; otherwise such a batch could never be created.
 */
export const slackFor = (cost: number, capacity: number): number => Math.max(capacity - cost, 0);
