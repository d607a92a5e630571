import { z } from 'zod';
import { CONSENSUS_STRATEGIES, REVIEW_STATUSES, TASK_STATUSES, Timestamp } from './common.ts';
import { HUMAN_TASK_TYPES } from './task-types.ts';

const Solution = (weight: string) =>
  z.object({ output_values: z.object({ answer: z.unknown() }), [weight]: z.number() });

export const TaskResult = z
  .object({
    answer: z.unknown(),
    summary: z.string(),
    confidence: z.number(),
    agreement: z.number(),
  })
  .meta({ id: 'TaskResult' });

export const Submission = z
  .object({
    helper_id: z.string(),
    helper_name: z.string().nullable(),
    answer: z.unknown(),
    seconds_spent: z.number(),
    submitted_at: Timestamp,
  })
  .meta({ id: 'Submission' });

export const Audit = z
  .object({
    audited_by: z.string(),
    audited_at: Timestamp,
    audit_result: z.enum(['accepted', 'rejected', 'fixed']),
    audit_source: z.enum(['customer']),
    response: z.unknown().optional(),
  })
  .meta({ id: 'Audit' });

/** A task as the API returns it. `submissions` is present on `GET /v1/tasks/{id}` only. */
export const Task = z
  .object({
    id: z.string(),
    project_id: z.string(),
    type: z.enum(HUMAN_TASK_TYPES),
    status: z.enum(TASK_STATUSES),
    test: z.boolean(),
    format: z.enum(['markdown', 'html']),
    description: z.string().nullable(),
    content: z.string().nullable(),
    input: z.record(z.string(), z.unknown()),
    answers: z.array(z.string()).nullable(),
    priority: z.int(),
    overlap: z.int(),
    consensus_strategy: z.enum(CONSENSUS_STRATEGIES),
    quorum: z.int().nullable(),
    max_overlap: z.int(),
    min_confidence: z.number().nullable(),
    super_user_override: z.boolean(),
    known_solutions: z.array(Solution('correctness_weight')),
    baseline_solutions: z.array(Solution('confidence_weight')),
    message_on_unknown_solution: z.string().nullable(),
    infinite_overlap: z.boolean(),
    reserved_for: z.array(z.string()),
    unavailable_for: z.array(z.string()),
    min_skill_level: z.int().nullable(),
    claim_timeout_minutes: z.int(),
    reward: z.number(),
    callback_url: z.string().nullable(),
    metadata: z.record(z.string(), z.unknown()),
    passthrough: z.string().nullable(),
    unique_id: z.string().nullable(),
    tags: z.array(z.string()),
    answer_count: z.int(),
    result: TaskResult.nullable(),
    submissions: z.array(Submission).optional(),
    created_at: Timestamp,
    updated_at: Timestamp,
    completed_at: Timestamp.nullable(),
    callback_succeeded: z.boolean().nullable(),
    review_status: z.enum(REVIEW_STATUSES).nullable(),
    audits: z.array(Audit),
    times_redone: z.int(),
    credits_used: z.number(),
    execution_mode: z.enum(['human']),
  })
  .meta({ id: 'Task' });
export type Task = z.infer<typeof Task>;

export const TaskPatch = z
  .strictObject({
    priority: z
      .union([z.int().min(0).max(100), z.enum(['low', 'normal', 'high', 'urgent'])], {
        error: 'must be an integer from 0 to 100, or low, normal, high or urgent',
      })
      .optional(),
    tags: z
      .array(z.string().min(1).max(64))
      .max(5)
      .refine((xs) => new Set(xs).size === xs.length, 'tags must be distinct')
      .optional(),
    metadata: z
      .record(z.string(), z.unknown())
      .refine((m) => JSON.stringify(m).length <= 16_384, 'metadata must be at most 16 KiB as JSON')
      .optional(),
    unique_id: z.string().min(1).max(255).nullable().optional(),
  })
  .meta({ id: 'TaskPatch' });
export type TaskPatch = z.infer<typeof TaskPatch>;

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const CreateTasksQuery = z.strictObject({
  skip_invalid_items: bool.default(false),
  async_mode: bool.default(false),
  operation_id: z.uuid({ error: 'must be an RFC 4122 UUID' }).optional(),
});

export const ListTasksQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(512).optional(),
  project_id: z.string().max(64).optional(),
  status: z.enum(TASK_STATUSES).optional(),
  type: z.enum(HUMAN_TASK_TYPES).optional(),
  tag: z.string().min(1).max(64).optional(),
  unique_id: z.string().min(1).max(255).optional(),
  created_after: z.iso.datetime({ offset: true }).optional(),
  created_before: z.iso.datetime({ offset: true }).optional(),
  updated_after: z.iso.datetime({ offset: true }).optional(),
  review_status: z.enum(REVIEW_STATUSES).optional(),
});
export type ListTasksQuery = z.infer<typeof ListTasksQuery>;

export const Operation = z
  .object({
    id: z.string(),
    type: z.enum(['tasks.create']),
    status: z.enum(['pending', 'running', 'success', 'fail']),
    submitted_at: Timestamp,
    started_at: Timestamp.nullable(),
    finished_at: Timestamp.nullable(),
    progress: z.int().min(0).max(100),
    details: z.object({
      items_total: z.int(),
      items_created: z.int(),
      items_failed: z.int(),
      skip_invalid_items: z.boolean(),
      errors: z.record(z.string(), z.unknown()),
      task_ids: z.array(z.string()).optional(),
    }),
  })
  .meta({ id: 'Operation' });
export type Operation = z.infer<typeof Operation>;
