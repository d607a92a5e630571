import type { Context } from 'hono';
import { rateKeyOf, type RateLimiter } from '../core/limits/rate-limiter.ts';
import type { Principal } from '../core/principal.ts';
import { DomainError } from '../core/domain-error.ts';

/**
 * Spends one request (creating `tasks` tasks) of the allowance under `key`, or refuses it with 429
 * `rate_limited` and `Retry-After` (whole seconds, at least 1, from the limiter's state). The header is set
 * on the context, which the error handler's response keeps. `refusal` words the message.
 */
export async function enforceAllowance(limiter: RateLimiter, key: string, tasks: number, c: Context, refusal: (limit: 'requests' | 'tasks') => string): Promise<void> {
  const decision = await limiter.check(key, tasks);
  if (decision.ok) return;
  const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
  c.header('Retry-After', String(seconds));
  throw new DomainError('rate_limited', `${refusal(decision.limit)}; retry after ${seconds} s`, { retry_after_seconds: seconds, limit: decision.limit });
}

/** The caller's allowance of requests per second and tasks per minute (per API key, or per user). */
export function enforceRateLimit(limiter: RateLimiter, principal: Principal, tasks: number, c: Context): Promise<void> {
  const who = principal.keyId !== null ? 'this API key' : 'this user';
  return enforceAllowance(limiter, rateKeyOf(principal), tasks, c, (limit) =>
    `too many ${limit === 'requests' ? 'requests per second' : `tasks per minute (this request creates ${tasks})`} for ${who}`,
  );
}
