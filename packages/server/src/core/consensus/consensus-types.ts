import type { CONSENSUS_STRATEGIES, TaskType } from '@minga/api-contracts';

/*
 * Glossary of the consensus decision (pure: no store, no clock, no I/O).
 *
 * - submission    — one helper's answer in the task's current round, in the order they arrived.
 * - answer key    — the canonical string two answers are compared by (`answerKey`): free text is trimmed,
 *                   whitespace-collapsed and lower-cased, form objects are sorted; choices stay as they are.
 * - group         — the submissions that share one answer key; its `answer` is the group's most frequent
 *                   original spelling (first seen on a tie), which is what a result shows.
 * - plurality     — the largest group; it is *unique* when no other group is as large.
 * - class         — one possible answer. `K` is how many a task admits (`settings.classes`); when that is
 *                   unknown (free text), the distinct answers seen plus one stand-in for "anything else".
 * - accuracy      — the probability that a helper answers correctly (their control-task score), clamped.
 * - prior         — a baseline solution, counted as a pseudo-vote whose accuracy is its confidence_weight.
 * - posterior     — the probability of each class given the votes and priors, in a one-coin model: a
 *                   helper of accuracy q picks the true class with probability q, and each wrong class
 *                   with (1 - q) / (K - 1).
 * - agreement     — the share of counted submissions whose key equals the result's key.
 * - confidence    — the posterior of the result (1 for a super user's answer).
 * - wanted        — while a task is open, how many more answers it needs right now; the engine never
 *                   holds more live leases than that.
 */

export type ConsensusStrategy = (typeof CONSENSUS_STRATEGIES)[number];

/** The task settings consensus reads; field names match `NormalizedTask`. */
export interface ConsensusSettings {
  type: TaskType;
  consensus_strategy: ConsensusStrategy;
  overlap: number;
  max_overlap: number;
  quorum: number | null;
  min_confidence: number | null;
  super_user_override: boolean;
  baseline_solutions: readonly { output_values: { answer: unknown }; confidence_weight: number }[];
  /** How many different answers the task admits (e.g. `categories.length`); undefined for free text and forms. */
  classes?: number | undefined;
}

export interface ConsensusSubmission {
  helperId: string;
  answer: unknown;
  superUser: boolean;
  /** The helper's measured 0..1 accuracy on control tasks; undefined while unmeasured. */
  accuracy?: number | undefined;
}

export interface Result {
  answer: unknown;
  /** e.g. `"positive (3/3 agree)"`. */
  summary: string;
  confidence: number;
  agreement: number;
}

/** Why a task goes to its requester instead of completing. */
export type ReviewReason = 'tie' | 'disagreement' | 'no quorum' | 'low confidence' | 'requester review';

export type Decision =
  | { kind: 'open'; wanted: number }
  | { kind: 'completed'; result: Result }
  | { kind: 'needs_review'; result: Result | null; reason: ReviewReason };
