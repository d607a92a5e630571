import { AuthError, MingaError } from '@minga/sdk';

/** A sentence to show for a failed call; `expired` says the session is no longer valid. */
export function errorMessage(error: unknown): { message: string; expired: boolean } {
  if (error instanceof AuthError) return { message: 'Your session has ended. Please log in again.', expired: true };
  if (error instanceof MingaError) return { message: error.message, expired: false };
  return { message: error instanceof Error ? error.message : String(error), expired: false };
}
