import { dawidSkene, majorityVote, syntheticAnswers, type AggregationResult, type SyntheticOptions } from '@minga/aggregation';

export interface SyntheticRun {
  settings: SyntheticOptions;
  answers: number;
  generateSeconds: number;
  /** Dawid-Skene with its defaults (tolerance 1e-5, at most 100 iterations). */
  ds: { seconds: number; accuracy: number; iterations: number };
  /** Dawid-Skene made to run all 100 iterations: the worst case of the defaults. */
  dsFull: { seconds: number; accuracy: number; iterations: number };
  mvAccuracy: number;
}

/** Dawid-Skene on answers drawn from a seeded confusion-matrix world, scored against its true labels. */
export function syntheticRun(settings: SyntheticOptions): SyntheticRun {
  let t0 = performance.now();
  const { answers, truth } = syntheticAnswers(settings);
  const generateSeconds = (performance.now() - t0) / 1000;
  const score = (r: AggregationResult) => {
    let correct = 0;
    for (let t = 0; t < truth.length; t++) if (r.taskLabel[t] === truth[t]) correct++;
    return correct / truth.length;
  };
  const run = (tolerance?: number) => {
    t0 = performance.now();
    const r = dawidSkene(answers, tolerance === undefined ? {} : { tolerance });
    return { seconds: (performance.now() - t0) / 1000, accuracy: score(r), iterations: r.iterations };
  };
  const ds = run();
  const dsFull = run(-Infinity);
  return { settings, answers: answers.task.length, generateSeconds, ds, dsFull, mvAccuracy: score(majorityVote(answers)) };
}
