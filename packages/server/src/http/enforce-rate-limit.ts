import type { Context } from 'hono';
import { rateKeyOf, type RateLimiter } from '../core/limits/rate-limiter.ts';
import type { Principal } from '../core/principal.ts';
import { DomainError } from '../core/domain-error.ts';

/**
 * Spends the caller's allowance for one request creating `tasks` tasks, or refuses it with 429
 * `rate_limited` and `Retry-After` (whole seconds, at least 1, from the limiter's state). The header is
 * set on the context, which the error handler's response keeps.
 */
export async function enforceRateLimit(limiter: RateLimiter, principal: Principal, tasks: number, c: Context): Promise<void> {
  const decision = await limiter.check(rateKeyOf(principal), tasks);
  if (decision.ok) return;
  const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
  c.header('Retry-After', String(seconds));
  const who = principal.keyId !== null ? 'this API key' : 'this user';
  const what = decision.limit === 'requests' ? 'requests per second' : `tasks per minute (this request creates ${tasks})`;
  throw new DomainError('rate_limited', `too many ${what} for ${who}; retry after ${seconds} s`, { retry_after_seconds: seconds, limit: decision.limit });
}
