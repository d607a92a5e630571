import type { ErrorCode } from '@minga/api-contracts';

/**
 * A failure the caller can act on, named by a stable code. Only the HTTP layer decides which status a
 * code becomes.
 */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}

export const notFound = (what: string) => new DomainError('not_found', `${what} not found`);
