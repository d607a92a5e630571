import { normalizeTask } from '@minga/api-contracts';
import { describe, expect, it } from 'vitest';
import { newTaskRow } from '../../src/core/tasks/new-task-row.ts';
import { taskJson, taskView, type TaskRow } from '../../src/core/tasks/task-view.ts';

function rowFor(body: Record<string, unknown>, extra: Partial<TaskRow> = {}): TaskRow {
  const r = normalizeTask({ project_id: 'p', ...body });
  if (!r.ok) throw new Error(r.message);
  return { ...newTaskRow(r.task, { id: '01a2086f-73a6-7000-bc08-6590cda6affb', accountId: 'a', projectId: 'p', test: 0, now: '2026-11-23T12:00:00.000Z' }), ...extra };
}

describe('taskJson', () => {
  it('says exactly what taskView says, for plain and awkward tasks', () => {
    const rows = [
      rowFor({ type: 'yesno', content: 'Is it "quoted"?\nand\u2028line-separated' }),
      rowFor(
        { type: 'label_text', input: { text: 'ünïcödé 😀', categories: ['a', 'b'] }, unique_id: 'u-"1"', tags: ['x', 'y'], metadata: { nested: { k: [1, null] } }, passthrough: 'p' },
        { test: 1, status: 'completed', review_status: 'accepted', completed_at: '2026-11-23T12:01:00.000Z', callback_succeeded: 1, result: '{"answer":"a","summary":"a (1/1 agree)","confidence":0.7,"agreement":1}', answer_count: 1, times_redone: 2, credits_used: 1.5 },
      ),
      rowFor({ type: 'multi', content: 'Pick', answers: ['one', 'two'], known_solutions: [{ output_values: { answer: 'one' } }] }, { callback_succeeded: 0 }),
    ];
    for (const row of rows) expect(JSON.parse(taskJson(row))).toEqual(JSON.parse(JSON.stringify(taskView(row))));
  });
});
