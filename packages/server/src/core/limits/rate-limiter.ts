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
  /**
   * Only on a limiter kept in the store, and while requests are limited: the spend of one request that
   * creates no tasks, as an upsert for the caller to run in the statement that finds the principal (see
   * authenticateSpending), saving the check's own round trip. It returns a row when the request is admitted;
   * when it returns none, `check` tells why.
   */
  readonly spendInStatement?: SpendInStatement;
}

/**
 * The upsert spending one request's allowance of the principal whose key is the SQL expression `principal`,
 * for each row of the WITH clause `source` where the SQL condition `where` holds (the texts must be fixed
 * by the code: they are cached).
 */
export type SpendInStatement = (source: string, principal: string, where: string) => { text: string; params: unknown[] };

export const ADMITTED: RateDecision = Object.freeze({ ok: true });

/**
 * Whose allowance a request spends: the API key's, or the person's for a session (all of a helper's
 * sessions share one allowance, so logging in twice does not double it).
 */
export const rateKeyOf = (p: Principal): string => (p.keyId !== null ? `key:${p.keyId}` : `user:${p.userId}`);
