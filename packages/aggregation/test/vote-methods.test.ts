import { describe, expect, it } from 'vitest';
import { accuracy, aggregate, encodeAnswers, labelOf, majorityVote, resultRows, wawa, weightedMajorityVote } from '../src/index.ts';

// 3 tasks × 3 workers, labels cat < dog.
//   t1: a=cat b=cat c=dog    t2: a=dog b=dog c=dog    t3: a=cat b=dog
const answers = encodeAnswers([
  ['t1', 'a', 'cat'],
  ['t1', 'b', 'cat'],
  ['t1', 'c', 'dog'],
  ['t2', 'a', 'dog'],
  ['t2', 'b', 'dog'],
  ['t2', 'c', 'dog'],
  ['t3', 'a', 'cat'],
  ['t3', 'b', 'dog'],
]);
const labels = (r: ReturnType<typeof majorityVote>) => r.taskNames.map((_, t) => labelOf(r, t));

describe('majorityVote', () => {
  it('takes the most frequent label with its vote share as confidence', () => {
    const r = majorityVote(answers);
    expect(labels(r)).toEqual(['cat', 'dog', 'cat']);
    // t1: 2 of 3; t2: 3 of 3; t3: a 1–1 tie.
    expect([...r.confidence]).toEqual([2 / 3, 1, 0.5]);
    expect([...r.posterior]).toEqual([2 / 3, 1 / 3, 0, 1, 0.5, 0.5]);
  });

  it('breaks ties toward the smallest label string, not the first seen', () => {
    const r = majorityVote(encodeAnswers([
      ['t', 'a', 'zebra'],
      ['t', 'b', 'ant'],
      ['u', 'a', '9'],
      ['u', 'b', '10'],
    ]));
    expect(labels(r)).toEqual(['ant', '10']);
  });

  it('rates workers by agreement with the majority', () => {
    // a agrees on t1, t2, t3; b on t1, t2 (not t3); c on t2 only.
    expect([...majorityVote(answers).workerQuality]).toEqual([1, 2 / 3, 1 / 2]);
  });

  it('counts a repeated row as a vote, but once in the worker agreement', () => {
    const r = majorityVote(encodeAnswers([
      ['t', 'a', 'x'],
      ['t', 'b', 'y'],
      ['t', 'b', 'y'],
      ['u', 'b', 'x'],
    ]));
    expect(labels(r)).toEqual(['y', 'x']);
    expect(r.confidence[0]).toBeCloseTo(2 / 3, 12);
    // b: (t, y) agrees, (u, x) agrees → 2/2; a: (t, x) disagrees → 0/1.
    expect([...r.workerQuality]).toEqual([0, 1]);
  });
});

describe('wawa', () => {
  it('weights each vote by the worker agreement with the majority', () => {
    const r = wawa(answers);
    // Skills a=1, b=2/3, c=1/2. t1: cat 1+2/3 vs dog 1/2 → 10/13; t3: cat 1 vs dog 2/3 → 3/5.
    expect(labels(r)).toEqual(['cat', 'dog', 'cat']);
    expect(r.confidence[0]).toBeCloseTo(10 / 13, 12);
    expect(r.confidence[1]).toBe(1);
    expect(r.confidence[2]).toBeCloseTo(3 / 5, 12);
    expect([...r.workerQuality]).toEqual([1, 2 / 3, 1 / 2]);
    expect(r.method).toBe('wawa');
  });

  it('can overturn the majority when the minority voters are the reliable ones', () => {
    // On t, w1 and w2 outvote w3 and w4. Elsewhere w1 and w2 disagree with everyone: their skill is 1/4.
    const rows: [string, string, string][] = [['t', 'w1', 'x'], ['t', 'w2', 'x'], ['t', 'w3', 'y'], ['t', 'w4', 'y'], ['t', 'w5', 'x']];
    for (const task of ['p', 'q', 'r']) rows.push([task, 'w1', 'y'], [task, 'w2', 'y'], [task, 'w3', 'x'], [task, 'w4', 'x'], [task, 'w5', 'y'], [task, 'w6', 'x'], [task, 'w7', 'x']);
    const r = wawa(encodeAnswers(rows));
    // MV on t: x (3 to 2). Skills: w1 = w2 = w5 = 1/4, w3 = w4 = 3/4 → t: x 3/4 vs y 3/2 → y.
    expect(labelOf(majorityVote(encodeAnswers(rows)), 0)).toBe('x');
    expect(labelOf(r, 0)).toBe('y');
  });
});

describe('weightedMajorityVote', () => {
  const skills = new Map([
    ['a', 0.9],
    ['b', 0.3],
    ['c', 0.3],
  ]);

  it('sums the given skills per label', () => {
    const r = weightedMajorityVote(answers, { skills });
    // t1: cat 0.9+0.3 vs dog 0.3 → 0.8; t3: cat 0.9 vs dog 0.3 → 0.75.
    expect(labels(r)).toEqual(['cat', 'dog', 'cat']);
    expect(r.confidence[0]).toBeCloseTo(0.8, 12);
    expect(r.confidence[2]).toBeCloseTo(0.75, 12);
    expect([...r.workerQuality]).toEqual([0.9, 0.3, 0.3]);
  });

  it('refuses a worker without a skill unless a default is given', () => {
    const partial = new Map([['a', 0.9]]);
    expect(() => weightedMajorityVote(answers, { skills: partial })).toThrow(/no skill for worker "b"/);
    const r = weightedMajorityVote(answers, { skills: partial, defaultSkill: 0.1 });
    expect(r.confidence[2]).toBeCloseTo(0.9 / 1.0, 12);
  });

  it('gives a task whose voters all weigh 0 a uniform posterior', () => {
    const r = weightedMajorityVote(answers, { skills: new Float64Array([0, 0, 0]) });
    expect([...r.posterior.subarray(0, 2)]).toEqual([0.5, 0.5]);
  });
});

describe('aggregate, resultRows and accuracy', () => {
  it('runs a method by name and scores it against gold labels', () => {
    const r = aggregate(answers, 'majority-vote');
    expect(resultRows(r)).toEqual([
      { task: 't1', label: 'cat', confidence: 2 / 3 },
      { task: 't2', label: 'dog', confidence: 1 },
      { task: 't3', label: 'cat', confidence: 0.5 },
    ]);
    const gold = new Map([
      ['t1', 'cat'],
      ['t3', 'dog'],
      ['missing', 'cat'],
    ]);
    expect(accuracy(r, gold)).toEqual({ correct: 1, total: 3, accuracy: 1 / 3 });
  });

  it('needs skills for weighted-majority-vote', () => {
    expect(() => aggregate(answers, 'weighted-majority-vote')).toThrow(/needs options.skills/);
  });
});
