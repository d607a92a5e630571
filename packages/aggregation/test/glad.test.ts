import { describe, expect, it } from 'vitest';
import { minimizeConjugateGradient } from '../src/conjugate-gradient.ts';
import { encodeAnswers, glad, labelOf } from '../src/index.ts';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('glad', () => {
  // With α = β = 1 every answer is right with σ(1·e¹) and wrong labels share the rest, so with two labels a
  // task's log-odds are e × (votes for x − votes for y).
  const answers = encodeAnswers([
    ['t1', 'a', 'x'],
    ['t1', 'b', 'x'],
    ['t1', 'c', 'y'],
    ['t2', 'a', 'y'],
    ['t2', 'b', 'y'],
    ['t2', 'c', 'y'],
  ]);

  it('starts from α = β = 1 as computed by hand', () => {
    const r = glad(answers, { maxIterations: 0 });
    expect(r.posterior[0]).toBeCloseTo(sigmoid(Math.E), 12); // t1: P(x) = σ(e) ≈ 0.9381
    expect(r.posterior[3]).toBeCloseTo(sigmoid(3 * Math.E), 12); // t2: P(y) = σ(3e) ≈ 0.9997
    expect([...r.taskDifficulty!]).toEqual([Math.exp(-1), Math.exp(-1)]);
    expect(r.workerQuality[0]).toBeCloseTo(sigmoid(Math.E), 12);
  });

  it('shares the wrong-answer mass among the other labels: one vote among three labels gives σ(e)', () => {
    // P(x) ∝ σ(e); P(y), P(z) ∝ (1 − σ(e)) / 2 each, so P(x) = σ(e).
    const r = glad(encodeAnswers([['t', 'a', 'x'], ['u', 'a', 'y'], ['v', 'a', 'z']]), { maxIterations: 0 });
    expect(r.posterior[0]).toBeCloseTo(sigmoid(Math.E), 12);
    expect(r.posterior[1]).toBeCloseTo((1 - sigmoid(Math.E)) / 2, 12);
  });

  it('learns that a worker who always disagrees is less able, and follows the others', () => {
    const rows: [string, string, string][] = [];
    for (let t = 0; t < 12; t++) {
      const truth = t % 2 ? 'x' : 'y';
      const other = t % 2 ? 'y' : 'x';
      rows.push([`t${t}`, 'good1', truth], [`t${t}`, 'good2', truth], [`t${t}`, 'bad', other]);
      if (t % 3 === 0) rows.push([`t${t}`, 'good3', truth]);
    }
    const r = glad(encodeAnswers(rows));
    expect(r.converged).toBe(true);
    const quality = Object.fromEntries(r.workerNames.map((w, i) => [w, r.workerQuality[i]!]));
    expect(quality.bad).toBeLessThan(0.5);
    expect(quality.good1).toBeGreaterThan(0.9);
    expect(r.taskNames.map((_, t) => labelOf(r, t))).toEqual(Array.from({ length: 12 }, (_, t) => (t % 2 ? 'x' : 'y')));
  });
});

describe('minimizeConjugateGradient', () => {
  it('finds the minimum of a badly scaled quadratic', () => {
    // f = (x − 3)² + 100 (y + 1)², minimum at (3, −1).
    const f = (p: Float64Array, g: Float64Array) => {
      g[0] = 2 * (p[0]! - 3);
      g[1] = 200 * (p[1]! + 1);
      return (p[0]! - 3) ** 2 + 100 * (p[1]! + 1) ** 2;
    };
    const r = minimizeConjugateGradient(f, new Float64Array([0, 0]), { gradientTolerance: 1e-8, maxIterations: 50 });
    expect(r.x[0]).toBeCloseTo(3, 8);
    expect(r.x[1]).toBeCloseTo(-1, 8);
  });

  it('gets close to the minimum of the Rosenbrock valley', () => {
    const f = (p: Float64Array, g: Float64Array) => {
      const [x, y] = [p[0]!, p[1]!];
      g[0] = -2 * (1 - x) - 400 * x * (y - x * x);
      g[1] = 200 * (y - x * x);
      return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
    };
    const start = new Float64Array([-1.2, 1]);
    const r = minimizeConjugateGradient(f, start, { gradientTolerance: 1e-6, maxIterations: 500 });
    expect(r.value).toBeLessThan(1e-8);
    expect([...start]).toEqual([-1.2, 1]);
  });

  it('stops after maxIterations', () => {
    const f = (p: Float64Array, g: Float64Array) => {
      g[0] = 4 * p[0]! ** 3;
      return p[0]! ** 4;
    };
    expect(minimizeConjugateGradient(f, new Float64Array([5]), { gradientTolerance: 0, maxIterations: 3 }).iterations).toBe(3);
  });
});
