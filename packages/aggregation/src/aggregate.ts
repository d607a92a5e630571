import { dawidSkene } from './dawid-skene.ts';
import { glad, type GladOptions } from './glad.ts';
import { mace, type MaceOptions } from './mace.ts';
import { majorityVote } from './majority-vote.ts';
import { oneCoinDawidSkene } from './one-coin-dawid-skene.ts';
import type { AggregationResult, EncodedAnswers, IterativeOptions, MethodName } from './types.ts';
import { wawa } from './wawa.ts';
import { weightedMajorityVote, type WeightedMajorityVoteOptions } from './weighted-majority-vote.ts';

/** The options each method takes. */
export interface MethodOptions {
  'majority-vote': Record<string, never>;
  wawa: Record<string, never>;
  'weighted-majority-vote': WeightedMajorityVoteOptions;
  'dawid-skene': IterativeOptions;
  'one-coin-dawid-skene': IterativeOptions;
  glad: GladOptions;
  mace: MaceOptions;
}

/** The method used when none is named: the most accurate on the public benchmarks (bench/aggregation). */
export const DEFAULT_METHOD: MethodName = 'dawid-skene';

const METHODS: { [M in MethodName]: (answers: EncodedAnswers, options: MethodOptions[M] | undefined) => AggregationResult } = {
  'majority-vote': (answers) => majorityVote(answers),
  wawa: (answers) => wawa(answers),
  'weighted-majority-vote': (answers, options) => {
    if (!options) throw new TypeError('weighted-majority-vote needs options.skills');
    return weightedMajorityVote(answers, options);
  },
  'dawid-skene': dawidSkene,
  'one-coin-dawid-skene': oneCoinDawidSkene,
  glad,
  mace,
};

/** Every method name, in the order the README and the benchmark list them. */
export const METHOD_NAMES = Object.keys(METHODS) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(METHODS, name);
}

/**
 * Runs one aggregation method by name.
 *
 * @example
 * const result = aggregate(answers, 'mace', { seed: 1 });
 * resultRows(result); // [{ task, label, confidence }, …]
 */
export function aggregate<M extends MethodName>(answers: EncodedAnswers, method: M, options?: MethodOptions[M]): AggregationResult {
  const run = METHODS[method] as (answers: EncodedAnswers, options: MethodOptions[M] | undefined) => AggregationResult;
  return run(answers, options);
}
