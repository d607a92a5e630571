import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaskError, WaitTimeoutError, type Minga, type TaskCreate } from '../src/index.ts';
import { collect } from './support/collect.ts';
import { answerTask, newHelperClient, startTestServer, stopTestServers, type TestServer } from './support/start-test-server.ts';

let server: TestServer;
let minga: Minga;

beforeAll(async () => {
  server = await startTestServer();
  minga = server.client();
});
afterAll(stopTestServers);

async function newProject(name: string): Promise<string> {
  const { project, api_key } = await minga.projects.create({ name, defaults: { type: 'yesno' } });
  expect(api_key).toMatch(/^mk_live_/);
  return project.id;
}

describe('tasks against a real server', () => {
  it('creates, reads, updates and cancels a task', async () => {
    const projectId = await newProject('Basics');
    const created = await minga.tasks.create({ project_id: projectId, content: 'Is this a cat?', tags: ['a'], unique_id: 'basics-1' });
    expect(created).toMatchObject({ project_id: projectId, type: 'yesno', status: 'pending', tags: ['a'], unique_id: 'basics-1' });

    const read = await minga.tasks.get(created.id);
    expect(read.id).toBe(created.id);
    expect(read.submissions).toEqual([]);

    const updated = await minga.tasks.update(created.id, { priority: 'urgent', tags: ['a', 'b'] });
    expect(updated).toMatchObject({ priority: 100, tags: ['a', 'b'] });

    const canceled = await minga.tasks.cancel(created.id);
    expect(canceled.status).toBe('canceled');
  });

  it('lists every task across pages, in creation order, fetching one page per request', async () => {
    const projectId = await newProject('Paging');
    const items: TaskCreate[] = Array.from({ length: 25 }, (_, i) => ({ project_id: projectId, content: `Item ${i}?`, tags: ['paged'] }));
    const batch = await minga.tasks.createMany(items);
    expect(batch.validation_errors).toEqual({});
    const createdIds = Object.entries(batch.items)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([, task]) => task.id);
    expect(createdIds).toHaveLength(25);

    const pageUrls: string[] = [];
    const counting = server.client({
      fetch: (input, init) => {
        pageUrls.push(String(input));
        return fetch(input, init);
      },
    });
    const listed: string[] = [];
    for await (const task of counting.tasks.list({ project_id: projectId, tag: 'paged', limit: 10 })) listed.push(task.id);
    expect(listed).toEqual(createdIds);
    expect(pageUrls).toHaveLength(3);
    expect(pageUrls[1]).toContain('cursor=');

    const first = await minga.tasks.listPage({ project_id: projectId, limit: 10 });
    expect(first).toMatchObject({ has_more: true, next_cursor: expect.any(String) });
    const rest = await collect(minga.tasks.list({ project_id: projectId, cursor: first.next_cursor ?? undefined }));
    expect([...first.data, ...rest].map((t) => t.id)).toEqual(createdIds);
  });

  it('reports invalid items of a batch by index with skip_invalid_items, and runs big batches as operations', async () => {
    const projectId = await newProject('Batches');
    const batch = await minga.tasks.createMany(
      [{ project_id: projectId, content: 'fine?' }, { project_id: projectId, content: 'bad', overlap: 99 }],
      { skip_invalid_items: true },
    );
    expect(Object.keys(batch.items)).toEqual(['0']);
    expect(batch.validation_errors['1']).toMatchObject({ code: 'validation_error', details: [expect.objectContaining({ field: 'overlap' })] });

    const operation = await minga.tasks.createMany([{ project_id: projectId, content: 'later?' }], { async_mode: true });
    expect(operation).toMatchObject({ type: 'tasks.create', details: { items_total: 1 } });
    let current = operation;
    for (let i = 0; i < 100 && current.status !== 'success'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      current = await minga.operations.get(operation.id);
    }
    expect(current).toMatchObject({ status: 'success', details: { items_created: 1 } });
  });

  it('waits until a helper answers through the work resource', async () => {
    const projectId = await newProject('Waiting');
    const helper = await newHelperClient(minga, server.url, projectId);
    const task = await minga.tasks.create({ project_id: projectId, content: 'Is the sky blue?' });
    const waiting = minga.tasks.wait(task.id, { intervalMs: 50 });
    await answerTask(helper, task.id, 'yes');
    const done = await waiting;
    expect(done).toMatchObject({ id: task.id, status: 'completed', answer_count: 1, result: { answer: 'yes' } });
  });

  it('a webhook passed to notify ends the wait at once, not at the next poll', async () => {
    const projectId = await newProject('Notify');
    const helper = await newHelperClient(minga, server.url, projectId);
    const task = await minga.tasks.create({ project_id: projectId, content: 'Is this notified?' });
    const started = Date.now();
    // Polls an hour apart: only the notification can end this wait within the test.
    const waiting = minga.tasks.wait(task.id, { intervalMs: 3_600_000 });
    await new Promise((r) => setTimeout(r, 50));
    await answerTask(helper, task.id, 'yes');
    expect(minga.tasks.notify({ task_id: 'some-other-task' })).toBe(0);
    expect(minga.tasks.notify({ task_id: task.id })).toBe(1);
    const done = await waiting;
    expect(done.status).toBe('completed');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(minga.tasks.notify({ task_id: task.id })).toBe(0);
  });

  it('runs a task: creates it and resolves with its result', async () => {
    const projectId = await newProject('Running');
    const helper = await newHelperClient(minga, server.url, projectId);
    const running = minga.tasks.run({ project_id: projectId, content: 'Is water wet?', unique_id: 'run-1' }, { intervalMs: 50, timeoutMs: 30_000 });
    // The helper waits for the task to appear, then answers it.
    let taskId: string | undefined;
    while (taskId === undefined) {
      taskId = (await minga.tasks.listPage({ project_id: projectId, unique_id: 'run-1' })).data[0]?.id;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await answerTask(helper, taskId, 'no');
    const done = await running;
    expect(done).toMatchObject({ unique_id: 'run-1', status: 'completed', result: { answer: 'no' } });
  });

  it('rejects a wait with TaskError when the task is canceled, and with WaitTimeoutError when time runs out', async () => {
    const projectId = await newProject('Ending');
    const task = await minga.tasks.create({ project_id: projectId, content: 'Will this be canceled?' });
    await expect(minga.tasks.wait(task.id, { timeoutMs: 200, intervalMs: 50 })).rejects.toMatchObject({
      name: 'WaitTimeoutError',
      code: 'wait_timeout',
      task: { id: task.id, status: 'pending' },
    });
    const waiting = minga.tasks.wait(task.id, { intervalMs: 50 });
    await minga.tasks.cancel(task.id);
    const error = await waiting.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskError);
    expect(error).not.toBeInstanceOf(WaitTimeoutError);
    expect(error).toMatchObject({ code: 'task_canceled', task: { id: task.id, status: 'canceled' } });
  });

  it('claims nothing when there is no work', async () => {
    const projectId = await newProject('Empty');
    const helper = await newHelperClient(minga, server.url, projectId);
    expect(await helper.work.claim({ project_id: projectId })).toBeNull();
  });
});
