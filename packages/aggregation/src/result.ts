import type { AggregationResult, EncodedAnswers, MethodName } from './types.ts';

/**
 * Picks each task's label from its posterior row: the most probable label, ties to the smallest code (and
 * so the smallest label string).
 */
export function pickLabels(posterior: Float64Array, labelCount: number): { taskLabel: Int32Array; confidence: Float64Array } {
  const tasks = labelCount === 0 ? 0 : posterior.length / labelCount;
  const taskLabel = new Int32Array(tasks);
  const confidence = new Float64Array(tasks);
  for (let t = 0, row = 0; t < tasks; t++, row += labelCount) {
    let best = 0;
    let bestP = posterior[row]!;
    for (let c = 1; c < labelCount; c++) {
      const p = posterior[row + c]!;
      if (p > bestP) {
        best = c;
        bestP = p;
      }
    }
    taskLabel[t] = best;
    confidence[t] = bestP;
  }
  return { taskLabel, confidence };
}

/** Assembles a result from a posterior: labels and confidences are picked here, so every method agrees. */
export function buildResult(
  method: MethodName,
  answers: EncodedAnswers,
  posterior: Float64Array,
  workerQuality: Float64Array,
  extra: Partial<Pick<AggregationResult, 'confusion' | 'taskDifficulty' | 'iterations' | 'converged'>> = {},
): AggregationResult {
  const { taskLabel, confidence } = pickLabels(posterior, answers.labelNames.length);
  return {
    method,
    taskNames: answers.taskNames,
    workerNames: answers.workerNames,
    labelNames: answers.labelNames,
    taskLabel,
    confidence,
    posterior,
    workerQuality,
    iterations: 0,
    converged: true,
    ...extra,
  };
}

/** The chosen label string of task code `task`. */
export function labelOf(result: AggregationResult, task: number): string {
  return result.labelNames[result.taskLabel[task]!] as string;
}

/**
 * One plain row per task, for printing or serialising.
 *
 * @example
 * resultRows(majorityVote(answers)); // [{ task: 't1', label: 'cat', confidence: 0.67 }, …]
 */
export function resultRows(result: AggregationResult): { task: string; label: string; confidence: number }[] {
  return result.taskNames.map((task, t) => ({ task, label: labelOf(result, t), confidence: result.confidence[t]! }));
}

/**
 * Share of gold tasks whose chosen label equals the gold label (labels compare as strings). Gold tasks
 * without answers count as misses, so compare like with like: gold files list answered tasks only.
 */
export function accuracy(result: AggregationResult, gold: ReadonlyMap<string, string>): { correct: number; total: number; accuracy: number } {
  const index = new Map(result.taskNames.map((name, t) => [name, t]));
  let correct = 0;
  for (const [task, label] of gold) {
    const t = index.get(task);
    if (t !== undefined && labelOf(result, t) === label) correct++;
  }
  return { correct, total: gold.size, accuracy: gold.size ? correct / gold.size : Number.NaN };
}
