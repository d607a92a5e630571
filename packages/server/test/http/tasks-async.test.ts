import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../support/stores.ts';
import { openTestApp, type TestApp } from '../support/test-app.ts';

// POST /v1/tasks?async_mode=true and GET /v1/operations/{id}.
describeEachStore('POST /v1/tasks?async_mode=true and operations', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(ctx.store);
  });

  const items = (projectId: string, n: number, extra: (i: number) => Record<string, unknown> = () => ({})) =>
    Array.from({ length: n }, (_, i) => ({ project_id: projectId, type: 'yesno', content: `Q${i}`, ...extra(i) }));
  const countTasks = async (projectId: string) => {
    const r = await t.call('GET', `/v1/tasks?project_id=${projectId}&limit=1000`);
    expect(r.json.has_more).toBe(false);
    return r.json.data.length as number;
  };

  it('answers 202 with a pending operation, then creates the tasks in the background', async () => {
    const p = await t.newProject(t.adminKey);
    const r = await t.call('POST', '/v1/tasks?async_mode=true', { body: items(p.id, 3) });
    expect(r.status).toBe(202);
    expect(r.json).toMatchObject({ type: 'tasks.create', status: 'pending', progress: 0, details: { items_total: 3, items_created: 0, items_failed: 0 } });
    expect(await countTasks(p.id)).toBe(0);

    const before = await t.call('GET', `/v1/operations/${r.json.id}`);
    expect(before.status).toBe(200);
    expect(before.json.status).toBe('pending');

    await t.drainOperations();
    const after = await t.call('GET', `/v1/operations/${r.json.id}`);
    expect(after.status).toBe(200);
    expect(after.json).toMatchObject({ id: r.json.id, status: 'success', progress: 100, details: { items_total: 3, items_created: 3, items_failed: 0, errors: {} } });
    expect(after.json.started_at).toEqual(expect.any(String));
    expect(after.json.finished_at).toEqual(expect.any(String));
    expect(await countTasks(p.id)).toBe(3);
  });

  it('accepts a single task object in async mode', async () => {
    const p = await t.newProject(t.adminKey);
    const r = await t.call('POST', '/v1/tasks?async_mode=1', { body: { project_id: p.id, type: 'yesno', content: 'one' } });
    expect(r.status).toBe(202);
    await t.drainOperations();
    expect((await t.call('GET', `/v1/operations/${r.json.id}`)).json.details.items_created).toBe(1);
    expect(await countTasks(p.id)).toBe(1);
  });

  it('does the work of a repeated operation_id once and returns the same operation', async () => {
    const p = await t.newProject(t.adminKey);
    const operationId = randomUUID();
    const first = await t.call('POST', `/v1/tasks?async_mode=true&operation_id=${operationId}`, { body: items(p.id, 4) });
    expect(first.status).toBe(202);
    expect(first.json.id).toBe(operationId);
    const repeat = await t.call('POST', `/v1/tasks?async_mode=true&operation_id=${operationId}`, { body: items(p.id, 4) });
    expect(repeat.status).toBe(202);
    expect(repeat.json.id).toBe(operationId);
    expect(repeat.json.submitted_at).toBe(first.json.submitted_at);

    await t.drainOperations();
    const afterRun = await t.call('POST', `/v1/tasks?async_mode=true&operation_id=${operationId}`, { body: items(p.id, 4) });
    expect(afterRun.json).toMatchObject({ id: operationId, status: 'success', details: { items_created: 4 } });
    await t.drainOperations();
    expect(await countTasks(p.id)).toBe(4);
  });

  it('matches an operation_id in upper case to the same operation', async () => {
    const p = await t.newProject(t.adminKey);
    const operationId = randomUUID();
    await t.call('POST', `/v1/tasks?async_mode=true&operation_id=${operationId}`, { body: items(p.id, 2) });
    const upper = await t.call('POST', `/v1/tasks?async_mode=true&operation_id=${operationId.toUpperCase()}`, { body: items(p.id, 2) });
    expect(upper.json.id).toBe(operationId);
    const read = await t.call('GET', `/v1/operations/${operationId.toUpperCase()}`);
    expect(read.status).toBe(200);
    await t.drainOperations();
    expect(await countTasks(p.id)).toBe(2);
  });

  it('refuses operation_id without async_mode, creating nothing', async () => {
    const p = await t.newProject(t.adminKey);
    const r = await t.call('POST', `/v1/tasks?operation_id=${randomUUID()}`, { body: items(p.id, 1) });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('validation_error');
    expect(r.json.error.details.map((d: { field: string }) => d.field)).toEqual(['query.operation_id']);
    expect(await countTasks(p.id)).toBe(0);
  });

  it('refuses an operation_id that is not a UUID', async () => {
    const p = await t.newProject(t.adminKey);
    const r = await t.call('POST', '/v1/tasks?async_mode=true&operation_id=not-a-uuid', { body: items(p.id, 1) });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('validation_error');
    expect(r.json.error.details.map((d: { field: string }) => d.field)).toEqual(['query.operation_id']);
  });

  it('refuses an unknown query parameter on create, naming it, and creates nothing', async () => {
    const p = await t.newProject(t.adminKey);
    const r = await t.call('POST', '/v1/tasks?asyncmode=true', { body: items(p.id, 1) });
    expect(r.status).toBe(400);
    expect(r.json.error.details.map((d: { field: string }) => d.field)).toEqual(['query.asyncmode']);
    expect(await countTasks(p.id)).toBe(0);
  });

  it('refuses async_mode values other than true/false/1/0', async () => {
    const p = await t.newProject(t.adminKey);
    const r = await t.call('POST', '/v1/tasks?async_mode=yes', { body: items(p.id, 1) });
    expect(r.status).toBe(400);
    expect(r.json.error.details.map((d: { field: string }) => d.field)).toEqual(['query.async_mode']);
  });

  it('refuses an operation_id another account already used', async () => {
    const otherKey = (await t.newAccount('Other')).apiKey;
    const theirs = await t.newProject(otherKey);
    const operationId = randomUUID();
    const mine = await t.newProject(t.adminKey);
    expect((await t.call('POST', `/v1/tasks?async_mode=true&operation_id=${operationId}`, { body: items(mine.id, 1) })).status).toBe(202);
    const clash = await t.call('POST', `/v1/tasks?async_mode=true&operation_id=${operationId}`, { token: otherKey, body: items(theirs.id, 1) });
    expect(clash.status).toBe(409);
    // And the other account cannot read it.
    expect((await t.call('GET', `/v1/operations/${operationId}`, { token: otherKey })).status).toBe(404);
  });

  it('without skip_invalid_items refuses an async batch with an invalid item at once, queueing nothing', async () => {
    const p = await t.newProject(t.adminKey);
    const operationId = randomUUID();
    const body = [...items(p.id, 2), { project_id: p.id, type: 'yesno' }];
    const r = await t.call('POST', `/v1/tasks?async_mode=true&operation_id=${operationId}`, { body });
    expect(r.status).toBe(400);
    expect(r.json.error.details.map((d: { field: string }) => d.field)).toEqual(['[2].content']);
    expect((await t.call('GET', `/v1/operations/${operationId}`)).status).toBe(404);
    await t.drainOperations();
    expect(await countTasks(p.id)).toBe(0);
  });

  it('with skip_invalid_items reports the invalid items of an async batch by index and creates the rest', async () => {
    const p = await t.newProject(t.adminKey);
    const body = [...items(p.id, 2), { project_id: p.id, type: 'label_text', input: { text: 'x' } }, ...items(p.id, 1)];
    const r = await t.call('POST', '/v1/tasks?async_mode=true&skip_invalid_items=true', { body });
    expect(r.status).toBe(202);
    expect(r.json.details).toMatchObject({ items_total: 4, items_failed: 1, skip_invalid_items: true });
    await t.drainOperations();
    const op = await t.call('GET', `/v1/operations/${r.json.id}`);
    expect(op.json).toMatchObject({ status: 'success', progress: 100, details: { items_total: 4, items_created: 3, items_failed: 1 } });
    expect(Object.keys(op.json.details.errors)).toEqual(['2']);
    expect(op.json.details.errors['2']).toMatchObject({ code: 'validation_error', details: [{ field: 'input.categories' }] });
    expect(await countTasks(p.id)).toBe(3);
  });

  it('with skip_invalid_items reports a unique_id that exists by the time the operation runs', async () => {
    const p = await t.newProject(t.adminKey);
    const uid = `uid-${randomUUID()}`;
    const r = await t.call('POST', '/v1/tasks?async_mode=true&skip_invalid_items=true', { body: items(p.id, 3, (i) => (i === 1 ? { unique_id: uid } : {})) });
    const existing = await t.call('POST', '/v1/tasks', { body: { project_id: p.id, type: 'yesno', content: 'first', unique_id: uid } });
    expect(existing.status).toBe(201);
    await t.drainOperations();
    const op = await t.call('GET', `/v1/operations/${r.json.id}`);
    expect(op.json).toMatchObject({ status: 'success', details: { items_created: 2, items_failed: 1 } });
    expect(op.json.details.errors['1']).toMatchObject({ code: 'conflict', details: { existing_task_id: existing.json.id } });
    expect(await countTasks(p.id)).toBe(3);
  });

  it('without skip_invalid_items fails the whole operation when a unique_id turns up taken, creating nothing', async () => {
    const p = await t.newProject(t.adminKey);
    const uid = `uid-${randomUUID()}`;
    const r = await t.call('POST', '/v1/tasks?async_mode=true', { body: items(p.id, 3, (i) => (i === 2 ? { unique_id: uid } : {})) });
    await t.call('POST', '/v1/tasks', { body: { project_id: p.id, type: 'yesno', content: 'first', unique_id: uid } });
    await t.drainOperations();
    const op = await t.call('GET', `/v1/operations/${r.json.id}`);
    expect(op.json).toMatchObject({ status: 'fail', progress: 100, details: { items_created: 0, items_failed: 1 } });
    expect(op.json.details.errors['2']).toMatchObject({ code: 'conflict' });
    expect(await countTasks(p.id)).toBe(1);
  });

  it('creates an async batch larger than 5,000 items', async () => {
    const p = await t.newProject(t.adminKey);
    const r = await t.call('POST', '/v1/tasks?async_mode=true', { body: items(p.id, 6_000) });
    expect(r.status).toBe(202);
    expect(r.json.details.items_total).toBe(6_000);
    await t.drainOperations();
    const op = await t.call('GET', `/v1/operations/${r.json.id}`);
    expect(op.json).toMatchObject({ status: 'success', details: { items_created: 6_000, items_failed: 0 } });
    const stats = await t.call('GET', `/v1/projects/${p.id}/stats`);
    expect(stats.json.tasks).toMatchObject({ total: 6_000, pending: 6_000 });
    // Every item was created exactly once: page through them all.
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: { json: { data: { content: string }[]; next_cursor: string | null } } = await t.call(
        'GET',
        `/v1/tasks?project_id=${p.id}&limit=1000${cursor ? `&cursor=${cursor}` : ''}`,
      );
      for (const task of page.json.data) seen.add(task.content);
      cursor = page.json.next_cursor;
    } while (cursor);
    expect(seen.size).toBe(6_000);
  });

  it('answers 404 for an operation that does not exist', async () => {
    const r = await t.call('GET', `/v1/operations/${randomUUID()}`);
    expect(r.status).toBe(404);
    expect(r.json.error.code).toBe('not_found');
  });
});
