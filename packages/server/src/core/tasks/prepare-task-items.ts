import { normalizeTask, type FieldIssue, type NormalizedTask, type TaskDefaults } from '@minga/api-contracts';
import type { ErrorCode } from '@minga/api-contracts';
import type { Tx } from '../../store/store.ts';
import type { Principal } from '../principal.ts';

export interface ItemError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** One request item that passed validation, bound to its project. */
export interface PreparedItem {
  index: number;
  projectId: string;
  task: NormalizedTask;
}

export interface PreparedBatch {
  valid: PreparedItem[];
  errors: Map<number, ItemError>;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Validates every item of a create request against its project's defaults. Pure apart from one read of
 * the projects the items name; nothing is written.
 */
export async function prepareTaskItems(tx: Tx, p: Principal, items: unknown[]): Promise<PreparedBatch> {
  const errors = new Map<number, ItemError>();
  const projectIds = new Set<string>();
  const wanted: (string | null)[] = items.map((item, index) => {
    if (!isPlainObject(item)) {
      errors.set(index, { code: 'validation_error', message: 'a task must be a JSON object', details: [{ field: '(body)', message: 'must be an object' }] });
      return null;
    }
    const named = typeof item.project_id === 'string' ? item.project_id : null;
    if (p.projectId !== null && named !== null && named !== p.projectId) {
      errors.set(index, { code: 'not_found', message: 'project not found', details: [{ field: 'project_id', message: 'project not found' }] });
      return null;
    }
    const id = named ?? p.projectId;
    if (id === null) {
      errors.set(index, { code: 'validation_error', message: 'project_id: is required', details: [{ field: 'project_id', message: 'is required' }] });
      return null;
    }
    if (id.length <= 64) projectIds.add(id);
    return id;
  });

  const defaults = new Map<string, TaskDefaults>();
  const ids = [...projectIds];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await tx
      .selectFrom('projects')
      .select(['id', 'defaults'])
      .where('account_id', '=', p.accountId)
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const row of rows) defaults.set(row.id, JSON.parse(row.defaults) as TaskDefaults);
  }

  const valid: PreparedItem[] = [];
  const seenUnique = new Map<string, number>();
  items.forEach((item, index) => {
    const projectId = wanted[index];
    if (projectId === null || projectId === undefined) return;
    const projectDefaults = defaults.get(projectId);
    if (!projectDefaults) {
      errors.set(index, { code: 'not_found', message: 'project not found', details: [{ field: 'project_id', message: 'project not found' }] });
      return;
    }
    const result = normalizeTask(item, projectDefaults);
    if (!result.ok) {
      errors.set(index, { code: result.code, message: result.message, details: result.details });
      return;
    }
    const uid = result.task.unique_id;
    if (uid !== null) {
      const first = seenUnique.get(uid);
      if (first !== undefined) {
        errors.set(index, { code: 'conflict', message: `unique_id ${uid} repeats item ${first} of this request`, details: { unique_id: uid, first_index: first } });
        return;
      }
      seenUnique.set(uid, index);
    }
    valid.push({ index, projectId, task: result.task });
  });
  return { valid, errors };
}

/** Flattens per-item errors into field issues of the whole request, e.g. `[3].priority`. */
export function batchIssues(errors: Map<number, ItemError>, single: boolean): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const [index, e] of [...errors].sort((a, b) => a[0] - b[0])) {
    const prefix = single ? '' : `[${index}].`;
    const details = Array.isArray(e.details) ? (e.details as FieldIssue[]) : [{ field: '(item)', message: e.message }];
    for (const d of details) out.push({ field: single ? d.field : `${prefix}${d.field}`.replace(/\.\(body\)$/, ''), message: d.message });
  }
  return out;
}
