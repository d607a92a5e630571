import type { Principal } from '../principal.ts';

/** What the limiter says of one request. */
export type RateDecision =
  | { readonly ok: true }
  | {
      readonly ok: false;
      /** Which allowance ran out (the one that frees last when both did). */
      readonly limit: 'requests' | 'tasks';
      /** Milliseconds until the same request would pass, if nothing else spends the allowance meanwhile. */
      readonly retryAfterMs: number;
    };

/** Checks and spends a principal's allowance; `tasks` is how many tasks the request creates (0 for most). */
export interface RateLimiter {
  check(principalKey: string, tasks: number): Promise<RateDecision>;
}

export const ADMITTED: RateDecision = Object.freeze({ ok: true });

/**
 * Whose allowance a request spends: the API key's, or the person's for a session (all of a helper's
 * sessions share one allowance, so logging in twice does not double it).
 */
export const rateKeyOf = (p: Principal): string => (p.keyId !== null ? `key:${p.keyId}` : `user:${p.userId}`);
