import type { WebhookSettings } from './webhook-settings.ts';

/**
 * The wait before the next attempt after `streak` failures in a row: exponential from the base, capped,
 * with jitter so that deliveries failing together do not come back together. A receiver's `Retry-After`
 * replaces it: the receiver knows when it can take the delivery (capped at a day).
 */
export function retryDelay(streak: number, s: WebhookSettings, retryAfterMs: number | null, random: () => number = Math.random): number {
  const exponential = Math.min(s.retryMaxMs, s.retryBaseMs * 2 ** Math.min(30, Math.max(0, streak - 1)));
  // Between 3/4 and 5/4 of the nominal wait.
  const jittered = exponential * (0.75 + random() / 2);
  if (retryAfterMs === null) return Math.round(jittered);
  return Math.round(Math.min(Math.max(retryAfterMs, 0), 86_400_000));
}

/** A `Retry-After` header as milliseconds: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (/^\d{1,9}$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
