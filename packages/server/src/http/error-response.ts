import { DomainError } from '../core/domain-error.ts';
import { ERROR_STATUS } from './error-status.ts';

/** The error envelope every failure is answered with. */
export function errorResponse(error: DomainError, requestId: string): { status: number; contentType: string; body: string } {
  const envelope = {
    error: {
      code: error.code,
      message: error.message,
      ...(error.details === undefined ? {} : { details: error.details }),
      request_id: requestId,
    },
  };
  return { status: ERROR_STATUS[error.code], contentType: 'application/json', body: JSON.stringify(envelope) };
}
