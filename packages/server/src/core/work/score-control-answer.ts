import type { ProjectQuality } from '@minga/api-contracts';
import type { Statement } from '../../store/queries/run-sql-batch.ts';
import type { Tx } from '../../store/store.ts';
import { answerKey } from '../consensus/normalize-answer.ts';
import type { NewEvent } from '../events/append-events.ts';
import { skillOf } from '../helpers/skill-level.ts';
import { nowIso } from '../ids.ts';
import type { TaskSpec } from '../tasks/task-view.ts';

export interface ControlFeedback {
  correct: boolean;
  expected: unknown;
  message: string | null;
}

/** The weight of the known solution the answer matches (0 when none does), compared after normalisation. */
export function correctnessOf(type: string, spec: TaskSpec, answer: unknown): { score: number; expected: unknown } {
  const key = answerKey(type as never, answer);
  let best = 0;
  for (const s of spec.known_solutions) if (answerKey(type as never, s.output_values.answer) === key) best = Math.max(best, s.correctness_weight);
  const expected = [...spec.known_solutions].sort((a, b) => b.correctness_weight - a.correctness_weight)[0]?.output_values.answer;
  return { score: best, expected };
}

/**
 * The write that adds one answer (and, for a control answer, its score) to the helper's skill in the project
 * and overall, as one write of a batch (store/queries/run-sql-batch.ts).
 */
export function addToSkillsStatement(helperId: string, projectId: string, delta: { seconds: number; control?: number; fast?: boolean }): Statement {
  const values = [delta.seconds, delta.control === undefined ? 0 : 1, delta.control ?? 0, delta.fast ? 1 : 0];
  return { text: ADD_TO_SKILLS, params: [helperId, projectId, ...values, helperId, '*', ...values] };
}

const ADD_TO_SKILLS = `insert into skills (helper_id, project_id, answers, seconds, control_answers, control_score, fast_answers)
  values (?, ?, 1, ?, ?, ?, ?), (?, ?, 1, ?, ?, ?, ?)
  on conflict (helper_id, project_id) do update set answers = skills.answers + excluded.answers, seconds = skills.seconds + excluded.seconds,
  control_answers = skills.control_answers + excluded.control_answers, control_score = skills.control_score + excluded.control_score,
  fast_answers = skills.fast_answers + excluded.fast_answers`;

/**
 * Applies the project's quality rules after an answer: a helper whose control accuracy fell below the
 * threshold (after enough control answers), or who answered too fast too often, is banned from the project.
 * Returns the ban's event, for the caller to write after the answer's own.
 */
export async function applyQualityRules(tx: Tx, rules: ProjectQuality, ids: { accountId: string; helperId: string; projectId: string }): Promise<NewEvent[]> {
  if (rules.ban_below_accuracy === null && rules.min_seconds_per_task === null) return [];
  const { accountId, helperId, projectId } = ids;
  const row = await tx.selectFrom('skills').selectAll().where('helper_id', '=', helperId).where('project_id', '=', projectId).executeTakeFirst();
  if (!row) return [];
  const skill = skillOf(row);
  let reason: string | null = null;
  if (rules.ban_below_accuracy !== null && row.control_answers >= rules.ban_min_control_answers && (skill.accuracy ?? 1) < rules.ban_below_accuracy) {
    reason = `accuracy ${(skill.accuracy ?? 0).toFixed(2)} on control tasks is below ${rules.ban_below_accuracy}`;
  } else if (rules.min_seconds_per_task !== null && row.fast_answers >= rules.ban_after_fast_answers) {
    reason = `${row.fast_answers} answers faster than ${rules.min_seconds_per_task} s`;
  }
  if (reason === null) return [];
  const banned = await tx
    .updateTable('helper_projects')
    .set({ banned_at: nowIso(), ban_reason: reason })
    .where('user_id', '=', helperId)
    .where('project_id', '=', projectId)
    .where('banned_at', 'is', null)
    .executeTakeFirst();
  return Number(banned.numUpdatedRows) === 1 ? [{ accountId, type: 'helper.banned', projectId, data: { helper_id: helperId, reason } }] : [];
}
