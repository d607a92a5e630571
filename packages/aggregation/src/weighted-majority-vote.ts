import { buildResult } from './result.ts';
import type { AggregationResult, EncodedAnswers } from './types.ts';
import { votePosterior } from './vote-posterior.ts';

export interface WeightedMajorityVoteOptions {
  /** Per worker skill, used as the weight of each of their votes: by worker code, or by worker name. */
  skills: Float64Array | ReadonlyMap<string, number>;
  /** Weight of workers missing from a `skills` map; without it a missing worker is an error. */
  defaultSkill?: number;
}

/**
 * Skill-weighted majority vote: each task takes the label with the largest summed skill of its voters (ties
 * to the smallest label string). Posterior: the weight shares. Worker quality: the skill, clamped to [0, 1].
 *
 * @example
 * weightedMajorityVote(answers, { skills: new Map([['alice', 0.9], ['bob', 0.6]]), defaultSkill: 0.5 });
 */
export function weightedMajorityVote(answers: EncodedAnswers, options: WeightedMajorityVoteOptions): AggregationResult {
  const skills = skillsByCode(answers, options);
  const quality = skills.map((s) => Math.min(1, Math.max(0, s)));
  return buildResult('weighted-majority-vote', answers, votePosterior(answers, skills), quality);
}

function skillsByCode(answers: EncodedAnswers, { skills, defaultSkill }: WeightedMajorityVoteOptions): Float64Array {
  if (skills instanceof Float64Array) {
    if (skills.length !== answers.workerNames.length) throw new RangeError(`skills has ${skills.length} entries for ${answers.workerNames.length} workers`);
    return skills;
  }
  return Float64Array.from(answers.workerNames, (name) => {
    const skill = skills.get(name) ?? defaultSkill;
    if (skill === undefined) throw new RangeError(`no skill for worker ${JSON.stringify(name)} and no defaultSkill`);
    return skill;
  });
}
