import type { Result } from './consensus-types.ts';

/** Summaries are one line in lists and event payloads; a long free-text answer is cut here, not in `answer`. */
const SUMMARY_ANSWER_CHARS = 80;

/** An answer as a summary shows it: strings bare, anything else as JSON, long ones cut with an ellipsis. */
export function describeAnswer(answer: unknown): string {
  const text = typeof answer === 'string' ? answer : (JSON.stringify(answer) ?? 'null');
  const chars = [...text];
  return chars.length > SUMMARY_ANSWER_CHARS ? `${chars.slice(0, SUMMARY_ANSWER_CHARS - 1).join('')}…` : text;
}

/**
 * The result of a vote: `agree` of the `counted` submissions gave `answer`.
 *
 * @example
 * makeResult('positive', 3, 3, 0.93); // { answer: 'positive', summary: 'positive (3/3 agree)', confidence: 0.93, agreement: 1 }
 */
export function makeResult(answer: unknown, agree: number, counted: number, confidence: number): Result {
  return {
    answer,
    summary: `${describeAnswer(answer)} (${agree}/${counted} agree)`,
    confidence,
    agreement: counted === 0 ? 0 : agree / counted,
  };
}
