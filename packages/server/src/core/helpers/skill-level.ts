/** A helper's measured quality: accuracy on control tasks (0–1) and the 1–5 level derived from it. */
export interface Skill {
  answers: number;
  control_answers: number;
  accuracy: number | null;
  level: number;
}

/**
 * Levels rise with accuracy on control tasks. A helper with no control answers yet has level 1: tasks that
 * demand a level are earned, not assumed.
 */
export function skillOf(row: { answers: number; control_answers: number; control_score: number } | undefined): Skill {
  if (!row || row.control_answers === 0) return { answers: row?.answers ?? 0, control_answers: 0, accuracy: null, level: 1 };
  const accuracy = row.control_score / row.control_answers;
  const level = LEVEL_FLOORS.find(([floor]) => accuracy >= floor)?.[1] ?? 1;
  return { answers: row.answers, control_answers: row.control_answers, accuracy, level };
}

/** The accuracy from which each level above 1 starts, highest first. */
const LEVEL_FLOORS = [
  [0.9, 5],
  [0.8, 4],
  [0.7, 3],
  [0.6, 2],
] as const;

/** skillOf's level in SQL (PostgreSQL), of the skills row aliased `k`, which may be missing (a left join). */
export const SKILL_LEVEL_SQL = `case when coalesce(k.control_answers, 0) = 0 then 1 ${LEVEL_FLOORS.map(
  ([floor, level]) => `when cast(k.control_score as double precision) / k.control_answers >= ${floor} then ${level}`,
).join(' ')} else 1 end`;
