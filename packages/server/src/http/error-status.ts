import type { ErrorCode } from '@minga/api-contracts';

/** The one place where an error code becomes an HTTP status. Exhaustive: a new code will not compile without one. */
export const ERROR_STATUS: Record<ErrorCode, 400 | 401 | 402 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 429 | 500 | 503> = {
  validation_error: 400,
  unauthorized: 401,
  insufficient_credits: 402,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  idempotency_key_in_use: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  idempotency_key_reused: 422,
  unsupported_task_type: 422,
  rate_limited: 429,
  internal_error: 500,
  unavailable: 503,
};
