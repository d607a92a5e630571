/** The first retry waits about this long; each further retry doubles it. */
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;
/** A `Retry-After` longer than this is not waited out: the error goes to the caller, who may know better. */
export const MAX_RETRY_AFTER_SECONDS = 60;

/**
 * How long to wait before retry number `attempt + 1`: the server's `Retry-After` when it gave one, else
 * exponential backoff with jitter (half fixed, half random), so that many clients failing together do not
 * come back together.
 */
export function retryDelay(attempt: number, retryAfterSeconds: number | null, random: () => number = Math.random): number {
  if (retryAfterSeconds !== null) return retryAfterSeconds * 1000 + Math.floor(random() * 100);
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
  return Math.floor(ceiling / 2 + random() * (ceiling / 2));
}

/** `Retry-After` as seconds: a number of seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}
