import { checkAllowance, type Tats } from './check-allowance.ts';
import { ADMITTED, type RateLimiter } from './rate-limiter.ts';
import { rateCostOf, type RateLimitSettings } from './rate-limit-settings.ts';

const SWEEP_EVERY_MS = 60_000;

/**
 * The limiter of a store only one process uses (SQLite): the buckets live in a Map, so a check costs no
 * statement at all. Buckets that are full again hold no information and are swept once a minute, during a
 * check (no timer, so nothing outlives the app).
 */
export function createMemoryRateLimiter(settings: RateLimitSettings, clock: () => number = Date.now): RateLimiter {
  const buckets = new Map<string, Tats>();
  let lastSweep = clock();
  return {
    check: async (principalKey, tasks) => {
      const cost = rateCostOf(settings, tasks);
      if (cost.requests === 0 && cost.tasks === 0) return ADMITTED;
      const now = clock();
      if (now - lastSweep > SWEEP_EVERY_MS) {
        lastSweep = now;
        for (const [key, t] of buckets) if (t.requestsTat <= now && t.tasksTat <= now) buckets.delete(key);
      }
      const before = buckets.get(principalKey) ?? { requestsTat: now, tasksTat: now };
      const { decision, tats } = checkAllowance(before, now, cost);
      if (decision.ok) buckets.set(principalKey, tats);
      return decision;
    },
  };
}
