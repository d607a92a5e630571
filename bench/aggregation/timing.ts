import { median } from '../support/report.ts';

/**
 * Seconds for one call of `fn`. A call that takes under `quick` seconds is timed again `runs` times after
 * that first (cold, JIT-compiling) call and the median of those runs is reported; a slower call is reported
 * as is. Returns the last result too.
 */
export function timed<T>(fn: () => T, runs: number, quick = 0.5): { seconds: number; result: T; runs: number } {
  let t0 = performance.now();
  let result = fn();
  const first = (performance.now() - t0) / 1000;
  if (first >= quick) return { seconds: first, result, runs: 1 };
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    t0 = performance.now();
    result = fn();
    times.push((performance.now() - t0) / 1000);
  }
  return { seconds: median(times), result, runs };
}
