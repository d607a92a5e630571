import { z } from 'zod';
import { TASK_STATUSES, Timestamp } from './common.ts';
import { TaskDefaults } from './task-input.ts';

/**
 * Toloka-style quality rules of a project: how often control tasks are mixed into a helper's stream, and
 * when a helper is banned from the project (low accuracy on control tasks, or answers faster than a floor).
 */
export const ProjectQuality = z
  .strictObject({
    control_rate: z.number().min(0).max(1).default(0.1),
    ban_below_accuracy: z.number().min(0).max(1).nullable().default(null),
    ban_min_control_answers: z.int().min(1).max(1000).default(5),
    min_seconds_per_task: z.number().min(0).max(3600).nullable().default(null),
    ban_after_fast_answers: z.int().min(1).max(1000).default(3),
  })
  .meta({ id: 'ProjectQuality' });
export type ProjectQuality = z.output<typeof ProjectQuality>;

export const ProjectCreate = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    description: z.string().max(5000).optional(),
    defaults: TaskDefaults.optional(),
    quality: ProjectQuality.optional(),
  })
  .meta({ id: 'ProjectCreate' });

export const ProjectPatch = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    description: z.string().max(5000).nullable().optional(),
    defaults: TaskDefaults.optional(),
    quality: ProjectQuality.optional(),
  })
  .meta({ id: 'ProjectPatch' });

export const Project = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    status: z.enum(['open', 'closed']),
    defaults: z.record(z.string(), z.unknown()),
    quality: ProjectQuality,
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
    throughput: z.object({
      completed_last_hour: z.int(),
      answers_last_hour: z.int(),
      hourly: z
        .array(z.object({ hour: z.string().describe('The hour, UTC, as YYYY-MM-DDTHH.'), answers: z.int(), completed: z.int() }))
        .describe('Answers and completed tasks per hour over the last 24 hours, oldest first; hours with neither are left out.'),
    }),
    agreement: z.number().nullable(),
  })
  .meta({ id: 'ProjectStats' });
export type ProjectStats = z.infer<typeof ProjectStats>;
