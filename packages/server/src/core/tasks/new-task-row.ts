import type { NormalizedTask } from '@minga/api-contracts';
import { initialSlots, isControlTask } from '../work/initial-slots.ts';
import { specOf, type TaskRow } from './task-view.ts';

/** The row a new task is stored as: pending, no answers yet, its settings in the `spec` JSON. */
export function newTaskRow(t: NormalizedTask, at: { id: string; accountId: string; projectId: string; test: number; now: string }): TaskRow {
  return {
    id: at.id,
    account_id: at.accountId,
    project_id: at.projectId,
    test: at.test,
    type: t.type,
    status: 'pending',
    priority: t.priority,
    unique_id: t.unique_id,
    review_status: null,
    answer_count: 0,
    times_redone: 0,
    created_at: at.now,
    updated_at: at.now,
    completed_at: null,
    callback_succeeded: null,
    credits_used: 0,
    spec: JSON.stringify(specOf(t)),
    metadata: JSON.stringify(t.metadata),
    tags: JSON.stringify(t.tags),
    result: null,
    open_slots: initialSlots(t),
    is_control: isControlTask(t) ? 1 : 0,
    min_skill_level: t.min_skill_level,
    restricted: t.reserved_for.length > 0 ? 1 : 0,
    round: 0,
    callback_url: t.callback_url ?? null,
  };
}
