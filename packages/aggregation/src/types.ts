/**
 * Glossary
 * - answer: one (task, worker, label) row; a worker may answer a task more than once and each row is a vote.
 * - task / worker / label: names (strings) outside, dense integer codes inside. Task and worker codes
 *   follow first appearance; label codes follow the sorted label strings, so "ties go to the smallest
 *   label string" is "ties go to the smallest code".
 * - posterior: per task, a probability for every label (a row of `labelCount` numbers summing to 1).
 * - confidence: the posterior of the chosen label.
 * - quality: per worker, a number in [0, 1]; what it means depends on the method (see each method).
 * - confusion matrix: per worker, P(worker answers `observed` | true label is `truth`), stored as
 *   `[worker][observed][truth]`, each `truth` column summing to 1 over the labels the worker used.
 */

/** Answers encoded as parallel typed arrays: answer i is (task[i], worker[i], label[i]). */
export interface EncodedAnswers {
  readonly task: Int32Array;
  readonly worker: Int32Array;
  readonly label: Int32Array;
  /** Names by code. */
  readonly taskNames: readonly string[];
  readonly workerNames: readonly string[];
  /** Sorted ascending (UTF-16 code unit order), so code order is string order. */
  readonly labelNames: readonly string[];
}

export type MethodName =
  | 'majority-vote'
  | 'wawa'
  | 'weighted-majority-vote'
  | 'dawid-skene'
  | 'one-coin-dawid-skene'
  | 'glad'
  | 'mace';

export interface AggregationResult {
  readonly method: MethodName;
  readonly taskNames: readonly string[];
  readonly workerNames: readonly string[];
  readonly labelNames: readonly string[];
  /** Chosen label code per task (ties: the smallest code). */
  readonly taskLabel: Int32Array;
  /** Posterior of the chosen label, per task. */
  readonly confidence: Float64Array;
  /** taskCount × labelCount, row-major. */
  readonly posterior: Float64Array;
  /** Per worker, in [0, 1]. */
  readonly workerQuality: Float64Array;
  /** workerCount × labelCount × labelCount, `[worker][observed][truth]`; only methods that model one. */
  readonly confusion?: Float64Array;
  /** GLAD: per task, 1 / exp(beta): larger is harder. */
  readonly taskDifficulty?: Float64Array;
  /** EM rounds run (for MACE: per restart). */
  readonly iterations: number;
  /** Whether the tolerance stopped the iterations (always true for one-pass methods). */
  readonly converged: boolean;
}

/** Options shared by the iterative methods; each method documents its defaults. */
export interface IterativeOptions {
  /** Maximum EM iterations. */
  maxIterations?: number;
  /** Stop when the objective improves by less than this (per answer). */
  tolerance?: number;
}
