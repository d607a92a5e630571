import {
  AuthError,
  ConflictError,
  InsufficientCreditsError,
  MingaError,
  NotFoundError,
  RateLimitError,
  ValidationError,
  type MingaErrorFields,
} from '../errors.ts';
import { parseRetryAfter } from './retry-delay.ts';

interface Envelope {
  error?: { code?: unknown; message?: unknown; details?: unknown; request_id?: unknown };
}

/**
 * The typed error for a non-2xx response. The API always answers with its error envelope; anything else
 * (a proxy's HTML 502) still becomes a `MingaError` with code `http_error`.
 */
export function errorFromResponse(status: number, headers: Headers, text: string): MingaError {
  let envelope: Envelope | undefined;
  try {
    envelope = JSON.parse(text) as Envelope;
  } catch {
    envelope = undefined;
  }
  const e = envelope?.error;
  const fields: MingaErrorFields = {
    status,
    code: typeof e?.code === 'string' ? e.code : 'http_error',
    message: typeof e?.message === 'string' ? e.message : `HTTP ${status}${text ? `: ${text.slice(0, 200)}` : ''}`,
    requestId: typeof e?.request_id === 'string' ? e.request_id : headers.get('x-request-id'),
    details: e?.details,
  };
  switch (status) {
    case 400:
    case 422:
      return new ValidationError(fields);
    case 401:
    case 403:
      return new AuthError(fields);
    case 402:
      return new InsufficientCreditsError(fields);
    case 404:
      return new NotFoundError(fields);
    case 409:
      return new ConflictError(fields);
    case 429:
      return new RateLimitError({ ...fields, retryAfter: parseRetryAfter(headers.get('retry-after')) });
    default:
      return new MingaError(fields);
  }
}
