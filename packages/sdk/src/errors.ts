import type { ErrorCode, FieldIssue, Task } from './types.ts';

/** A code the API answers with, or one of the SDK's own (`connection_error`, `timeout`, `task_canceled`…). */
export type MingaErrorCode = ErrorCode | (string & {});

export interface MingaErrorFields {
  message: string;
  code: MingaErrorCode;
  /** The HTTP status, or null when there was no response (network error, timeout, a task's outcome). */
  status: number | null;
  requestId?: string | null;
  details?: unknown;
  cause?: unknown;
}

/**
 * The base of every error the SDK throws: the API's error envelope (`code`, `message`, `details`,
 * `request_id`) with the HTTP status.
 *
 * @example
 * try {
 *   await minga.tasks.get('tsk_does_not_exist');
 * } catch (error) {
 *   if (error instanceof MingaError) console.log(error.status, error.code, error.requestId);
 * }
 */
export class MingaError extends Error {
  readonly code: MingaErrorCode;
  readonly status: number | null;
  readonly requestId: string | null;
  readonly details: unknown;

  constructor(fields: MingaErrorFields) {
    super(fields.message, fields.cause === undefined ? undefined : { cause: fields.cause });
    this.name = new.target.name;
    this.code = fields.code;
    this.status = fields.status;
    this.requestId = fields.requestId ?? null;
    this.details = fields.details;
  }
}

/**
 * 401 `unauthorized` (missing, invalid or revoked key) or 403 `forbidden`.
 *
 * @example
 * const anonymous = new Minga({ apiKey: 'mk_live_revoked' });
 * await anonymous.me().catch((error: unknown) => {
 *   if (error instanceof AuthError) console.log('check MINGA_API_KEY:', error.message);
 * });
 */
export class AuthError extends MingaError {}

/**
 * 402 `insufficient_credits`: the account's credits do not cover the new work (servers with `MINGA_CREDITS=on`).
 *
 * @example
 * await minga.tasks.create({ project_id: projectId, type: 'yesno', content: 'Cat?', reward: 5 }).catch((error: unknown) => {
 *   if (error instanceof InsufficientCreditsError) console.log('top up:', error.message);
 * });
 */
export class InsufficientCreditsError extends MingaError {}

/**
 * 400 or 422: the request is invalid. `details` names each bad field.
 *
 * @example
 * await minga.tasks.create({ project_id: projectId, type: 'yesno', priority: 101 }).catch((error: unknown) => {
 *   if (error instanceof ValidationError) for (const issue of error.details) console.log(issue.field, issue.message);
 * });
 */
export class ValidationError extends MingaError {
  override readonly details: FieldIssue[];

  constructor(fields: MingaErrorFields) {
    super(fields);
    this.details = Array.isArray(fields.details) ? (fields.details as FieldIssue[]) : [];
  }
}

/**
 * 404 `not_found`: no such object, or it belongs to another account.
 *
 * @example
 * const task = await minga.tasks.get(taskId).catch((error: unknown) => {
 *   if (error instanceof NotFoundError) return null;
 *   throw error;
 * });
 */
export class NotFoundError extends MingaError {}

/**
 * 409: `conflict` (e.g. a repeated `unique_id`; `existingTaskId` names the task that has it) or
 * `idempotency_key_in_use`.
 *
 * @example
 * const task = await minga.tasks.create({ project_id: projectId, type: 'yesno', content: 'Cat?', unique_id: 'photo-1' }).catch((error: unknown) => {
 *   if (error instanceof ConflictError && error.existingTaskId) return minga.tasks.get(error.existingTaskId);
 *   throw error;
 * });
 */
export class ConflictError extends MingaError {
  /** The task that already holds the `unique_id`, when that is the conflict. */
  readonly existingTaskId: string | null;

  constructor(fields: MingaErrorFields) {
    super(fields);
    const details = fields.details as { existing_task_id?: unknown } | undefined;
    this.existingTaskId = typeof details?.existing_task_id === 'string' ? details.existing_task_id : null;
  }
}

/**
 * 429 `rate_limited`, once the SDK's own retries are spent. `retryAfter` is the server's `Retry-After` in seconds.
 *
 * @example
 * const slow = new Minga({ apiKey: 'mk_live_…', maxRetries: 0 });
 * await slow.tasks.get(taskId).catch((error: unknown) => {
 *   if (error instanceof RateLimitError) console.log(`try again in ${error.retryAfter ?? 1} s`);
 * });
 */
export class RateLimitError extends MingaError {
  readonly retryAfter: number | null;

  constructor(fields: MingaErrorFields & { retryAfter: number | null }) {
    super(fields);
    this.retryAfter = fields.retryAfter;
  }
}

/**
 * No response: the connection failed or the attempt timed out (`code` is `connection_error` or `timeout`),
 * after the SDK's retries.
 *
 * @example
 * const offline = new Minga({ baseUrl: 'http://127.0.0.1:9', maxRetries: 0 });
 * await offline.me().catch((error: unknown) => {
 *   if (error instanceof ConnectionError) console.log('is the server running?', error.code);
 * });
 */
export class ConnectionError extends MingaError {}

/**
 * Thrown by `tasks.wait` and `tasks.run` when the task ends `canceled` or in `error`; `task` is its last state.
 *
 * @example
 * await minga.tasks.wait(taskId).catch((error: unknown) => {
 *   if (error instanceof TaskError) console.log(error.task.id, 'ended', error.task.status);
 * });
 */
export class TaskError extends MingaError {
  readonly task: Task;

  constructor(task: Task) {
    super({ message: `task ${task.id} ended ${task.status}`, code: `task_${task.status}`, status: null });
    this.task = task;
  }
}

/**
 * Thrown by `tasks.wait` and `tasks.run` when `timeoutMs` passes first; `task` is its last state.
 *
 * @example
 * await minga.tasks.wait(taskId, { timeoutMs: 5_000 }).catch((error: unknown) => {
 *   if (error instanceof WaitTimeoutError) console.log('still', error.task.status);
 * });
 */
export class WaitTimeoutError extends MingaError {
  readonly task: Task;

  constructor(task: Task, timeoutMs: number) {
    super({ message: `task ${task.id} is still ${task.status} after ${timeoutMs} ms`, code: 'wait_timeout', status: null });
    this.task = task;
  }
}

/**
 * `verifyWebhook` refused a delivery: `code` is `missing_signature`, `malformed_signature`,
 * `signature_mismatch`, `timestamp_out_of_tolerance` or `invalid_payload`.
 *
 * @example
 * const event = await verifyWebhook({ payload: rawBody, header: signature, secret }).catch((error: unknown) => {
 *   if (error instanceof WebhookVerificationError) return null;
 *   throw error;
 * });
 */
export class WebhookVerificationError extends MingaError {
  constructor(code: string, message: string) {
    super({ message, code, status: null });
  }
}
