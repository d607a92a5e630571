import type { ConsensusSettings, ConsensusSubmission, Decision, Result, ReviewReason } from './consensus-types.ts';
import { decideDynamic } from './decide-dynamic.ts';
import { decideQuorum } from './decide-quorum.ts';
import { groupAnswers, plurality, type AnswerGroup } from './group-answers.ts';
import { describeAnswer, makeResult } from './make-result.ts';
import { answerKey } from './normalize-answer.ts';
import { roundPosterior } from './round-posterior.ts';

const open = (wanted: number): Decision => ({ kind: 'open', wanted });
const completed = (result: Result): Decision => ({ kind: 'completed', result });
const review = (result: Result | null, reason: ReviewReason): Decision => ({ kind: 'needs_review', result, reason });

/**
 * Turns the answers of a task's current round into a decision (SPEC §3.3): still open and wanting more
 * answers, completed with a result, or handed to the requester with the best guess and a reason.
 *
 * Pure and deterministic: the same settings and submissions (in submission order) always give the same
 * decision, and every tie goes to the answer seen first. It never asks for answers past `max_overlap`
 * (past `overlap` for the strategies that do not extend), so the engine may lease exactly `wanted`.
 *
 * @example
 * decideResult(
 *   { type: 'yesno', consensus_strategy: 'majority_vote', overlap: 3, max_overlap: 3, quorum: null,
 *     min_confidence: null, super_user_override: true, baseline_solutions: [], classes: 2 },
 *   [{ helperId: 'h1', answer: 'yes', superUser: false }, { helperId: 'h2', answer: 'yes', superUser: false }],
 * ); // { kind: 'open', wanted: 1 }
 */
export function decideResult(settings: ConsensusSettings, submissions: readonly ConsensusSubmission[]): Decision {
  const counted = submissions.length;
  const groups = groupAnswers(settings.type, submissions.map((s) => s.answer));

  const superUser = settings.super_user_override ? submissions.find((s) => s.superUser) : undefined;
  if (superUser) return completed(superUserResult(settings, superUser, groups, counted));

  if (settings.type === 'form') return decideForm(settings, submissions, groups);

  // Confidence of a vote is the posterior of its answer given the helpers alone; baseline priors belong
  // to `dynamic`, which computes its own.
  const { posterior } = roundPosterior(settings, submissions, groups, false);
  const resultOf = (g: AnswerGroup): Result => makeResult(g.answer, g.count, counted, posterior.get(g.key) ?? 0);
  const lead = plurality(groups);
  const suggestion = lead ? resultOf(lead.top) : null;

  switch (settings.consensus_strategy) {
    case 'any_first': {
      const first = groups[0];
      return first ? completed(resultOf(first)) : open(1);
    }
    case 'majority_vote': {
      if (counted < settings.overlap) return open(settings.overlap - counted);
      if (lead?.unique && suggestion) return completed(suggestion);
      // A tie is broken by one more helper at a time, as far as max_overlap allows.
      return counted < settings.max_overlap ? open(1) : review(suggestion, 'tie');
    }
    case 'unanimous':
      // Once two answers differ no further answer can make them unanimous: stop leasing at once.
      if (groups.length > 1) return review(suggestion, 'disagreement');
      if (counted < settings.overlap || !suggestion) return open(settings.overlap - counted);
      return completed(suggestion);
    case 'requester_review':
      return counted < settings.overlap ? open(settings.overlap - counted) : review(suggestion, 'requester review');
    case 'quorum':
      return decideQuorum(settings, groups, counted, resultOf);
    case 'dynamic':
      return decideDynamic(settings, submissions, groups);
  }
}

/**
 * A super user's answer overrides consensus (T4SK): it is the result, with their own spelling and full
 * confidence; agreement still tells how many others said the same. For a form the result keeps its shape,
 * an array of answers, holding just the super user's.
 */
function superUserResult(
  settings: ConsensusSettings,
  superUser: ConsensusSubmission,
  groups: readonly AnswerGroup[],
  counted: number,
): Result {
  const key = answerKey(settings.type, superUser.answer);
  const agree = groups.find((g) => g.key === key)?.count ?? 1;
  const isForm = settings.type === 'form';
  return {
    answer: isForm ? [superUser.answer] : superUser.answer,
    summary: `${isForm ? '1 answer' : describeAnswer(superUser.answer)} (super user)`,
    confidence: 1,
    agreement: agree / counted,
  };
}

/**
 * Forms have no consensus (T4SK: it cannot know how to compare them): after `overlap` answers the result
 * is all of them, in order. With no model of a form's answers, confidence is simply the agreement: the
 * share of helpers who filled in the most common form. A requester who asked to review still reviews.
 */
function decideForm(settings: ConsensusSettings, submissions: readonly ConsensusSubmission[], groups: readonly AnswerGroup[]): Decision {
  const counted = submissions.length;
  if (counted < settings.overlap) return open(settings.overlap - counted);
  const agreement = (plurality(groups)?.top.count ?? 0) / counted;
  const result: Result = {
    answer: submissions.map((s) => s.answer),
    summary: `${counted} ${counted === 1 ? 'answer' : 'answers'}`,
    confidence: agreement,
    agreement,
  };
  return settings.consensus_strategy === 'requester_review' ? review(result, 'requester review') : completed(result);
}
