// The @example blocks of src/resources/tasks.ts, type-checked.
import { verifyWebhook } from '@minga/sdk';
import { minga, projectId, taskId, manyTasks } from './context.ts';

export async function tasksCreate(): Promise<void> {
  const task = await minga.tasks.create({
    project_id: projectId,
    type: 'label_text',
    input: { text: 'The new phone is great!', categories: ['positive', 'negative'] },
    overlap: 3,
    unique_id: 'review-1',
  });
  console.log(task.id, task.status);
}

export async function tasksCreateMany(): Promise<void> {
  const batch = await minga.tasks.createMany(
    [
      { project_id: projectId, type: 'yesno', content: 'Is this a cat?' },
      { project_id: projectId, type: 'yesno', content: 'Is this a dog?' },
    ],
    { skip_invalid_items: true },
  );
  for (const [index, error] of Object.entries(batch.validation_errors)) console.log(index, error.message);

  const operation = await minga.tasks.createMany(manyTasks, { async_mode: true });
  console.log(operation.id, operation.status);
}

export async function tasksGet(): Promise<void> {
  const task = await minga.tasks.get(taskId);
  console.log(task.status, task.result?.answer, task.submissions?.length);
}

export async function tasksList(): Promise<void> {
  for await (const task of minga.tasks.list({ project_id: projectId, status: 'completed' })) {
    console.log(task.id, task.result?.answer);
  }
}

export async function tasksListPage(): Promise<void> {
  const page = await minga.tasks.listPage({ project_id: projectId, limit: 50 });
  console.log(page.data.length, page.has_more, page.next_cursor);
}

export async function tasksUpdate(): Promise<void> {
  const task = await minga.tasks.update(taskId, { priority: 'urgent', tags: ['vip'] });
}

export async function tasksCancel(): Promise<void> {
  const canceled = await minga.tasks.cancel(taskId);
  console.log(canceled.status); // 'canceled'
}

export async function tasksRedo(): Promise<void> {
  const again = await minga.tasks.redo(taskId);
  console.log(again.status, again.times_redone);
}

export async function tasksAudit(): Promise<void> {
  const reviewed = await minga.tasks.audit(taskId, { result: 'fixed', response: 'negative' });
  console.log(reviewed.review_status);
}

export async function tasksWait(): Promise<void> {
  const done = await minga.tasks.wait(taskId, { timeoutMs: 10 * 60_000 });
  console.log(done.result?.summary);
}

export async function tasksRun(): Promise<void> {
  const task = await minga.tasks.run(
    { project_id: projectId, type: 'yesno', content: 'Is this photo a cat?' },
    { timeoutMs: 60 * 60_000 },
  );
  console.log(task.result?.answer); // 'yes' or 'no'
}

export async function tasksNotify(rawBody: string, signature: string, secret: string): Promise<void> {
  const event = await verifyWebhook({ payload: rawBody, header: signature, secret });
  minga.tasks.notify(event);
}
