import type { Logger } from 'pino';
import type { WebhookSettings } from '../core/webhooks/webhook-settings.ts';
import type { RateLimiter } from '../core/limits/rate-limiter.ts';
import type { Store } from '../store/store.ts';

/** Everything the HTTP app needs, built once by `main` and handed in: the app itself reads no environment. */
export interface AppDeps {
  store: Store;
  logger: Logger;
  config: {
    openSignup: boolean;
    maxBodyBytes: number;
    publicUrl: string;
    /** MINGA_CREDITS: whether human work is charged (reserved on creation, paid on acceptance). */
    credits: boolean;
  };
  /** Wakes the background runner after an operation was queued. */
  onOperationQueued: () => void;
  /** Limits each key's and user's requests and created tasks; no limits when absent. */
  rateLimiter?: RateLimiter | null;
  /** Limits password attempts per email (login, accept-invite); no limit when absent. */
  loginLimiter?: RateLimiter | null;
  /** How deliveries are retried (a replay starts a fresh retry window); the defaults when absent. */
  webhooks?: Readonly<WebhookSettings>;
  /** Wakes the webhook deliverer after a delivery was replayed. */
  onWebhookReplayed?: () => void;
}
