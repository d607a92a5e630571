import type { ConsensusSettings, Decision, Result } from './consensus-types.ts';
import { plurality, type AnswerGroup } from './group-answers.ts';

/**
 * `quorum` (T4SK `num_answers`): done as soon as `quorum` helpers gave the same answer. Until then it asks
 * for the fewest answers that could still get there (the leading answer's missing votes), and gives up as
 * soon as even that many would pass `max_overlap`, without waiting for answers that could not help.
 * `overlap` plays no part: T4SK has only the number of matching answers.
 *
 * @example
 * // quorum 2, max_overlap 3: yes → wants 1; yes, no → wants 1 (a third helper breaks the tie);
 * // yes, yes → completed; red, green, blue (3 classes) → needs_review ("no quorum").
 */
export function decideQuorum(
  settings: ConsensusSettings,
  groups: readonly AnswerGroup[],
  counted: number,
  resultOf: (g: AnswerGroup) => Result,
): Decision {
  // normalizeTask always sets quorum for this strategy; T4SK's default of one answer covers a bare call.
  const quorum = Math.max(1, settings.quorum ?? 1);
  let reached: AnswerGroup | undefined;
  for (const g of groups) {
    // Answers that raced in together may bring two groups to quorum: the one that got there first wins.
    const at = g.members[quorum - 1];
    if (at !== undefined && (reached === undefined || at < (reached.members[quorum - 1] ?? Infinity))) reached = g;
  }
  if (reached) return { kind: 'completed', result: resultOf(reached) };

  const lead = plurality(groups);
  const missing = quorum - (lead?.top.count ?? 0);
  if (missing <= settings.max_overlap - counted) return { kind: 'open', wanted: missing };
  return { kind: 'needs_review', result: lead ? resultOf(lead.top) : null, reason: 'no quorum' };
}
