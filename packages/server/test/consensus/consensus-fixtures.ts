import type { ConsensusSettings, ConsensusSubmission, Decision } from '../../src/core/consensus/consensus-types.ts';

/** Settings of a yes/no task with `strategy`; tests override what they are about. */
export function settings(strategy: ConsensusSettings['consensus_strategy'], over: Partial<ConsensusSettings> = {}): ConsensusSettings {
  return {
    type: 'yesno',
    consensus_strategy: strategy,
    overlap: 1,
    max_overlap: 1,
    quorum: null,
    min_confidence: null,
    super_user_override: true,
    baseline_solutions: [],
    classes: 2,
    ...over,
  };
}

/** Marks a table entry that says who answered, so that a form answer with an `answer` field stays an answer. */
const WHO = Symbol('who');
interface Who {
  [WHO]: true;
  answer: unknown;
  superUser?: boolean;
  accuracy?: number;
}
const isWho = (g: unknown): g is Who => typeof g === 'object' && g !== null && WHO in g;

export const superUser = (answer: unknown): Who => ({ [WHO]: true, answer, superUser: true });
/** A helper whose measured accuracy on control tasks is `accuracy`. */
export const skilled = (answer: unknown, accuracy: number): Who => ({ [WHO]: true, answer, accuracy });

/** Submissions from distinct helpers h1, h2, … in the order given: bare answers or `superUser()`/`skilled()`. */
export function submissions(given: readonly unknown[]): ConsensusSubmission[] {
  return given.map((g, i) => {
    const who = isWho(g) ? g : { answer: g };
    return {
      helperId: `h${i + 1}`,
      answer: who.answer,
      superUser: ('superUser' in who && who.superUser) || false,
      ...('accuracy' in who && who.accuracy !== undefined ? { accuracy: who.accuracy } : {}),
    };
  });
}

/** A decision as one readable line: `open 2`, `completed: yes (2/2 agree)`, `needs_review (tie): yes (2/4 agree)`. */
export function outcome(d: Decision): string {
  if (d.kind === 'open') return `open ${d.wanted}`;
  if (d.kind === 'completed') return `completed: ${d.result.summary}`;
  return `needs_review (${d.reason}): ${d.result?.summary ?? 'no result'}`;
}
