import { z } from 'zod';

/** The offline aggregation methods, by their API names (SPEC §3.3). */
export const AGGREGATION_METHODS = ['majority_vote', 'wawa', 'weighted', 'dawid_skene', 'one_coin_dawid_skene', 'glad', 'mace'] as const;
export type AggregationMethod = (typeof AGGREGATION_METHODS)[number];

export const AggregateRequest = z
  .object({
    method: z.enum(AGGREGATION_METHODS).default('dawid_skene').describe('The aggregation method; `weighted` weighs each answer by its helper’s accuracy on control tasks.'),
    max_iterations: z.int().min(1).max(1_000).optional().describe('Iteration limit of the iterative methods (their default when absent).'),
    tolerance: z.number().positive().max(1).optional().describe('Convergence tolerance of the iterative methods.'),
    seed: z.int().min(0).max(2 ** 31 - 1).optional().describe('Seed of MACE’s random restarts; results are deterministic for a given seed.'),
    update_skills: z
      .boolean()
      .default(false)
      .describe(
        'Store each helper’s estimated quality as their estimated accuracy in the project. Consensus weighs a helper by their accuracy on control tasks, and by this estimate when they have answered none (`dynamic` overlap without control tasks).',
      ),
  })
  .strict()
  .refine((v) => !(v.update_skills && v.method === 'weighted'), {
    path: ['update_skills'],
    message: 'weighted only reads the control-task accuracy back; estimate with another method (dawid_skene, one_coin_dawid_skene, glad, mace, wawa, majority_vote)',
  })
  .meta({ id: 'AggregateRequest' });
export type AggregateRequest = z.output<typeof AggregateRequest>;

export const AggregateResult = z
  .object({
    method: z.enum(AGGREGATION_METHODS),
    answers: z.int().describe('Answers aggregated: the current round’s answers of the project’s tasks, control tasks and forms excluded.'),
    tasks: z.array(z.object({ task_id: z.string(), answer: z.unknown(), confidence: z.number() })).describe('Per task: the aggregated answer and its posterior probability.'),
    helpers: z.array(z.object({ helper_id: z.string(), quality: z.number() })).describe('Per helper: the quality the method estimated, from 0 to 1.'),
    iterations: z.int(),
    converged: z.boolean(),
    skills_updated: z.int().describe('Helpers whose estimated accuracy was stored (`update_skills`); 0 otherwise.'),
  })
  .meta({ id: 'AggregateResult' });
export type AggregateResult = z.output<typeof AggregateResult>;
