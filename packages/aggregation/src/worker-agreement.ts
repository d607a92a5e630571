import type { EncodedAnswers } from './types.ts';

/**
 * Per worker, the share of their answers that equal the task's label, as Crowd-Kit's `get_accuracy` counts
 * it: a repeated identical (task, worker, label) row counts once. Workers with no answer get 0.
 */
export function agreementWithLabels(answers: EncodedAnswers, taskLabel: Int32Array): Float64Array {
  const W = answers.workerNames.length;
  const K = answers.labelNames.length;
  const agreed = new Float64Array(W);
  const total = new Float64Array(W);
  const seen = new Set<number>();
  const { task, worker, label } = answers;
  for (let i = 0; i < task.length; i++) {
    const t = task[i]!;
    const w = worker[i]!;
    const l = label[i]!;
    const key = (t * W + w) * K + l;
    if (seen.has(key)) continue;
    seen.add(key);
    total[w]!++;
    if (taskLabel[t] === l) agreed[w]!++;
  }
  for (let w = 0; w < W; w++) agreed[w] = total[w]! > 0 ? agreed[w]! / total[w]! : 0;
  return agreed;
}
