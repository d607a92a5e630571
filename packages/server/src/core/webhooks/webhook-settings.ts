/**
 * How deliveries are timed. The defaults are what SPEC §3.6 and issue 4 promise; tests shorten them.
 */
export interface WebhookSettings {
  /** One attempt, from connect to the end of the response, may take this long. */
  timeoutMs: number;
  /** The first retry waits about this long; each further failure doubles it (with jitter). */
  retryBaseMs: number;
  /** No wait between two attempts grows beyond this. */
  retryMaxMs: number;
  /** A delivery keeps being retried for this long after it was created (or replayed), then dead-letters. */
  retryWindowMs: number;
  /** An endpoint whose deliveries have failed, without a success in between, for this long is disabled. */
  disableAfterMs: number;
  /** After a rotation, the old secret still signs (as `v0=`) for this long. */
  rotationGraceMs: number;
  /** Attempts in flight at once per process, and per endpoint (or callback origin) within that. */
  concurrency: number;
  concurrencyPerTarget: number;
}

const HOUR = 3_600_000;

export const DEFAULT_WEBHOOK_SETTINGS: Readonly<WebhookSettings> = Object.freeze({
  timeoutMs: 10_000,
  retryBaseMs: 10_000,
  retryMaxMs: HOUR,
  retryWindowMs: 72 * HOUR,
  disableAfterMs: 120 * HOUR,
  rotationGraceMs: 24 * HOUR,
  concurrency: 256,
  concurrencyPerTarget: 16,
});

/**
 * How long a process holds a claimed delivery before another may attempt it: twice the attempt's timeout
 * plus room to write its result. After a crash, the delivery is attempted again once this ran out.
 */
export const claimMsOf = (s: WebhookSettings): number => 2 * s.timeoutMs + 5_000;
