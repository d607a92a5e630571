/**
 * The one-coin model behind `dynamic` consensus and every result's confidence: a voter of accuracy q
 * names the true class with probability q and each of the K - 1 wrong classes with (1 - q) / (K - 1).
 * Votes are helpers' answers and, for `dynamic`, baseline solutions as priors.
 */

/** Accuracy of a helper who has not answered control tasks yet: better than chance, far from sure. */
const DEFAULT_ACCURACY = 0.7;

/**
 * A helper's accuracy is the raw share of control answers they got right, so one lucky control task reads
 * as 1.0; capping it keeps one answer from ever settling a task beyond 95 %.
 */
const MAX_HELPER_ACCURACY = 0.95;

/** A requester states a baseline's weight on purpose, so it may go further, but never to certainty. */
const MAX_PRIOR_WEIGHT = 0.99;

/** One vote for a class: a helper's answer or a baseline solution. */
export interface Vote {
  key: string;
  accuracy: number;
}

/**
 * How many classes the model weighs: the task's own count when known, else the answers seen plus one
 * stand-in for "something else" (free text admits unboundedly many answers). Never fewer than the
 * answers actually seen, nor than 2.
 */
export function classCount(classes: number | undefined, distinctSeen: number): number {
  return Math.max(2, distinctSeen, classes ?? distinctSeen + 1);
}

/**
 * Clamps an accuracy to [1/K, cap]. At 1/K a vote is neutral (it favours no class); below it, the model
 * would read an answer as evidence *against* itself, which a noisy score from a few control tasks does
 * not justify. Under 1 so that no log-likelihood is infinite.
 */
function clampAccuracy(q: number, k: number, cap: number): number {
  return Number.isFinite(q) ? Math.min(cap, Math.max(1 / k, q)) : 1 / k;
}

export const helperAccuracy = (accuracy: number | undefined, k: number): number =>
  clampAccuracy(accuracy ?? DEFAULT_ACCURACY, k, MAX_HELPER_ACCURACY);

export const priorAccuracy = (confidenceWeight: number, k: number): number => clampAccuracy(confidenceWeight, k, MAX_PRIOR_WEIGHT);

/**
 * The posterior probability of each of `keys` (every class that received a vote) given `votes`, over K
 * classes: classes nobody named share the remaining mass, so one answer of accuracy q alone has posterior
 * exactly q. Computed in log space with a softmax, so many votes neither underflow nor overflow.
 */
export function answerPosterior(keys: readonly string[], votes: readonly Vote[], k: number): Map<string, number> {
  // Every class starts from the likelihood of being named by nobody; a vote for it swaps one factor
  // (1 - q) / (K - 1) for q.
  let unnamed = 0;
  const logLikelihood = new Map<string, number>(keys.map((key) => [key, 0]));
  for (const v of votes) {
    const wrong = Math.log((1 - v.accuracy) / (k - 1));
    unnamed += wrong;
    logLikelihood.set(v.key, (logLikelihood.get(v.key) ?? 0) + Math.log(v.accuracy) - wrong);
  }
  const unseen = Math.max(0, k - keys.length);
  const logs = keys.map((key) => unnamed + (logLikelihood.get(key) ?? 0));
  const max = Math.max(...logs, unseen > 0 ? unnamed : -Infinity);
  const total = logs.reduce((sum, l) => sum + Math.exp(l - max), 0) + unseen * Math.exp(unnamed - max);
  return new Map(keys.map((key, i) => [key, Math.exp((logs[i] ?? -Infinity) - max) / total]));
}
