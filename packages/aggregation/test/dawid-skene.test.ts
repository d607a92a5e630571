import { describe, expect, it } from 'vitest';
import { dawidSkene, encodeAnswers, labelOf, oneCoinDawidSkene } from '../src/index.ts';

// 3 tasks × 3 workers, labels x < y.
//   t1: a=x b=x c=y    t2: a=y b=y c=y    t3: a=x b=y c=x
// Majority-vote start: t1 (2/3, 1/3), t2 (0, 1), t3 (2/3, 1/3); priors x = 4/9, y = 5/9.
const answers = encodeAnswers([
  ['t1', 'a', 'x'],
  ['t1', 'b', 'x'],
  ['t1', 'c', 'y'],
  ['t2', 'a', 'y'],
  ['t2', 'b', 'y'],
  ['t2', 'c', 'y'],
  ['t3', 'a', 'x'],
  ['t3', 'b', 'y'],
  ['t3', 'c', 'x'],
]);
const px = (r: ReturnType<typeof dawidSkene>, t: number) => r.posterior[2 * t]!;

describe('dawidSkene', () => {
  it('runs one E-step from the majority-vote confusion matrices as computed by hand', () => {
    // Expected counts [observed][truth]: a: x→(4/3, 2/3), y→(0, 1); b: x→(2/3, 1/3), y→(2/3, 4/3);
    // c: x→(2/3, 1/3), y→(2/3, 4/3). Column-normalised: a: P(x|x)=1, P(x|y)=2/5; b, c: P(x|x)=1/2, P(x|y)=1/5.
    // t1: x ∝ 4/9·1·1/2·1/2 = 1/9, y ∝ 5/9·2/5·1/5·4/5 = 0.32/9 → P(x) = 25/33; t3 likewise;
    // t2: x ∝ 4/9·(≈1e-10 / (4/3))·… ≈ 0 → P(y) ≈ 1.
    const r = dawidSkene(answers, { maxIterations: 1 });
    expect(r.iterations).toBe(1);
    expect(px(r, 0)).toBeCloseTo(25 / 33, 9);
    expect(px(r, 2)).toBeCloseTo(25 / 33, 9);
    expect(px(r, 1)).toBeLessThan(1e-9);
    expect(r.taskNames.map((_, t) => labelOf(r, t))).toEqual(['x', 'y', 'x']);
  });

  it('returns column-stochastic confusion matrices and converges', () => {
    const r = dawidSkene(answers);
    expect(r.converged).toBe(true);
    expect(r.iterations).toBeLessThan(100);
    const confusion = r.confusion!;
    for (let w = 0; w < 3; w++) {
      for (let truth = 0; truth < 2; truth++) {
        expect(confusion[(w * 2 + 0) * 2 + truth]! + confusion[(w * 2 + 1) * 2 + truth]!).toBeCloseTo(1, 12);
      }
      expect(r.workerQuality[w]).toBeGreaterThanOrEqual(0);
      expect(r.workerQuality[w]).toBeLessThanOrEqual(1);
    }
  });

  it('stops at maxIterations and says it did not converge', () => {
    const r = dawidSkene(answers, { maxIterations: 2, tolerance: -Infinity });
    expect(r.iterations).toBe(2);
    expect(r.converged).toBe(false);
  });

  it('returns the majority-vote start with maxIterations 0', () => {
    const r = dawidSkene(answers, { maxIterations: 0 });
    expect([...r.posterior]).toEqual([2 / 3, 1 / 3, 0, 1, 2 / 3, 1 / 3]);
  });

  it('handles no answers and a single label', () => {
    expect(dawidSkene(encodeAnswers([])).taskLabel.length).toBe(0);
    const one = dawidSkene(encodeAnswers([['t', 'a', 'x'], ['u', 'a', 'x']]));
    expect([...one.posterior]).toEqual([1, 1]);
  });
});

describe('oneCoinDawidSkene', () => {
  it('runs one E-step from the majority-vote skills as computed by hand', () => {
    // Skill = mean start posterior of the label given: a (2/3+1+2/3)/3 = 7/9, b (2/3+1+1/3)/3 = 2/3, c 2/3.
    // t1 (x, x, y): x ∝ 4/9·7/9·2/3·1/3 = 56/729, y ∝ 5/9·2/9·1/3·2/3 = 20/729 → P(x) = 14/19.
    // t2 (y, y, y): x ∝ 4/9·2/9·1/3·1/3 = 8/729, y ∝ 5/9·7/9·2/3·2/3 = 140/729 → P(y) = 35/37.
    const r = oneCoinDawidSkene(answers, { maxIterations: 1 });
    expect(px(r, 0)).toBeCloseTo(14 / 19, 12);
    expect(1 - px(r, 1)).toBeCloseTo(35 / 37, 12);
    expect(px(r, 2)).toBeCloseTo(14 / 19, 12);
  });

  it('gives each worker one skill: the same probability of being right whatever the truth', () => {
    const r = oneCoinDawidSkene(answers);
    const c = r.confusion!;
    for (let w = 0; w < 3; w++) {
      expect(c[(w * 2 + 0) * 2 + 0]).toBeCloseTo(r.workerQuality[w]!, 12);
      expect(c[(w * 2 + 1) * 2 + 1]).toBeCloseTo(r.workerQuality[w]!, 12);
    }
  });
});
