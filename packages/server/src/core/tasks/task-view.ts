import type { Selectable } from 'kysely';
import type { NormalizedTask, Task } from '@minga/api-contracts';
import type { Database } from '../../store/schema.ts';

export type TaskRow = Selectable<Database['tasks']>;

/** The settings kept in the `spec` JSON column: every normalised field that is not a column of its own. */
export type TaskSpec = Omit<NormalizedTask, 'project_id' | 'type' | 'priority' | 'unique_id' | 'metadata' | 'tags'>;

/** Written out field by field: a rest-spread copy cost more than the database write on bulk ingest. */
export function specOf(t: NormalizedTask): TaskSpec {
  return {
    format: t.format,
    description: t.description,
    content: t.content,
    input: t.input,
    answers: t.answers,
    overlap: t.overlap,
    consensus_strategy: t.consensus_strategy,
    quorum: t.quorum,
    max_overlap: t.max_overlap,
    min_confidence: t.min_confidence,
    super_user_override: t.super_user_override,
    known_solutions: t.known_solutions,
    baseline_solutions: t.baseline_solutions,
    message_on_unknown_solution: t.message_on_unknown_solution,
    infinite_overlap: t.infinite_overlap,
    reserved_for: t.reserved_for,
    unavailable_for: t.unavailable_for,
    min_skill_level: t.min_skill_level,
    claim_timeout_minutes: t.claim_timeout_minutes,
    reward: t.reward,
    callback_url: t.callback_url,
    passthrough: t.passthrough,
  };
}

const str = (v: string | null) => (v === null ? 'null' : JSON.stringify(v));

/**
 * The JSON text of {@link taskView} for a row whose JSON columns are already serialised, built by
 * concatenation: a batch of 5,000 tasks is answered without building and re-serialising 5,000 objects.
 * Same fields and values as `JSON.stringify(taskView(row))`; a test holds the two equal.
 */
export function taskJson(row: TaskRow): string {
  return (
    `{"id":${str(row.id)},"project_id":${str(row.project_id)},"type":${str(row.type)},"status":${str(row.status)},` +
    `"test":${row.test === 1},"priority":${row.priority},"metadata":${row.metadata},"unique_id":${str(row.unique_id)},` +
    `"tags":${row.tags},"answer_count":${row.answer_count},"result":${row.result ?? 'null'},` +
    `"created_at":${str(row.created_at)},"updated_at":${str(row.updated_at)},"completed_at":${str(row.completed_at)},` +
    `"callback_succeeded":${row.callback_succeeded === null ? 'null' : row.callback_succeeded === 1},` +
    `"review_status":${str(row.review_status)},"audits":[],"times_redone":${row.times_redone},` +
    `"credits_used":${row.credits_used},"execution_mode":"human",${row.spec.slice(1)}`
  );
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
