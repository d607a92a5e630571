import { mulberry32 } from './random.ts';
import type { EncodedAnswers } from './types.ts';

export interface SyntheticOptions {
  tasks: number;
  answersPerTask: number;
  workers: number;
  labels: number;
  seed: number;
  /** Range each worker's per-label accuracy is drawn from (default 0.35 to 0.95). */
  accuracy?: readonly [min: number, max: number];
}

/**
 * Answers drawn from a seeded Dawid-Skene world, for tests and benchmarks: true labels are uniform; each
 * worker has a random confusion matrix whose diagonal (accuracy) is drawn from `accuracy` with the rest
 * spread randomly over the wrong labels; every task is answered by `answersPerTask` distinct random workers.
 * Label names are zero-padded numbers, so their string order is their numeric order.
 *
 * @example
 * const { answers, truth } = syntheticAnswers({ tasks: 1000, answersPerTask: 5, workers: 50, labels: 3, seed: 1 });
 */
export function syntheticAnswers(options: SyntheticOptions): { answers: EncodedAnswers; truth: Int32Array } {
  const { tasks: T, answersPerTask: R, workers: W, labels: K, seed } = options;
  if (R > W) throw new RangeError(`answersPerTask (${R}) exceeds workers (${W})`);
  const [low, high] = options.accuracy ?? [0.35, 0.95];
  const random = mulberry32(seed);
  // Cumulative answer distribution per (worker, truth).
  const cumulative = new Float64Array(W * K * K);
  for (let w = 0; w < W; w++) {
    for (let c = 0; c < K; c++) {
      const row = new Float64Array(K);
      const accuracy = low + (high - low) * random();
      let spread = 0;
      for (let l = 0; l < K; l++) if (l !== c) spread += row[l] = random();
      for (let l = 0; l < K; l++) row[l] = l === c ? (K === 1 ? 1 : accuracy) : ((1 - accuracy) * row[l]!) / spread;
      let sum = 0;
      for (let l = 0; l < K; l++) cumulative[(w * K + c) * K + l] = sum += row[l]!;
    }
  }
  const truth = Int32Array.from({ length: T }, () => Math.floor(random() * K));
  const task = new Int32Array(T * R);
  const worker = new Int32Array(T * R);
  const label = new Int32Array(T * R);
  const chosen = new Int32Array(R);
  for (let t = 0, i = 0; t < T; t++) {
    for (let r = 0; r < R; r++, i++) {
      let w: number;
      do w = Math.floor(random() * W);
      while (chosen.subarray(0, r).includes(w));
      chosen[r] = w;
      const from = (w * K + truth[t]!) * K;
      const u = random();
      let l = 0;
      while (l < K - 1 && u >= cumulative[from + l]!) l++;
      task[i] = t;
      worker[i] = w;
      label[i] = l;
    }
  }
  const digits = String(Math.max(0, K - 1)).length;
  return {
    answers: {
      task,
      worker,
      label,
      taskNames: Array.from({ length: T }, (_, t) => `t${t}`),
      workerNames: Array.from({ length: W }, (_, w) => `w${w}`),
      labelNames: Array.from({ length: K }, (_, c) => String(c).padStart(digits, '0')),
    },
    truth,
  };
}
