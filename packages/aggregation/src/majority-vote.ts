import { buildResult, pickLabels } from './result.ts';
import type { AggregationResult, EncodedAnswers } from './types.ts';
import { votePosterior } from './vote-posterior.ts';
import { agreementWithLabels } from './worker-agreement.ts';

/**
 * Majority vote: each task takes its most frequent label, ties to the smallest label string (as Crowd-Kit).
 * Posterior: the vote shares. Worker quality: agreement with the majority labels.
 *
 * @example
 * const result = majorityVote(encodeAnswers([['t1', 'a', 'x'], ['t1', 'b', 'x'], ['t1', 'c', 'y']]));
 * labelOf(result, 0); // 'x', confidence 2/3
 */
export function majorityVote(answers: EncodedAnswers): AggregationResult {
  const posterior = votePosterior(answers);
  const { taskLabel } = pickLabels(posterior, answers.labelNames.length);
  return buildResult('majority-vote', answers, posterior, agreementWithLabels(answers, taskLabel));
}
