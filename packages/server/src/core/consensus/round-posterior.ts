import { answerPosterior, classCount, helperAccuracy, priorAccuracy, type Vote } from './answer-posterior.ts';
import type { ConsensusSettings, ConsensusSubmission } from './consensus-types.ts';
import type { AnswerGroup } from './group-answers.ts';
import { answerKey } from './normalize-answer.ts';

export interface RoundPosterior {
  /** Posterior of every answered class: the helpers' groups first, then classes only a baseline named. */
  posterior: Map<string, number>;
  /** The original answer of each class only a baseline named, so it can still be offered as a best guess. */
  priorOnly: Map<string, unknown>;
}

/**
 * The posterior of a round's answers, weighing each helper by their accuracy, and with `withPriors` the
 * task's baseline solutions too (only `dynamic` uses them: SPEC §3.3). Votes are summed in submission
 * order, so the same round always gives the same floating-point numbers.
 */
export function roundPosterior(
  settings: ConsensusSettings,
  submissions: readonly ConsensusSubmission[],
  groups: readonly AnswerGroup[],
  withPriors: boolean,
): RoundPosterior {
  const priors = (withPriors ? settings.baseline_solutions : []).map((b) => ({
    key: answerKey(settings.type, b.output_values.answer),
    answer: b.output_values.answer,
    weight: b.confidence_weight,
  }));
  const priorOnly = new Map<string, unknown>();
  const helperKeys = new Set(groups.map((g) => g.key));
  for (const p of priors) if (!helperKeys.has(p.key) && !priorOnly.has(p.key)) priorOnly.set(p.key, p.answer);

  const keys = [...helperKeys, ...priorOnly.keys()];
  const k = classCount(settings.classes, keys.length);
  const keyOf: string[] = [];
  for (const g of groups) for (const i of g.members) keyOf[i] = g.key;
  const votes: Vote[] = [
    ...priors.map((p) => ({ key: p.key, accuracy: priorAccuracy(p.weight, k) })),
    ...submissions.map((s, i) => ({ key: keyOf[i] ?? '', accuracy: helperAccuracy(s.accuracy, k) })),
  ];
  return { posterior: answerPosterior(keys, votes, k), priorOnly };
}
