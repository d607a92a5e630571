import { z } from 'zod';
import { Timestamp } from './common.ts';

export const HelperCreate = z
  .strictObject({
    email: z.email().max(320),
    name: z.string().trim().min(1).max(200).optional(),
    project_ids: z.array(z.string().min(1).max(64)).max(1000).optional(),
    super_user: z.boolean().optional(),
  })
  .meta({ id: 'HelperCreate' });

export const HelperPatch = z
  .strictObject({
    name: z.string().trim().min(1).max(200).nullable().optional(),
    project_ids: z.array(z.string().min(1).max(64)).max(1000).optional(),
    super_user: z.boolean().optional(),
  })
  .meta({ id: 'HelperPatch' });

export const Helper = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    super_user: z.boolean(),
    status: z.enum(['invited', 'active']),
    projects: z.array(z.object({ project_id: z.string(), banned: z.boolean(), ban_reason: z.string().nullable() })),
    created_at: Timestamp,
  })
  .meta({ id: 'Helper' });

const SkillFigures = {
  answers: z.int(),
  control_answers: z.int(),
  accuracy: z.number().nullable(),
  skill_level: z.int().min(1).max(5),
  seconds_per_task: z.number().nullable(),
  fast_answers: z.int(),
};

export const HelperStats = z
  .object({
    helper_id: z.string(),
    ...SkillFigures,
    answers_today: z.int(),
    earnings: z.number(),
    projects: z.array(z.object({ project_id: z.string(), ...SkillFigures })),
  })
  .meta({ id: 'HelperStats' });

export const AcceptInvite = z
  .strictObject({ token: z.string().min(1).max(200), password: z.string().min(10, 'must be at least 10 characters').max(256) })
  .meta({ id: 'AcceptInvite' });

export const ClaimBody = z.strictObject({ project_id: z.string().min(1).max(64).optional() }).meta({ id: 'ClaimBody' });

export const SubmitBody = z
  .strictObject({ answer: z.unknown(), seconds_spent: z.number().min(0).max(86_400) })
  .meta({ id: 'SubmitBody' });

export const HelperTask = z
  .object({
    id: z.string(),
    project_id: z.string(),
    type: z.string(),
    format: z.enum(['markdown', 'html']),
    description: z.string().nullable(),
    content: z.string().nullable(),
    input: z.record(z.string(), z.unknown()),
    answers: z.array(z.string()).nullable(),
    reward: z.number(),
    claim_timeout_minutes: z.int(),
  })
  .meta({ id: 'HelperTask' });

export const Assignment = z
  .object({
    id: z.string(),
    task_id: z.string(),
    project_id: z.string(),
    status: z.enum(['active', 'submitted', 'released', 'expired']),
    claimed_at: Timestamp,
    lease_expires_at: Timestamp,
    finished_at: Timestamp.nullable(),
    task: HelperTask.optional(),
  })
  .meta({ id: 'Assignment' });

export const SubmitResult = z
  .object({
    assignment: Assignment,
    feedback: z.object({ correct: z.boolean(), expected: z.unknown(), message: z.string().nullable() }).nullable(),
  })
  .meta({ id: 'SubmitResult' });

export const AuditBody = z
  .strictObject({ result: z.enum(['accepted', 'rejected', 'fixed']), response: z.unknown().optional() })
  .meta({ id: 'AuditBody' });

export const EventsQuery = z.strictObject({
  after: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  type: z.string().min(1).max(64).optional(),
});

export const Event = z
  .object({
    id: z.string(),
    event: z.string(),
    task_id: z.string().nullable(),
    project_id: z.string().nullable(),
    created_at: Timestamp,
    data: z.unknown(),
  })
  .meta({ id: 'Event' });
