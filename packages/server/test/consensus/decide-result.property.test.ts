import fc from 'fast-check';
import { expect, it } from 'vitest';
import { CONSENSUS_STRATEGIES, type TaskType } from '@minga/api-contracts';
import type { ConsensusSettings, ConsensusSubmission, Decision } from '../../src/core/consensus/consensus-types.ts';
import { decideResult } from '../../src/core/consensus/decide-result.ts';
import { answerKey } from '../../src/core/consensus/normalize-answer.ts';

/** A task type with the answers a helper may give; free-text and form answers come in several spellings. */
interface Kind {
  type: TaskType;
  answers: unknown[];
  classes: number | undefined;
}

const LABELS = ['cat', 'dog', 'bird', 'fish', 'frog'];

const choiceKind: fc.Arbitrary<Kind> = fc.oneof(
  fc.constant<Kind>({ type: 'yesno', answers: ['yes', 'no'], classes: 2 }),
  fc.constant<Kind>({ type: 'rate_quality', answers: [1, 2, 3, 4, 5], classes: 5 }),
  fc
    .record({ type: fc.constantFrom<TaskType>('label_text', 'categorization', 'label_image', 'multi'), n: fc.integer({ min: 2, max: 5 }) })
    .map(({ type, n }) => ({ type, answers: LABELS.slice(0, n), classes: n })),
);

/** Spellings that normalise to two distinct answers, so agreement and disagreement both occur. */
const textKind: fc.Arbitrary<Kind> = fc.constantFrom<Kind>(
  { type: 'fill', answers: ['Paris', ' paris', 'PARIS  ', 'Lyon', 'lyon '], classes: undefined },
  { type: 'form', answers: [{ city: 'Paris', n: 1 }, { n: 1, city: ' paris' }, { city: 'Lyon', n: 1 }], classes: undefined },
);

const anyKind = fc.oneof(choiceKind, textKind);

/** Valid settings for a kind, as normalizeTask would let through (max_overlap ≥ overlap, quorum ≤ max_overlap). */
const settingsFor = (kind: Kind, strategies: readonly ConsensusSettings['consensus_strategy'][] = CONSENSUS_STRATEGIES) =>
  fc
    .record({
      consensus_strategy: fc.constantFrom(...strategies),
      overlap: fc.integer({ min: 1, max: 6 }),
      extra: fc.integer({ min: 0, max: 4 }),
      quorumShare: fc.double({ min: 0, max: 1, noNaN: true }),
      min_confidence: fc.double({ min: 0.5, max: 0.99, noNaN: true }),
      super_user_override: fc.boolean(),
      baseline: fc.array(fc.record({ i: fc.nat(), weight: fc.double({ min: 0, max: 1, noNaN: true }) }), { maxLength: 2 }),
    })
    .map(({ extra, quorumShare, baseline, ...s }): ConsensusSettings => {
      const max_overlap = s.overlap + extra;
      return {
        ...s,
        type: kind.type,
        classes: kind.classes,
        max_overlap,
        quorum: 1 + Math.floor(quorumShare * (max_overlap - 1)),
        baseline_solutions: baseline.map((b) => ({
          output_values: { answer: kind.answers[b.i % kind.answers.length] },
          confidence_weight: b.weight,
        })),
      };
    });

/** One helper in five is a super user, unless `superUsers` is false; accuracies are unmeasured or anything in 0..1. */
const submissionsFor = (kind: Kind, maxLength: number, superUsers = true): fc.Arbitrary<ConsensusSubmission[]> =>
  fc
    .array(
      fc.record({
        answer: fc.constantFrom(...kind.answers),
        superUser: superUsers ? fc.oneof({ arbitrary: fc.constant(false), weight: 4 }, fc.constant(true)) : fc.constant(false),
        accuracy: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
      }),
      { maxLength },
    )
    .map((xs) => xs.map(({ accuracy, ...x }, i) => ({ helperId: `h${i + 1}`, ...x, ...(accuracy === undefined ? {} : { accuracy }) })));

/** The most answers a task may ever hold: strategies that extend go to max_overlap, the rest stop at overlap. */
const capOf = (s: ConsensusSettings): number =>
  s.type !== 'form' && ['majority_vote', 'quorum', 'dynamic'].includes(s.consensus_strategy) ? s.max_overlap : s.overlap;

/** A kind of task, settings for it, and submissions up to what it may hold (plus `excess`). */
const taskCase = (kinds: fc.Arbitrary<Kind>, excess = 0) =>
  kinds.chain((kind) =>
    settingsFor(kind).chain((s) => submissionsFor(kind, capOf(s) + excess).map((subs) => ({ kind, s, subs }))),
  );

it('never wants a negative or zero number of answers, nor more than the task may hold', () => {
  fc.assert(
    fc.property(taskCase(anyKind), ({ s, subs }) => {
      // Every prefix is a moment the engine decides at: after each submission.
      for (let n = 0; n <= subs.length; n++) {
        const d = decideResult(s, subs.slice(0, n));
        if (d.kind !== 'open') continue;
        expect(d.wanted).toBeGreaterThanOrEqual(1);
        expect(n + d.wanted).toBeLessThanOrEqual(capOf(s));
      }
    }),
    { numRuns: 500 },
  );
});

it('decides the same way whatever the answers are called (choice types)', () => {
  fc.assert(
    fc.property(
      taskCase(choiceKind, 1).chain((c) =>
        fc.shuffledSubarray(c.kind.answers, { minLength: c.kind.answers.length }).map((renamed) => ({ ...c, renamed })),
      ),
      ({ kind, s, subs, renamed }) => {
        const rename = (a: unknown): unknown => renamed[kind.answers.indexOf(a)];
        const renamedSettings = {
          ...s,
          baseline_solutions: s.baseline_solutions.map((b) => ({ ...b, output_values: { answer: rename(b.output_values.answer) } })),
        };
        const before = decideResult(s, subs);
        const after = decideResult(renamedSettings, subs.map((x) => ({ ...x, answer: rename(x.answer) })));
        expect(after).toEqual(renamedDecision(before, rename));
      },
    ),
    { numRuns: 500 },
  );
});

function renamedDecision(d: Decision, rename: (a: unknown) => unknown): Decision {
  if (d.kind === 'open' || !d.result) return d;
  const answer = rename(d.result.answer);
  const result = { ...d.result, answer, summary: d.result.summary.replace(String(d.result.answer), String(answer)) };
  return { ...d, result };
}

it('completes unanimous answers with agreement 1, under every strategy but requester_review', () => {
  const strategies = CONSENSUS_STRATEGIES.filter((x) => x !== 'requester_review');
  fc.assert(
    fc.property(
      anyKind.chain((kind) =>
        fc.record({
          kind: fc.constant(kind),
          s: settingsFor(kind, strategies),
          pick: fc.nat(),
          spellings: fc.array(fc.nat(), { minLength: 30, maxLength: 30 }),
          // Dynamic can only promise to finish when helpers are at least as good as the threshold asks:
          // one answer of accuracy q has confidence q, and each agreeing answer adds to it.
          accuracy: fc.option(fc.double({ min: 0.7, max: 1, noNaN: true }), { nil: undefined }),
          threshold: fc.double({ min: 0.5, max: 0.7, noNaN: true }),
        }),
      ),
      ({ kind, s, pick, spellings, accuracy, threshold }) => {
        const settings = { ...s, baseline_solutions: [], min_confidence: threshold };
        const same = kind.answers.filter((a) => answerKey(kind.type, a) === answerKey(kind.type, kind.answers[pick % kind.answers.length]));
        const subs: ConsensusSubmission[] = [];
        let d = decideResult(settings, subs);
        while (d.kind === 'open' && subs.length < 40) {
          for (let i = 0; i < d.wanted; i++) {
            const answer = same[(spellings[subs.length % spellings.length] ?? 0) % same.length];
            subs.push({ helperId: `h${subs.length + 1}`, answer, superUser: false, ...(accuracy === undefined ? {} : { accuracy }) });
          }
          d = decideResult(settings, subs);
        }
        expect(d.kind).toBe('completed');
        expect(d.kind === 'completed' && d.result.agreement).toBe(1);
      },
    ),
    { numRuns: 500 },
  );
});

it('completes at once, with the super user answer, when a super user answers and override is on', () => {
  fc.assert(
    fc.property(
      anyKind.chain((kind) => fc.tuple(fc.constant(kind), settingsFor(kind), submissionsFor(kind, 10, false), fc.nat())),
      ([kind, s, others, pick]) => {
        const answer = kind.answers[pick % kind.answers.length];
        const d = decideResult({ ...s, super_user_override: true }, [...others, { helperId: 'boss', answer, superUser: true }]);
        expect(d.kind).toBe('completed');
        expect(d.kind === 'completed' && d.result).toMatchObject({ answer: kind.type === 'form' ? [answer] : answer, confidence: 1 });
      },
    ),
    { numRuns: 500 },
  );
});
