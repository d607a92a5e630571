import type { EncodedAnswers } from './types.ts';

/**
 * Per task and label, the summed weight of the votes (weight 1 without `weights`), normalised to a
 * posterior row. A task whose votes weigh nothing gets a uniform row.
 */
export function votePosterior(answers: EncodedAnswers, weights?: Float64Array): Float64Array {
  const K = answers.labelNames.length;
  const posterior = new Float64Array(answers.taskNames.length * K);
  const { task, worker, label } = answers;
  for (let i = 0; i < task.length; i++) {
    posterior[task[i]! * K + label[i]!]! += weights ? weights[worker[i]!]! : 1;
  }
  for (let row = 0; row < posterior.length; row += K) {
    let sum = 0;
    for (let c = 0; c < K; c++) sum += posterior[row + c]!;
    for (let c = 0; c < K; c++) posterior[row + c] = sum > 0 ? posterior[row + c]! / sum : 1 / K;
  }
  return posterior;
}
