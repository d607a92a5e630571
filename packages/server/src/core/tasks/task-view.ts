import type { Selectable } from 'kysely';
import type { NormalizedTask, Task } from '@minga/api-contracts';
import type { Database } from '../../store/schema.ts';

export type TaskRow = Selectable<Database['tasks']>;

/** The settings kept in the `spec` JSON column: every normalised field that is not a column of its own. */
export type TaskSpec = Omit<NormalizedTask, 'project_id' | 'type' | 'priority' | 'unique_id' | 'metadata' | 'tags'>;

export function specOf(t: NormalizedTask): TaskSpec {
  const { project_id: _p, type: _t, priority: _pr, unique_id: _u, metadata: _m, tags: _g, ...spec } = t;
  return spec;
}

/** A task row as the API shows it; `submissions` only where the caller loaded them. */
export function taskView(row: TaskRow, spec: TaskSpec = JSON.parse(row.spec) as TaskSpec): Task {
  return {
    id: row.id,
    project_id: row.project_id,
    type: row.type as Task['type'],
    status: row.status as Task['status'],
    test: row.test === 1,
    format: spec.format,
    description: spec.description,
    content: spec.content,
    input: spec.input,
    answers: spec.answers,
    priority: row.priority,
    overlap: spec.overlap,
    consensus_strategy: spec.consensus_strategy,
    quorum: spec.quorum,
    max_overlap: spec.max_overlap,
    min_confidence: spec.min_confidence,
    super_user_override: spec.super_user_override,
    known_solutions: spec.known_solutions,
    baseline_solutions: spec.baseline_solutions,
    message_on_unknown_solution: spec.message_on_unknown_solution,
    infinite_overlap: spec.infinite_overlap,
    reserved_for: spec.reserved_for,
    unavailable_for: spec.unavailable_for,
    min_skill_level: spec.min_skill_level,
    claim_timeout_minutes: spec.claim_timeout_minutes,
    reward: spec.reward,
    callback_url: spec.callback_url,
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
    passthrough: spec.passthrough,
    unique_id: row.unique_id,
    tags: JSON.parse(row.tags) as string[],
    answer_count: row.answer_count,
    result: row.result === null ? null : (JSON.parse(row.result) as Task['result']),
    created_at: row.created_at,
    updated_at: row.updated_at,
    completed_at: row.completed_at,
    callback_succeeded: row.callback_succeeded === null ? null : row.callback_succeeded === 1,
    review_status: row.review_status as Task['review_status'],
    audits: [],
    times_redone: row.times_redone,
    credits_used: row.credits_used,
    execution_mode: 'human',
  };
}
