import { dawidSkeneEm, EPS, type ConfusionStep } from './dawid-skene-em.ts';
import type { AggregationResult, EncodedAnswers, IterativeOptions } from './types.ts';

/**
 * Dawid-Skene (1979): a full confusion matrix per worker, fitted by EM as Crowd-Kit's `DawidSkene` does
 * (majority-vote start, priors and confusion matrices in the M-step, log-space E-step). Defaults:
 * `maxIterations` 100, `tolerance` 1e-5 on the change of the evidence lower bound per answer.
 * Worker quality: the probability of a correct answer, Σ prior(c) · confusion[c][c].
 *
 * @example
 * const result = dawidSkene(answers, { tolerance: 1e-6 });
 * result.confusion; // [worker][observed][truth]
 */
export function dawidSkene(answers: EncodedAnswers, options: IterativeOptions = {}): AggregationResult {
  return dawidSkeneEm('dawid-skene', answers, options, fullConfusion);
}

/** Each truth column: the expected counts, clipped at EPS, normalised over the labels the worker used. */
const fullConfusion: ConfusionStep = (counts, used, K, priors) => {
  const W = used.length / K;
  const confusion = new Float64Array(counts.length);
  const quality = new Float64Array(W);
  for (let w = 0; w < W; w++) {
    for (let c = 0; c < K; c++) {
      let sum = 0;
      for (let l = 0; l < K; l++) if (used[w * K + l]) sum += Math.max(counts[(w * K + l) * K + c]!, EPS);
      for (let l = 0; l < K; l++) {
        const j = (w * K + l) * K + c;
        if (used[w * K + l]) confusion[j] = Math.max(counts[j]!, EPS) / sum;
      }
      quality[w]! += priors[c]! * confusion[(w * K + c) * K + c]!;
    }
  }
  return { confusion, quality };
};
