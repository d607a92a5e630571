import { digamma } from './digamma.ts';
import { mulberry32 } from './random.ts';
import { maceExpectation, type MaceExpectation, type MaceParameters } from './mace-expectation.ts';
import { buildResult } from './result.ts';
import type { AggregationResult, EncodedAnswers } from './types.ts';

export interface MaceOptions {
  /** Random restarts; the restart with the best marginal log-likelihood wins (default 10). */
  restarts?: number;
  /** EM iterations per restart (default 50). */
  maxIterations?: number;
  /** Stop a restart early when the log-likelihood per answer improves by less than this (default: never). */
  tolerance?: number;
  /** Seed of the restarts' random starting points (default 0). */
  seed?: number;
  /** 'vb' (default): variational Bayes with Beta and Dirichlet priors; 'em': smoothed maximum likelihood. */
  mStep?: 'vb' | 'em';
  /** Beta prior on (spamming, knowing) for 'vb' (default 0.5 and 0.5). */
  spammingPrior?: number;
  knowingPrior?: number;
  /** Symmetric Dirichlet prior on each worker's spamming strategy, for 'vb' (default 10). */
  strategyPrior?: number;
  /** Added to every expected count before normalising, for 'em' (default 0.01 / labels). */
  smoothing?: number;
  /** Random starting weights are drawn from [1, 2 + noise] before normalising, as Crowd-Kit (default 0.5). */
  initialNoise?: number;
}

/**
 * MACE (Hovy et al. 2013), as Crowd-Kit's `MACE`: a worker either knows the answer (and gives the true label)
 * or spams, drawing a label from their own strategy distribution; the true label is uniform a priori.
 * Fitted by EM (variational by default) from `restarts` random starts, deterministic for a seed.
 * Worker quality: P(knowing) / (P(knowing) + P(spamming)).
 *
 * @example
 * const result = mace(answers, { seed: 7, restarts: 5 });
 */
export function mace(answers: EncodedAnswers, options: MaceOptions = {}): AggregationResult {
  const restarts = Math.max(1, options.restarts ?? 10);
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? -Infinity;
  const K = answers.labelNames.length;
  const W = answers.workerNames.length;
  if (answers.task.length === 0) return buildResult('mace', answers, new Float64Array(0), new Float64Array(W));
  const random = mulberry32(options.seed ?? 0);
  const spread = 1 + (options.initialNoise ?? 0.5);
  const mStep = options.mStep === 'em' ? smoothedMStep(options.smoothing ?? 0.01 / K) : variationalMStep(options);

  let best: { params: MaceParameters; e: MaceExpectation } | null = null;
  let iterations = 0;
  let converged = false;
  for (let r = 0; r < restarts; r++) {
    const start = () => 1 + spread * random();
    const params: MaceParameters = { spamming: Float64Array.from({ length: W * 2 }, start), strategy: Float64Array.from({ length: W * K }, start) };
    normaliseRows(params.spamming, 2);
    normaliseRows(params.strategy, K);
    let e = maceExpectation(answers, params);
    let ran = 0;
    let stopped = false;
    while (ran < maxIterations) {
      ran++;
      mStep(params, e);
      const next = maceExpectation(answers, params);
      const gain = (next.logLikelihood - e.logLikelihood) / answers.task.length;
      e = next;
      if (gain < tolerance) {
        stopped = true;
        break;
      }
    }
    if (best === null || e.logLikelihood > best.e.logLikelihood) {
      best = { params, e };
      iterations = ran;
      converged = stopped;
    }
  }
  const { params, e } = best as { params: MaceParameters; e: MaceExpectation };
  const quality = new Float64Array(W);
  for (let w = 0; w < W; w++) quality[w] = params.spamming[2 * w + 1]! / (params.spamming[2 * w]! + params.spamming[2 * w + 1]!);
  return buildResult('mace', answers, e.posterior, quality, { iterations, converged });
}

type MStep = (params: MaceParameters, e: MaceExpectation) => void;

/** Variational M-step: exp(ψ(count + prior)) / exp(ψ(Σ (count + prior))), per row. */
function variationalMStep(options: MaceOptions): MStep {
  const spammingPrior = options.spammingPrior ?? 0.5;
  const knowingPrior = options.knowingPrior ?? 0.5;
  const strategyPrior = options.strategyPrior ?? 10;
  return (params, e) => {
    variationalRows(e.knowingCounts, 2, (j) => (j === 0 ? spammingPrior : knowingPrior), params.spamming);
    variationalRows(e.strategyCounts, params.strategy.length / (params.spamming.length / 2), () => strategyPrior, params.strategy);
  };
}

function variationalRows(counts: Float64Array, width: number, prior: (j: number) => number, out: Float64Array): void {
  for (let base = 0; base < counts.length; base += width) {
    let sum = 0;
    for (let j = 0; j < width; j++) sum += counts[base + j]! + prior(j);
    const norm = Math.exp(digamma(sum));
    for (let j = 0; j < width; j++) out[base + j] = Math.exp(digamma(counts[base + j]! + prior(j))) / norm;
  }
}

/** Maximum-likelihood M-step with additive smoothing. */
function smoothedMStep(smoothing: number): MStep {
  return (params, e) => {
    params.spamming.set(e.knowingCounts.map((n) => n + smoothing));
    params.strategy.set(e.strategyCounts.map((n) => n + smoothing));
    normaliseRows(params.spamming, 2);
    normaliseRows(params.strategy, params.strategy.length / (params.spamming.length / 2));
  };
}

function normaliseRows(values: Float64Array, width: number): void {
  for (let base = 0; base < values.length; base += width) {
    let sum = 0;
    for (let j = 0; j < width; j++) sum += values[base + j]!;
    for (let j = 0; j < width; j++) values[base + j] = values[base + j]! / sum;
  }
}
