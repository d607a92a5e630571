import type { Selectable } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { TaskRow, TaskSpec } from '../tasks/task-view.ts';

/**
 * A task as a helper sees it: the work and its form, never the requester's private fields (passthrough,
 * metadata, known solutions, unique_id, callback) and never whether it is a control task.
 */
export function helperTaskView(row: TaskRow, spec: TaskSpec = JSON.parse(row.spec) as TaskSpec) {
  return {
    id: row.id,
    project_id: row.project_id,
    type: row.type,
    format: spec.format,
    description: spec.description,
    content: spec.content,
    input: spec.input,
    answers: spec.answers,
    reward: spec.reward,
    claim_timeout_minutes: spec.claim_timeout_minutes,
  };
}

export function assignmentView(a: Selectable<Database['assignments']>, task?: TaskRow, spec?: TaskSpec) {
  return {
    id: a.id,
    task_id: a.task_id,
    project_id: a.project_id,
    status: a.status,
    claimed_at: a.claimed_at,
    lease_expires_at: a.lease_expires_at,
    finished_at: a.finished_at,
    ...(task ? { task: helperTaskView(task, spec) } : {}),
  };
}
export type AssignmentView = ReturnType<typeof assignmentView>;
