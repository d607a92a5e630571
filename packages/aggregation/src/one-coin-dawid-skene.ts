import { dawidSkeneEm, EPS, type ConfusionStep } from './dawid-skene-em.ts';
import type { AggregationResult, EncodedAnswers, IterativeOptions } from './types.ts';

/**
 * One-coin Dawid-Skene: as {@link dawidSkene}, but each worker has a single skill s (their expected share of
 * correct answers): P(observed = truth) = s and every wrong label gets (1 − s) / (K − 1), clipped to
 * [EPS, 1 − EPS], as Crowd-Kit's `OneCoinDawidSkene`. Same defaults. Worker quality: s.
 *
 * @example
 * const result = oneCoinDawidSkene(answers);
 */
export function oneCoinDawidSkene(answers: EncodedAnswers, options: IterativeOptions = {}): AggregationResult {
  return dawidSkeneEm('one-coin-dawid-skene', answers, options, oneCoinConfusion);
}

const oneCoinConfusion: ConfusionStep = (counts, used, K) => {
  const W = used.length / K;
  const confusion = new Float64Array(counts.length);
  const quality = new Float64Array(W);
  const clip = (p: number) => Math.min(1 - EPS, Math.max(EPS, p));
  for (let w = 0; w < W; w++) {
    // Σ_l counts[w][l][l] is the summed posterior of the labels the worker gave; Σ_{l,c} is their answer count.
    let right = 0;
    let all = 0;
    for (let l = 0; l < K; l++) {
      for (let c = 0; c < K; c++) all += counts[(w * K + l) * K + c]!;
      right += counts[(w * K + l) * K + l]!;
    }
    const skill = all > 0 ? right / all : 0;
    quality[w] = skill;
    const wrong = K > 1 ? (1 - skill) / (K - 1) : 0;
    for (let l = 0; l < K; l++) {
      if (!used[w * K + l]) continue;
      for (let c = 0; c < K; c++) confusion[(w * K + l) * K + c] = clip(c === l ? skill : wrong);
    }
  }
  return { confusion, quality };
};
