import { buildResult } from './result.ts';
import type { AggregationResult, EncodedAnswers, IterativeOptions, MethodName } from './types.ts';
import { softmaxRows } from './softmax-rows.ts';
import { votePosterior } from './vote-posterior.ts';

/** Probabilities are clipped from below at this value before taking logs, as in Crowd-Kit. */
export const EPS = 1e-10;

/**
 * The M-step of a Dawid-Skene variant: from the expected counts `counts[w][observed][truth]` (the summed
 * posteriors of the tasks each worker answered with `observed`), the confusion matrices, same layout.
 * `used[w * K + observed]` says whether the worker ever answered `observed`; other rows are left at 0
 * and never read. Returns the confusion matrices and the workers' quality.
 */
export type ConfusionStep = (counts: Float64Array, used: Uint8Array, K: number, priors: Float64Array) => { confusion: Float64Array; quality: Float64Array };

/**
 * Expectation-maximisation over per-worker confusion matrices, Crowd-Kit's DawidSkene loop:
 * posteriors start from majority-vote shares; each round runs the E-step (in log space), sets the priors
 * to the mean posterior, runs the M-step, and computes the evidence lower bound per answer; it stops when
 * the bound improves by less than `tolerance`.
 */
export function dawidSkeneEm(method: MethodName, answers: EncodedAnswers, options: IterativeOptions, mStep: ConfusionStep): AggregationResult {
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-5;
  const K = answers.labelNames.length;
  const T = answers.taskNames.length;
  const W = answers.workerNames.length;
  const N = answers.task.length;
  const { task, worker, label } = answers;
  if (N === 0) return buildResult(method, answers, new Float64Array(0), new Float64Array(W));

  // Row of the confusion array that answer i reads: (worker, observed label).
  const row = new Int32Array(N);
  const used = new Uint8Array(W * K);
  for (let i = 0; i < N; i++) {
    const r = worker[i]! * K + label[i]!;
    row[i] = r;
    used[r] = 1;
  }

  let posterior = votePosterior(answers);
  const priors = new Float64Array(K);
  const counts = new Float64Array(W * K * K);
  const logConfusion = new Float64Array(W * K * K);
  const mean = () => columnMeans(posterior, K, priors);
  const maximise = () => {
    expectedCounts(posterior, task, row, K, counts);
    return mStep(counts, used, K, priors);
  };

  mean();
  let model = maximise();
  let bound = -Infinity;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    for (let j = 0; j < logConfusion.length; j++) logConfusion[j] = Math.log(model.confusion[j]!);
    posterior = expectation(task, row, K, T, priors, logConfusion);
    mean();
    model = maximise();
    const next = lowerBound(posterior, counts, model.confusion, used, priors, K) / N;
    if (next - bound < tolerance) {
      converged = true;
      break;
    }
    bound = next;
  }
  return buildResult(method, answers, posterior, model.quality, { confusion: model.confusion, iterations, converged });
}

/** E-step: log prior plus the log confusion entries of every answer, then a softmax per task. */
function expectation(task: Int32Array, row: Int32Array, K: number, T: number, priors: Float64Array, logConfusion: Float64Array): Float64Array {
  const log = new Float64Array(T * K);
  for (let t = 0; t < T; t++) for (let c = 0; c < K; c++) log[t * K + c] = Math.log(Math.max(priors[c]!, EPS));
  for (let i = 0; i < task.length; i++) {
    const base = task[i]! * K;
    const from = row[i]! * K;
    for (let c = 0; c < K; c++) log[base + c]! += logConfusion[from + c]!;
  }
  softmaxRows(log, K);
  return log;
}

function columnMeans(posterior: Float64Array, K: number, out: Float64Array): void {
  out.fill(0);
  for (let base = 0; base < posterior.length; base += K) for (let c = 0; c < K; c++) out[c]! += posterior[base + c]!;
  const T = posterior.length / K;
  for (let c = 0; c < K; c++) out[c] = out[c]! / T;
}

function expectedCounts(posterior: Float64Array, task: Int32Array, row: Int32Array, K: number, counts: Float64Array): void {
  counts.fill(0);
  for (let i = 0; i < task.length; i++) {
    const from = task[i]! * K;
    const to = row[i]! * K;
    for (let c = 0; c < K; c++) counts[to + c]! += posterior[from + c]!;
  }
}

/**
 * Crowd-Kit's evidence lower bound: Σ over answers and true labels of posterior × (log confusion + log
 * prior), plus the posterior entropy. The answer sum is regrouped by (worker, observed label), where the
 * expected counts already hold the summed posteriors, so it costs W·K² rather than N·K.
 */
function lowerBound(posterior: Float64Array, counts: Float64Array, confusion: Float64Array, used: Uint8Array, priors: Float64Array, K: number): number {
  let sum = 0;
  for (let r = 0; r < used.length; r++) {
    if (!used[r]) continue;
    for (let c = 0; c < K; c++) {
      const n = counts[r * K + c]!;
      sum += n * (Math.log(confusion[r * K + c]!) + Math.log(Math.max(priors[c]!, EPS)));
    }
  }
  for (let j = 0; j < posterior.length; j++) {
    const p = Math.max(posterior[j]!, EPS);
    sum -= p * Math.log(p);
  }
  return sum;
}
