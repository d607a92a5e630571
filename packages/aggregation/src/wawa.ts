import { majorityVote } from './majority-vote.ts';
import type { AggregationResult, EncodedAnswers } from './types.ts';
import { weightedMajorityVote } from './weighted-majority-vote.ts';

/**
 * Wawa (worker agreement with aggregate), as Crowd-Kit: majority vote, then each worker's skill is their
 * agreement with it, then a majority vote weighted by those skills. Worker quality: that agreement.
 *
 * @example
 * const result = wawa(answers);
 */
export function wawa(answers: EncodedAnswers): AggregationResult {
  const skills = majorityVote(answers).workerQuality;
  return { ...weightedMajorityVote(answers, { skills }), method: 'wawa' };
}
