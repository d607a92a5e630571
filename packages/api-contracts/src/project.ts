import { z } from 'zod';
import { TASK_STATUSES, Timestamp } from './common.ts';
import { TaskDefaults } from './task-input.ts';

export const ProjectCreate = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    description: z.string().max(5000).optional(),
    defaults: TaskDefaults.optional(),
  })
  .meta({ id: 'ProjectCreate' });

export const ProjectPatch = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    description: z.string().max(5000).nullable().optional(),
    defaults: TaskDefaults.optional(),
  })
  .meta({ id: 'ProjectPatch' });

export const Project = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    status: z.enum(['open', 'closed']),
    defaults: z.record(z.string(), z.unknown()),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'Project' });
export type Project = z.infer<typeof Project>;

const statusCounts = Object.fromEntries(TASK_STATUSES.map((s) => [s, z.int()])) as Record<
  (typeof TASK_STATUSES)[number],
  z.ZodInt
>;

export const ProjectStats = z
  .object({
    project_id: z.string(),
    tasks: z.object({ total: z.int(), ...statusCounts }),
    answers: z.int(),
    throughput: z.object({ completed_last_hour: z.int(), answers_last_hour: z.int() }),
    agreement: z.number().nullable(),
  })
  .meta({ id: 'ProjectStats' });
export type ProjectStats = z.infer<typeof ProjectStats>;
