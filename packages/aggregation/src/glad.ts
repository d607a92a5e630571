import { minimizeConjugateGradient } from './conjugate-gradient.ts';
import { softmaxRows } from './softmax-rows.ts';
import { buildResult } from './result.ts';
import type { AggregationResult, EncodedAnswers, IterativeOptions } from './types.ts';

export interface GladOptions extends IterativeOptions {
  /** Conjugate-gradient iterations per M-step (default 25). */
  mStepMaxIterations?: number;
  /** The M-step stops when no gradient component exceeds this (default 0.01). */
  mStepTolerance?: number;
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * GLAD (Whitehill et al. 2009), as Crowd-Kit's `GLAD`: worker ability α and task parameter β, with
 * P(correct) = σ(α · e^β) and the K − 1 wrong labels equally likely; uniform label prior; N(1, 1) priors on α
 * and β, both starting at 1. Each round: E-step (posteriors), then conjugate-gradient ascent of the expected
 * log-likelihood Q over α and β. Defaults: `maxIterations` 100, `tolerance` 1e-5 on the change of Q per
 * (answer, label) pair, 25 CG iterations per M-step, gradient tolerance 0.01.
 * Worker quality: the mean of σ(α · e^β) over the worker's answers. `taskDifficulty`: e^−β.
 *
 * @example
 * const result = glad(answers, { maxIterations: 50 });
 */
export function glad(answers: EncodedAnswers, options: GladOptions = {}): AggregationResult {
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-5;
  const K = answers.labelNames.length;
  const T = answers.taskNames.length;
  const W = answers.workerNames.length;
  const N = answers.task.length;
  const { task, worker, label } = answers;
  if (N === 0) return buildResult('glad', answers, new Float64Array(0), new Float64Array(W));
  const logWrongShare = K > 1 ? Math.log(K - 1) : 0;

  // x = [α per worker, β per task], as one vector for the optimiser.
  const x = new Float64Array(W + T).fill(1);
  const posterior = new Float64Array(T * K);
  // Posterior of the label each answer gave, fixed during an M-step.
  const agreed = new Float64Array(N);

  const expectation = () => {
    posterior.fill(-Math.log(K));
    for (let i = 0; i < N; i++) {
      const z = x[worker[i]!]! * Math.exp(x[W + task[i]!]!);
      const logRight = -softplus(-z);
      const logWrong = -softplus(z) - logWrongShare;
      const base = task[i]! * K;
      for (let c = 0; c < K; c++) posterior[base + c]! += logWrong;
      posterior[base + label[i]!]! += logRight - logWrong;
    }
    softmaxRows(posterior, K);
    for (let i = 0; i < N; i++) agreed[i] = posterior[task[i]! * K + label[i]!]!;
  };

  // −Q and its gradient: the optimiser minimises.
  const expB = new Float64Array(T);
  const negativeQ = (point: Float64Array, gradient: Float64Array): number => {
    let q = 0;
    gradient.fill(0);
    for (let t = 0; t < T; t++) expB[t] = Math.exp(point[W + t]!);
    for (let i = 0; i < N; i++) {
      const w = worker[i]!;
      const t = task[i]!;
      const a = point[w]!;
      const eb = expB[t]!;
      const z = a * eb;
      const sp = softplus(z); // −log(1 − σ(z))
      const p = agreed[i]!;
      q += p * (z - sp) + (1 - p) * (-sp - logWrongShare);
      const residual = p - Math.exp(z - sp); // P(agree) − σ(z)
      gradient[w]! -= residual * eb;
      gradient[W + t]! -= residual * a * eb;
    }
    for (let j = 0; j < W + T; j++) {
      const d = point[j]! - 1;
      q -= 0.5 * d * d + HALF_LOG_2PI;
      gradient[j]! += d;
    }
    return -q;
  };
  const scratch = new Float64Array(W + T);

  expectation();
  let q = -Infinity;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    const fitted = minimizeConjugateGradient(negativeQ, x, {
      gradientTolerance: options.mStepTolerance ?? 0.01,
      maxIterations: options.mStepMaxIterations ?? 25,
    });
    x.set(fitted.x);
    const next = -negativeQ(x, scratch) / (N * K);
    expectation();
    if (next - q < tolerance) {
      converged = true;
      break;
    }
    q = next;
  }

  const quality = new Float64Array(W);
  const answered = new Float64Array(W);
  for (let i = 0; i < N; i++) {
    const w = worker[i]!;
    quality[w]! += sigmoid(x[w]! * Math.exp(x[W + task[i]!]!));
    answered[w]!++;
  }
  for (let w = 0; w < W; w++) quality[w] = answered[w]! > 0 ? quality[w]! / answered[w]! : 0;
  const taskDifficulty = Float64Array.from(x.subarray(W), (b) => Math.exp(-b));
  return buildResult('glad', answers, posterior, quality, { taskDifficulty, iterations, converged });
}

/** log(1 + e^z) without overflow. */
function softplus(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}
