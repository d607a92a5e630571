import { z } from 'zod';

export const CONSENSUS_STRATEGIES = ['any_first', 'majority_vote', 'unanimous', 'requester_review', 'quorum', 'dynamic'] as const;
export const PRIORITY_WORDS = { low: 25, normal: 50, high: 75, urgent: 100 } as const;
export const TASK_STATUSES = ['pending', 'in_progress', 'completed', 'canceled', 'error', 'needs_review'] as const;
export const REVIEW_STATUSES = ['pending', 'accepted', 'fixed', 'rejected'] as const;

/** One bad field of a request: a dotted path into the body (or query) and what is wrong with it. */
export interface FieldIssue {
  field: string;
  message: string;
}

/** Every error code the API answers with; the HTTP layer maps each to exactly one status. */
export const ERROR_CODES = [
  'validation_error',
  'unauthorized',
  'insufficient_credits',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'conflict',
  'idempotency_key_in_use',
  'idempotency_key_reused',
  'unsupported_task_type',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'internal_error',
  'unavailable',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const ErrorEnvelope = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      details: z.unknown().optional(),
      request_id: z.string(),
    }),
  })
  .meta({ id: 'Error' });

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(512).optional(),
});

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), has_more: z.boolean(), next_cursor: z.string().nullable() });

export const Timestamp = z.iso.datetime({ offset: true });
