import { answerSchemaFor, zodIssues, type Task, type TaskType } from '@minga/api-contracts';
import type { Capabilities } from '../../store/capabilities.ts';
import { runSql } from '../../store/queries/run-sql.ts';
import type { Store, Tx } from '../../store/store.ts';
import { toCredits } from '../credits/credit-amounts.ts';
import { costOfSettling, refundTaskCredits, settleTaskCredits } from '../credits/settle-task-credits.ts';
import { DomainError } from '../domain-error.ts';
import { appendEvents } from '../events/append-events.ts';
import { newId, nowIso } from '../ids.ts';
import { moveStatus } from '../projects/move-status.ts';
import type { Principal } from '../principal.ts';
import { getTask } from './get-task.ts';
import { findTaskToChange } from './find-task.ts';
import type { TaskSpec } from './task-view.ts';

type AuditResult = 'accepted' | 'rejected' | 'fixed';

/**
 * The requester's review of a result (Scale's audits). `accepted` keeps the result, `fixed` replaces it with
 * the requester's answer; both complete a task waiting in review. `rejected` records the verdict; a redo
 * then asks for new answers.
 */
export async function auditTask(store: Store, p: Principal, id: string, input: { result: AuditResult; response?: unknown }, credits = false): Promise<Task> {
  await store.transaction(async (tx) => {
    const row = await findTaskToChange(tx, store.caps, p, id);
    if (row.status !== 'completed' && row.status !== 'needs_review') {
      throw new DomainError('conflict', `a ${row.status} task has no result to audit`, { status: row.status });
    }
    const spec = JSON.parse(row.spec) as TaskSpec;
    let result = row.result;
    if (input.result === 'fixed') {
      const checked = answerSchemaFor(row.type as TaskType, spec.input, spec.answers ?? undefined).safeParse(input.response);
      if (input.response === undefined || !checked.success) {
        throw new DomainError('validation_error', 'response: a fix needs the right answer, in the shape of the task type', checked.success ? [{ field: 'response', message: 'is required' }] : zodIssues(checked.error, 'response'));
      }
      const previous = row.result ? (JSON.parse(row.result) as { agreement?: number }) : null;
      result = JSON.stringify({ answer: checked.data, summary: 'fixed by the requester', confidence: 1, agreement: previous?.agreement ?? 0 });
    }
    const now = nowIso();
    const status = input.result === 'rejected' ? row.status : 'completed';
    // A result accepted out of review pays the round's answers; a rejected one gives the reservation back.
    // A task completed by consensus was paid then.
    const accepting = row.status === 'needs_review' && status === 'completed';
    const accepted = accepting ? await roundHelpers(tx, store.caps, row.id, row.round) : [];
    const cost = accepting ? costOfSettling(row, spec, accepted.length) : { work: 0, fee: 0 };
    await tx
      .updateTable('tasks')
      .set((eb) => ({
        review_status: input.result,
        result,
        status,
        completed_at: status === 'completed' ? (row.completed_at ?? now) : row.completed_at,
        updated_at: now,
        credits_used: eb('credits_used', '+', toCredits(cost.work + cost.fee)),
      }))
      .where('id', '=', id)
      .execute();
    if (credits && accepting) await settleTaskCredits(tx, store.caps, row, spec, accepted);
    if (credits && row.status === 'needs_review' && input.result === 'rejected') await refundTaskCredits(tx, store.caps, row);
    if (row.test === 0) await moveStatus(tx, store.caps, row.project_id, row.status, status);
    const auditedBy = p.userId ?? `key:${p.keyId}`;
    await tx
      .insertInto('audits')
      .values({ id: newId(), account_id: row.account_id, task_id: id, result: input.result, response: input.response === undefined ? null : JSON.stringify(input.response), audited_by: auditedBy, audited_at: now })
      .execute();
    const events = [{ accountId: row.account_id, type: 'audit.created', taskId: id, projectId: row.project_id, data: { result: input.result } }];
    if (status === 'completed' && row.status !== 'completed') {
      events.push({ accountId: row.account_id, type: 'task.completed', taskId: id, projectId: row.project_id, data: { result: input.result } });
    }
    await appendEvents(tx, store.caps, events);
  });
  return getTask(store, p, id);
}

/** The helpers whose answers count in the task's current round (one entry per answer). */
async function roundHelpers(tx: Tx, caps: Capabilities, taskId: string, round: number): Promise<string[]> {
  const { rows } = await runSql<{ helper_id: string }>(tx, caps, 'select helper_id from submissions where task_id = ? and round = ? and is_control = 0', [taskId, round]);
  return rows.map((r) => r.helper_id);
}
