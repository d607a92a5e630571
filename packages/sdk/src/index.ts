/**
 * `@minga/sdk`: the TypeScript client for the Minga API. Fetch-based and free of runtime dependencies, so it
 * runs in Node 24, browsers and edge runtimes; its types come from the server's own schemas.
 */
export { Minga, type MingaOptions } from './minga.ts';
export {
  AuthError,
  ConflictError,
  ConnectionError,
  InsufficientCreditsError,
  MingaError,
  NotFoundError,
  RateLimitError,
  TaskError,
  ValidationError,
  WaitTimeoutError,
  WebhookVerificationError,
  type MingaErrorCode,
} from './errors.ts';
export { verifyWebhook, type VerifyWebhookOptions } from './verify-webhook.ts';
export type { RequestOptions } from './internal/send-request.ts';
export type { WaitOptions } from './internal/wait-for-task.ts';
export type { RunOptions } from './resources/tasks.ts';
export type { Accounts } from './resources/accounts.ts';
export type { ApiKeys } from './resources/api-keys.ts';
export type { Auth } from './resources/auth.ts';
export type { Credits } from './resources/credits.ts';
export type { Events } from './resources/events.ts';
export type { Helpers } from './resources/helpers.ts';
export type { Operations } from './resources/operations.ts';
export type { Projects } from './resources/projects.ts';
export type { Tasks } from './resources/tasks.ts';
export type { WebhookDeliveries } from './resources/webhook-deliveries.ts';
export type { WebhookEndpoints } from './resources/webhook-endpoints.ts';
export type { Work } from './resources/work.ts';
export type * from './types.ts';
