import type { ConsensusSettings, ConsensusSubmission, Decision } from './consensus-types.ts';
import type { AnswerGroup } from './group-answers.ts';
import { makeResult } from './make-result.ts';
import { roundPosterior } from './round-posterior.ts';

/** The default of `normalizeTask` for `dynamic`, for a caller that passes no threshold. */
const DEFAULT_MIN_CONFIDENCE = 0.85;

/** A posterior equal to the threshold on paper must not be refused for a rounding error in the last bit. */
const EPSILON = 1e-9;

/**
 * `dynamic` (Toloka dynamic overlap, "incremental relabelling"): collects `overlap` answers, then one more
 * at a time until the most probable answer reaches `min_confidence`, or `max_overlap` answers are in.
 *
 * Helpers weigh by their accuracy and baseline solutions count as prior votes (see answer-posterior.ts).
 * A class only a baseline named can be the best guess offered for review, but never completes the task
 * on its own: a result is something a helper answered, so a prior that contradicts the helpers makes the
 * task ask for more answers rather than overrule them.
 */
export function decideDynamic(
  settings: ConsensusSettings,
  submissions: readonly ConsensusSubmission[],
  groups: readonly AnswerGroup[],
): Decision {
  const counted = submissions.length;
  if (counted < settings.overlap) return { kind: 'open', wanted: settings.overlap - counted };

  const { posterior, priorOnly } = roundPosterior(settings, submissions, groups, true);
  let bestKey: string | undefined;
  let best = -1;
  // Map order puts helpers' answers first (in order of appearance), so ties favour what helpers said.
  for (const [key, p] of posterior) if (p > best) [bestKey, best] = [key, p];
  const group = groups.find((g) => g.key === bestKey);
  const result = group
    ? makeResult(group.answer, group.count, counted, best)
    : bestKey !== undefined
      ? makeResult(priorOnly.get(bestKey), 0, counted, best)
      : null;

  const threshold = settings.min_confidence ?? DEFAULT_MIN_CONFIDENCE;
  if (group && result && best >= threshold - EPSILON) return { kind: 'completed', result };
  if (counted < Math.max(settings.overlap, settings.max_overlap)) return { kind: 'open', wanted: 1 };
  return { kind: 'needs_review', result, reason: 'low confidence' };
}
