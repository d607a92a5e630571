import type { EncodedAnswers } from './types.ts';

export interface MaceParameters {
  /** Per worker: [P(spamming), P(knowing)]. */
  spamming: Float64Array;
  /** Per worker and label: P(label | spamming). */
  strategy: Float64Array;
}

export interface MaceExpectation {
  posterior: Float64Array;
  logLikelihood: number;
  /** Per worker and label: expected number of that worker's answers with that label that were spam. */
  strategyCounts: Float64Array;
  /** Per worker: [expected spam answers, expected knowing answers]. */
  knowingCounts: Float64Array;
}

/**
 * The posterior of each task's true label, the marginal log-likelihood, and the expected counts. Answer i
 * (worker w, label l) has likelihood P(spam)·strategy(l) + P(knowing)·[truth = l]; task rows are summed in
 * log space and shifted by their maximum, so long tasks do not underflow.
 */
export function maceExpectation(answers: EncodedAnswers, { spamming, strategy }: MaceParameters): MaceExpectation {
  const K = answers.labelNames.length;
  const T = answers.taskNames.length;
  const W = answers.workerNames.length;
  const { task, worker, label } = answers;
  // Everything an answer needs depends only on its (worker, label): computed once per pair, not per answer.
  const logSpam = new Float64Array(W * K);
  const logEither = new Float64Array(W * K);
  const knowingShare = new Float64Array(W * K);
  for (let w = 0; w < W; w++) {
    const knowing = spamming[2 * w + 1]!;
    for (let l = 0; l < K; l++) {
      const spam = spamming[2 * w]! * strategy[w * K + l]!;
      logSpam[w * K + l] = Math.log(spam);
      logEither[w * K + l] = Math.log(spam + knowing);
      knowingShare[w * K + l] = knowing / (spam + knowing);
    }
  }
  const posterior = new Float64Array(T * K).fill(-Math.log(K));
  for (let i = 0; i < task.length; i++) {
    const l = label[i]!;
    const pair = worker[i]! * K + l;
    const base = task[i]! * K;
    for (let c = 0; c < K; c++) posterior[base + c]! += c === l ? logEither[pair]! : logSpam[pair]!;
  }
  let logLikelihood = 0;
  for (let base = 0; base < posterior.length; base += K) {
    let max = -Infinity;
    for (let c = 0; c < K; c++) max = Math.max(max, posterior[base + c]!);
    let sum = 0;
    for (let c = 0; c < K; c++) sum += posterior[base + c] = Math.exp(posterior[base + c]! - max);
    for (let c = 0; c < K; c++) posterior[base + c] = posterior[base + c]! / sum;
    logLikelihood += max + Math.log(sum);
  }
  const strategyCounts = new Float64Array(W * K);
  const knowingCounts = new Float64Array(W * 2);
  for (let i = 0; i < task.length; i++) {
    const w = worker[i]!;
    const pair = w * K + label[i]!;
    // P(truth = label) splits between knowing and spamming in proportion; any other truth means spam.
    const knew = posterior[task[i]! * K + label[i]!]! * knowingShare[pair]!;
    strategyCounts[pair]! += 1 - knew;
    knowingCounts[2 * w]! += 1 - knew;
    knowingCounts[2 * w + 1]! += knew;
  }
  return { posterior, logLikelihood, strategyCounts, knowingCounts };
}
