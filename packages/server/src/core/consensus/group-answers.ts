import type { TaskType } from '@minga/api-contracts';
import { answerKey } from './normalize-answer.ts';

/** The submissions that gave one answer, compared by answer key. */
export interface AnswerGroup {
  key: string;
  /** The most frequent original spelling in the group (the first seen on a tie): what a result shows. */
  answer: unknown;
  count: number;
  /** Indexes, in submission order, of the submissions in this group. */
  members: number[];
}

/**
 * Groups answers by their key, in order of each group's first appearance: every later tie-break
 * ("first seen wins") relies on that order, which also makes the outcome the same on every replay.
 */
export function groupAnswers(type: TaskType, answers: readonly unknown[]): AnswerGroup[] {
  const groups = new Map<string, { members: number[]; spellings: Map<string, { answer: unknown; count: number }> }>();
  answers.forEach((answer, i) => {
    const key = answerKey(type, answer);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { members: [], spellings: new Map() }));
    group.members.push(i);
    // The exact original value, so "Paris" and "paris" are told apart as spellings of one answer.
    const spelling = JSON.stringify(answer) ?? 'null';
    const seen = group.spellings.get(spelling);
    if (seen) seen.count += 1;
    else group.spellings.set(spelling, { answer, count: 1 });
  });
  return [...groups].map(([key, g]) => ({
    key,
    answer: firstLargest([...g.spellings.values()])?.answer,
    count: g.members.length,
    members: g.members,
  }));
}

/** The first item with the largest count: ties go to the one seen first. */
function firstLargest<T extends { count: number }>(items: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const item of items) if (!best || item.count > best.count) best = item;
  return best;
}

/** The largest group (first seen on a tie), and whether no other group is as large; null without answers. */
export function plurality(groups: readonly AnswerGroup[]): { top: AnswerGroup; unique: boolean } | null {
  const top = firstLargest(groups);
  if (!top) return null;
  return { top, unique: groups.filter((g) => g.count === top.count).length === 1 };
}
