import { describe, expect, it } from 'vitest';
import { encodeAnswers, labelOf, mace, majorityVote, syntheticAnswers } from '../src/index.ts';
import { digamma } from '../src/digamma.ts';
import { maceExpectation } from '../src/mace-expectation.ts';

describe('digamma', () => {
  it('matches known values', () => {
    const gamma = 0.5772156649015329; // Euler–Mascheroni
    expect(digamma(1)).toBeCloseTo(-gamma, 12);
    expect(digamma(0.5)).toBeCloseTo(-gamma - 2 * Math.LN2, 12);
    expect(digamma(10.5)).toBeCloseTo(digamma(9.5) + 1 / 9.5, 12); // ψ(x + 1) = ψ(x) + 1/x
  });
});

describe('maceExpectation', () => {
  it('computes posteriors and expected counts as by hand', () => {
    // One task, labels x < y. Worker a: P(spam) 0.5, P(know) 0.5, strategy (1/2, 1/2), answers x.
    // Worker b: P(spam) 0.8, P(know) 0.2, strategy (1/4, 3/4), answers y.
    // Truth x: a 0.5·0.5 + 0.5 = 0.75, b 0.8·0.75 = 0.6 → 0.45 / 2; truth y: a 0.25, b 0.6 + 0.2 = 0.8 → 0.2 / 2.
    const answers = encodeAnswers([['t', 'a', 'x'], ['t', 'b', 'y']]);
    const e = maceExpectation(answers, { spamming: new Float64Array([0.5, 0.5, 0.8, 0.2]), strategy: new Float64Array([0.5, 0.5, 0.25, 0.75]) });
    expect(e.posterior[0]).toBeCloseTo(9 / 13, 12);
    expect(e.logLikelihood).toBeCloseTo(Math.log(0.45 / 2 + 0.2 / 2), 12);
    // a knew with P(x) · 0.5 / 0.75 = 6/13; b knew with P(y) · 0.2 / 0.8 = 1/13; the rest is spam.
    expect([...e.knowingCounts].map((v) => v * 13)).toEqual([7, 6, 12, 1].map((v) => expect.closeTo(v, 10)));
    expect([...e.strategyCounts].map((v) => v * 13)).toEqual([7, 0, 0, 12].map((v) => expect.closeTo(v, 10)));
  });
});

describe('mace', () => {
  const { answers, truth } = syntheticAnswers({ tasks: 300, answersPerTask: 5, workers: 20, labels: 3, seed: 3 });

  it('is deterministic for a seed', () => {
    const one = mace(answers, { seed: 7, restarts: 3 });
    const two = mace(answers, { seed: 7, restarts: 3 });
    expect(two.posterior).toEqual(one.posterior);
    expect(two.workerQuality).toEqual(one.workerQuality);
  });

  it('starts from other points for another seed', () => {
    const one = mace(answers, { seed: 1, restarts: 1, maxIterations: 1 });
    const two = mace(answers, { seed: 2, restarts: 1, maxIterations: 1 });
    expect(two.posterior).not.toEqual(one.posterior);
  });

  it('beats majority vote on a synthetic world, with either M-step', () => {
    const score = (taskLabel: Int32Array) => truth.filter((c, t) => taskLabel[t] === c).length / truth.length;
    const mv = score(majorityVote(answers).taskLabel); // 0.823 for this seed
    for (const mStep of ['vb', 'em'] as const) expect(score(mace(answers, { mStep, restarts: 2 }).taskLabel)).toBeGreaterThan(mv + 0.02);
  });

  it('rates a worker who copies the truth above one who answers at random', () => {
    const rows: [string, string, string][] = [];
    for (let t = 0; t < 40; t++) {
      const right = 'abc'[t % 3]!;
      rows.push([`t${t}`, 'expert', right], [`t${t}`, 'peer', right], [`t${t}`, 'random', 'abc'[(t * 7 + 1) % 3]!]);
    }
    const r = mace(encodeAnswers(rows), { restarts: 2 });
    const q = Object.fromEntries(r.workerNames.map((w, i) => [w, r.workerQuality[i]!]));
    expect(q.expert).toBeGreaterThan(0.8);
    expect(q.random).toBeLessThan(q.expert! - 0.3);
    expect(labelOf(r, 0)).toBe('a');
  });

  it('stops a restart early once the likelihood stops improving, when given a tolerance', () => {
    const r = mace(answers, { restarts: 1, maxIterations: 500, tolerance: 1e-9 });
    expect(r.converged).toBe(true);
    expect(r.iterations).toBeLessThan(500);
  });
});
