import { describe, expect, it } from 'vitest';
import type { ConsensusSettings } from '../../src/core/consensus/consensus-types.ts';
import { decideResult } from '../../src/core/consensus/decide-result.ts';
import { outcome, settings, skilled, submissions, superUser } from './consensus-fixtures.ts';

type Row = [behaviour: string, settings: ConsensusSettings, answers: unknown[], expected: string];

/** Runs a table: each row's answers, decided under its settings, read as one line (see `outcome`). */
function table(rows: Row[]): void {
  it.each(rows)('%s', (_behaviour, s, answers, expected) => {
    expect(outcome(decideResult(s, submissions(answers)))).toBe(expected);
  });
}

const decide = (s: ConsensusSettings, answers: unknown[]) => decideResult(s, submissions(answers));
const sentiment = { type: 'label_text', classes: 3 } as const;

describe('any_first', () => {
  const s = settings('any_first', { overlap: 3, max_overlap: 3 });
  table([
    ['asks for a single answer, whatever the overlap', s, [], 'open 1'],
    ['completes with the first answer', s, ['no'], 'completed: no (1/1 agree)'],
    ['keeps the first answer when another raced in', s, ['no', 'yes'], 'completed: no (1/2 agree)'],
  ]);
});

describe('majority_vote', () => {
  const three = settings('majority_vote', { ...sentiment, overlap: 3, max_overlap: 3 });
  const extendable = settings('majority_vote', { overlap: 2, max_overlap: 4 });
  const atMax = settings('majority_vote', { overlap: 4, max_overlap: 4 });
  table([
    ['asks for overlap answers before any is in', three, [], 'open 3'],
    ['asks for the rest of overlap, even when the first answers agree', three, ['positive', 'positive'], 'open 1'],
    ['completes with a unanimous vote', three, ['positive', 'positive', 'positive'], 'completed: positive (3/3 agree)'],
    ['completes with the unique plurality', three, ['positive', 'negative', 'positive'], 'completed: positive (2/3 agree)'],
    ['asks one more helper to break a tie while under max_overlap', extendable, ['yes', 'no'], 'open 1'],
    ['completes once the extra answer breaks the tie', extendable, ['yes', 'no', 'no'], 'completed: no (2/3 agree)'],
    ['keeps extending while still tied', { ...extendable, ...sentiment }, ['positive', 'negative', 'neutral'], 'open 1'],
    [
      'sends a tie at max_overlap to review, suggesting the answer seen first',
      atMax,
      ['no', 'yes', 'yes', 'no'],
      'needs_review (tie): no (2/4 agree)',
    ],
    [
      'treats a three-way split at max_overlap as a tie',
      three,
      ['neutral', 'positive', 'negative'],
      'needs_review (tie): neutral (1/3 agree)',
    ],
  ]);

  it('reports confidence as the posterior of the result: three unmeasured helpers (0.7) agreeing give 0.93', () => {
    const d = decide(settings('majority_vote', { overlap: 3, max_overlap: 3 }), ['yes', 'yes', 'yes']);
    expect(d.kind === 'completed' && d.result).toMatchObject({ answer: 'yes', agreement: 1 });
    expect(d.kind === 'completed' && d.result.confidence).toBeCloseTo(0.343 / (0.343 + 0.027), 10);
  });
});

describe('unanimous', () => {
  const s = settings('unanimous', { overlap: 3, max_overlap: 5 });
  table([
    ['asks for overlap answers', s, [], 'open 3'],
    ['asks for the rest while answers agree', s, ['yes', 'yes'], 'open 1'],
    ['completes when all overlap answers agree', s, ['yes', 'yes', 'yes'], 'completed: yes (3/3 agree)'],
    ['stops asking as soon as two answers differ', s, ['yes', 'no'], 'needs_review (disagreement): yes (1/2 agree)'],
    ['suggests the plurality when answers differ', s, ['no', 'yes', 'yes'], 'needs_review (disagreement): yes (2/3 agree)'],
  ]);
});

describe('requester_review', () => {
  const s = settings('requester_review', { ...sentiment, overlap: 3, max_overlap: 3 });
  table([
    ['collects overlap answers first', s, ['positive', 'negative'], 'open 1'],
    [
      'then hands the task to the requester with the plurality as a suggestion',
      s,
      ['positive', 'negative', 'negative'],
      'needs_review (requester review): negative (2/3 agree)',
    ],
    [
      'asks the requester even when the helpers agree',
      s,
      ['positive', 'positive', 'positive'],
      'needs_review (requester review): positive (3/3 agree)',
    ],
  ]);
});

describe('quorum (T4SK num_answers)', () => {
  // "A value of 2 means that the task will be completed once two different Helpers post the same answer.
  // This would require a minimum of 3 Helpers in order to break ties." normalizeTask's default max_overlap
  // for quorum q is 2q - 1.
  const two = settings('quorum', { ...sentiment, quorum: 2, max_overlap: 3 });
  const three = settings('quorum', { ...sentiment, quorum: 3, max_overlap: 4 });
  table([
    ['asks for as many answers as the quorum before any is in', two, [], 'open 2'],
    ['asks for the one answer that could match the first', two, ['positive'], 'open 1'],
    ['completes once two helpers gave the same answer (2-0)', two, ['positive', 'positive'], 'completed: positive (2/2 agree)'],
    ['asks a third helper after a 1-1 split', two, ['positive', 'negative'], 'open 1'],
    ['completes when the third helper breaks the tie', two, ['positive', 'negative', 'negative'], 'completed: negative (2/3 agree)'],
    [
      'sends a 1-1-1 split at max_overlap to review',
      two,
      ['positive', 'negative', 'neutral'],
      'needs_review (no quorum): positive (1/3 agree)',
    ],
    ['asks for the missing matches of the leading answer', three, ['positive', 'negative'], 'open 2'],
    [
      'gives up as soon as max_overlap leaves too few answers to reach quorum',
      three,
      ['positive', 'negative', 'neutral'],
      'needs_review (no quorum): positive (1/3 agree)',
    ],
    [
      'completes with a quorum of one at the first answer',
      settings('quorum', { quorum: 1, max_overlap: 1 }),
      ['yes'],
      'completed: yes (1/1 agree)',
    ],
    [
      'lets the answer that reached quorum first win when answers raced in',
      settings('quorum', { quorum: 2, max_overlap: 4 }),
      ['yes', 'no', 'no', 'yes'],
      'completed: no (2/4 agree)',
    ],
  ]);
});

describe('dynamic overlap', () => {
  const s = (over: Partial<ConsensusSettings> = {}) => settings('dynamic', { overlap: 2, max_overlap: 4, min_confidence: 0.85, ...over });
  const prior = (answer: string, confidence_weight: number) => ({ output_values: { answer }, confidence_weight });
  table([
    ['asks for overlap answers first', s(), [skilled('yes', 0.95)], 'open 1'],
    ['completes at overlap when two skilled helpers agree', s(), [skilled('yes', 0.9), skilled('yes', 0.9)], 'completed: yes (2/2 agree)'],
    ['asks for more when two unskilled helpers agree', s(), [skilled('yes', 0.6), skilled('yes', 0.6)], 'open 1'],
    ['asks for a third answer from two unmeasured helpers (0.7 each gives 0.845)', s(), ['yes', 'yes'], 'open 1'],
    ['completes once the third unmeasured helper agrees', s(), ['yes', 'yes', 'yes'], 'completed: yes (3/3 agree)'],
    [
      'sends low confidence at max_overlap to review with the best guess',
      s(),
      [0.6, 0.6, 0.6, 0.6].map((q) => skilled('yes', q)),
      'needs_review (low confidence): yes (4/4 agree)',
    ],
    [
      'follows one skilled helper over two barely better than chance',
      s(),
      [skilled('no', 0.95), skilled('yes', 0.55), skilled('yes', 0.55)],
      'completed: no (1/3 agree)',
    ],
    [
      'completes with one answer that agrees with a strong prior',
      s({ overlap: 1, baseline_solutions: [prior('yes', 0.9)] }),
      ['yes'],
      'completed: yes (1/1 agree)',
    ],
    [
      'asks for more when the prior is against the answer',
      s({ overlap: 1, max_overlap: 3, baseline_solutions: [prior('no', 0.9)] }),
      ['yes'],
      'open 1',
    ],
    [
      'never completes with an answer no helper gave',
      s({ overlap: 1, max_overlap: 1, baseline_solutions: [prior('no', 0.9)] }),
      ['yes'],
      'needs_review (low confidence): no (0/1 agree)',
    ],
    [
      'lets skilled helpers overrule a prior of weight 1 (read as 0.99)',
      s({ overlap: 1, baseline_solutions: [prior('no', 1)] }),
      [0.95, 0.95, 0.95].map((q) => skilled('yes', q)),
      'completed: yes (3/3 agree)',
    ],
    [
      'reads a prior at chance as no evidence',
      s({ overlap: 1, baseline_solutions: [prior('no', 0.3)] }),
      [skilled('yes', 0.9)],
      'completed: yes (1/1 agree)',
    ],
  ]);

  it('gives one answer of accuracy q alone the confidence q, whatever the number of classes', () => {
    for (const classes of [2, 3, 5]) {
      const d = decide(s({ overlap: 1, min_confidence: 0.5, classes, type: 'label_text' }), [skilled('a', 0.8)]);
      expect(d.kind === 'completed' && d.result.confidence).toBeCloseTo(0.8, 12);
    }
  });

  it('caps a perfect control score at 0.95, so one answer cannot reach 0.96', () => {
    const capped = s({ overlap: 1, max_overlap: 1, min_confidence: 0.96 });
    const d = decide(capped, [skilled('yes', 1)]);
    expect(d).toMatchObject({ kind: 'needs_review', reason: 'low confidence' });
    expect(d.kind === 'needs_review' && d.result?.confidence).toBeCloseTo(0.95, 12);
  });

  it('reads a helper below chance as no evidence, never as evidence against their answer', () => {
    const d = decide(s({ overlap: 1, max_overlap: 1 }), [skilled('yes', 0.1)]);
    expect(d.kind === 'needs_review' && d.result).toMatchObject({ answer: 'yes', confidence: 0.5 });
  });

  it('counts free-text classes as the answers seen plus one for anything else', () => {
    // Two distinct answers seen → K = 3; one 0.7 vote for "paris" against one for "lyon".
    const d = decide(s({ type: 'fill', classes: undefined, min_confidence: 0.99, max_overlap: 2 }), ['Paris', 'Lyon']);
    expect(d.kind === 'needs_review' && d.result?.confidence).toBeCloseTo(0.7 * 0.15 / (2 * 0.7 * 0.15 + 0.15 * 0.15), 12);
  });
});

describe('form', () => {
  const s = settings('majority_vote', { type: 'form', classes: undefined, overlap: 2, max_overlap: 4 });
  table([
    ['collects overlap answers', s, [{ name: 'Ann' }], 'open 1'],
    ['completes after overlap answers, without consensus', s, [{ name: 'Ann' }, { name: 'Bob' }], 'completed: 2 answers'],
    [
      'goes to review when the requester asked to review',
      { ...s, consensus_strategy: 'requester_review' },
      [{ name: 'Ann' }, { name: 'Ann' }],
      'needs_review (requester review): 2 answers',
    ],
  ]);

  it('returns every answer in order, agreement being the share of identical forms after normalisation', () => {
    const d = decide(s, [{ name: ' Ann ', age: 3 }, { age: 3, name: 'ann' }]);
    expect(d).toEqual({
      kind: 'completed',
      result: { answer: [{ name: ' Ann ', age: 3 }, { age: 3, name: 'ann' }], summary: '2 answers', confidence: 1, agreement: 1 },
    });
  });

  it('treats an answer that has a field named "answer" as a form like any other', () => {
    expect(outcome(decide(s, [{ answer: 'x' }, { answer: 'y' }]))).toBe('completed: 2 answers');
  });
});

describe('super users', () => {
  const s = settings('majority_vote', { ...sentiment, overlap: 3, max_overlap: 3 });
  table([
    [
      'completes at once with a super user answer when override is on',
      s,
      ['positive', superUser('negative')],
      'completed: negative (super user)',
    ],
    ['takes the first super user when two answered', s, [superUser('neutral'), superUser('negative')], 'completed: neutral (super user)'],
    [
      'counts a super user as one helper when override is off',
      { ...s, super_user_override: false },
      ['positive', superUser('negative')],
      'open 1',
    ],
    [
      'lets ordinary helpers outvote a super user when override is off',
      { ...s, super_user_override: false },
      ['positive', superUser('negative'), 'positive'],
      'completed: positive (2/3 agree)',
    ],
    [
      'overrides even unanimous disagreement',
      settings('unanimous', { overlap: 3 }),
      ['yes', 'no', superUser('no')],
      'completed: no (super user)',
    ],
    [
      'overrides a form with the super user form alone',
      settings('majority_vote', { type: 'form', overlap: 3 }),
      [{ a: 1 }, superUser({ a: 2 })],
      'completed: 1 answer (super user)',
    ],
  ]);

  it('gives the super user answer full confidence, in their own spelling, with the agreement of the rest', () => {
    const fill = settings('majority_vote', { type: 'fill', classes: undefined, overlap: 3, max_overlap: 3 });
    const d = decide(fill, ['paris', 'Lyon', superUser(' Paris')]);
    expect(d).toEqual({ kind: 'completed', result: { answer: ' Paris', summary: ' Paris (super user)', confidence: 1, agreement: 2 / 3 } });
  });
});

describe('free-text normalisation', () => {
  const fill = (overlap: number) => settings('majority_vote', { type: 'fill', classes: undefined, overlap, max_overlap: overlap });
  table([
    ['treats "  Paris " and "paris" as the same answer', fill(2), ['  Paris ', 'paris'], 'completed:   Paris  (2/2 agree)'],
    [
      'shows the most frequent spelling of the winning answer',
      fill(4),
      ['paris', 'Paris', 'London', 'Paris'],
      'completed: Paris (3/4 agree)',
    ],
    [
      'collapses inner whitespace and folds full-width letters (NFKC)',
      fill(2),
      ['New  York', 'ｎｅｗ york'],
      'completed: New  York (2/2 agree)',
    ],
    ['still tells different answers apart', fill(2), ['Paris', 'Lyon'], 'needs_review (tie): Paris (1/2 agree)'],
  ]);

  it('compares choices exactly: they come from a fixed list', () => {
    expect(outcome(decide(settings('unanimous', { type: 'multi', overlap: 2, classes: 3 }), ['Red', 'red']))).toBe(
      'needs_review (disagreement): Red (1/2 agree)',
    );
  });

  it('cuts a long answer in the summary but never in the result', () => {
    const long = 'x'.repeat(200);
    const d = decide(fill(1), [long]);
    expect(d.kind === 'completed' && d.result.answer).toBe(long);
    expect(d.kind === 'completed' && d.result.summary).toBe(`${'x'.repeat(79)}… (1/1 agree)`);
  });
});

it('decides the same way every time for the same input', () => {
  const s = settings('dynamic', { type: 'label_text', classes: 4, overlap: 2, max_overlap: 5, min_confidence: 0.9 });
  const answers = [skilled('a', 0.8), 'b', skilled('a', 0.65), 'c', 'b'];
  expect(decide(s, answers)).toEqual(decide(s, answers));
});
