import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../support/stores.ts';
import { openTestApp, type TestApp } from '../support/test-app.ts';

// PATCH /v1/tasks/{id}, POST /v1/tasks/{id}/cancel and the project counters they move.
describeEachStore('PATCH /v1/tasks/{id} and POST /v1/tasks/{id}/cancel', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(ctx.store);
  });

  const create = async (projectId: string, extra: Record<string, unknown> = {}) => {
    const r = await t.call('POST', '/v1/tasks', { body: { project_id: projectId, type: 'yesno', content: 'x', ...extra } });
    expect(r.status).toBe(201);
    return r.json as { id: string; updated_at: string; unique_id: string | null };
  };
  const stats = async (projectId: string) => {
    const r = await t.call('GET', `/v1/projects/${projectId}/stats`);
    expect(r.status).toBe(200);
    return r.json.tasks as Record<string, number>;
  };
  const fields = (r: { json: { error: { details: { field: string }[] } } }) => r.json.error.details.map((d) => d.field);

  it('changes priority, tags, metadata and unique_id, visible in GET and in the tag filter', async () => {
    const p = await t.newProject(t.adminKey);
    const task = await create(p.id, { tags: ['old'], metadata: { a: 1 } });
    const uid = `uid-${randomUUID()}`;
    const tag = `new-${randomUUID().slice(0, 8)}`;
    const r = await t.call('PATCH', `/v1/tasks/${task.id}`, { body: { priority: 'urgent', tags: [tag, 'second'], metadata: { b: [2] }, unique_id: uid } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ priority: 100, tags: [tag, 'second'], metadata: { b: [2] }, unique_id: uid });
    expect(r.json.updated_at >= task.updated_at).toBe(true);

    const read = await t.call('GET', `/v1/tasks/${task.id}`);
    expect(read.json).toMatchObject({ priority: 100, tags: [tag, 'second'], metadata: { b: [2] }, unique_id: uid, content: 'x', type: 'yesno' });

    const byNewTag = await t.call('GET', `/v1/tasks?project_id=${p.id}&tag=${tag}`);
    expect(byNewTag.json.data.map((x: { id: string }) => x.id)).toEqual([task.id]);
    const byOldTag = await t.call('GET', `/v1/tasks?project_id=${p.id}&tag=old`);
    expect(byOldTag.json.data).toEqual([]);
    const byUid = await t.call('GET', `/v1/tasks?unique_id=${uid}`);
    expect(byUid.json.data.map((x: { id: string }) => x.id)).toEqual([task.id]);
  });

  it('changes only the fields given', async () => {
    const p = await t.newProject(t.adminKey);
    const task = await create(p.id, { priority: 10, tags: ['keep'], metadata: { keep: true } });
    const r = await t.call('PATCH', `/v1/tasks/${task.id}`, { body: { priority: 60 } });
    expect(r.json).toMatchObject({ priority: 60, tags: ['keep'], metadata: { keep: true } });
  });

  it('clears tags with an empty list and unique_id with null, freeing the unique_id', async () => {
    const p = await t.newProject(t.adminKey);
    const uid = `uid-${randomUUID()}`;
    const task = await create(p.id, { tags: ['a'], unique_id: uid });
    const r = await t.call('PATCH', `/v1/tasks/${task.id}`, { body: { tags: [], unique_id: null } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ tags: [], unique_id: null });
    expect((await t.call('GET', `/v1/tasks?project_id=${p.id}&tag=a`)).json.data).toEqual([]);
    const reused = await t.call('POST', '/v1/tasks', { body: { project_id: p.id, type: 'yesno', content: 'y', unique_id: uid } });
    expect(reused.status).toBe(201);
  });

  it('refuses a unique_id another task holds with 409 carrying its id, changing nothing', async () => {
    const p = await t.newProject(t.adminKey);
    const uid = `uid-${randomUUID()}`;
    const holder = await create(p.id, { unique_id: uid });
    const other = await create(p.id, { priority: 20 });
    const r = await t.call('PATCH', `/v1/tasks/${other.id}`, { body: { unique_id: uid, priority: 99 } });
    expect(r.status).toBe(409);
    expect(r.json.error.code).toBe('conflict');
    expect(r.json.error.details.existing_task_id).toBe(holder.id);
    const read = await t.call('GET', `/v1/tasks/${other.id}`);
    expect(read.json).toMatchObject({ unique_id: null, priority: 20 });
  });

  it('accepts a task\u2019s own unique_id again', async () => {
    const p = await t.newProject(t.adminKey);
    const uid = `uid-${randomUUID()}`;
    const task = await create(p.id, { unique_id: uid });
    const r = await t.call('PATCH', `/v1/tasks/${task.id}`, { body: { unique_id: uid } });
    expect(r.status).toBe(200);
  });

  it.each([
    [{ type: 'multi' }, 'type'],
    [{ content: 'changed' }, 'content'],
    [{ overlap: 3 }, 'overlap'],
    [{ status: 'completed' }, 'status'],
  ])('refuses a body with the non-patchable field of %j', async (body, field) => {
    const p = await t.newProject(t.adminKey);
    const task = await create(p.id);
    const r = await t.call('PATCH', `/v1/tasks/${task.id}`, { body });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('validation_error');
    expect(fields(r)).toEqual([field]);
  });

  it('refuses invalid values, naming each', async () => {
    const p = await t.newProject(t.adminKey);
    const task = await create(p.id);
    const r = await t.call('PATCH', `/v1/tasks/${task.id}`, { body: { priority: 101, tags: ['1', '2', '3', '4', '5', '6'], metadata: 'no' } });
    expect(r.status).toBe(400);
    expect(fields(r).sort()).toEqual(['metadata', 'priority', 'tags']);
  });

  it('answers 404 when patching a task that does not exist', async () => {
    const r = await t.call('PATCH', `/v1/tasks/${randomUUID()}`, { body: { priority: 1 } });
    expect(r.status).toBe(404);
  });

  it('cancels a pending task and moves it from pending to canceled in the project stats', async () => {
    const p = await t.newProject(t.adminKey);
    const a = await create(p.id);
    await create(p.id);
    await create(p.id);
    expect(await stats(p.id)).toMatchObject({ total: 3, pending: 3, canceled: 0 });

    const r = await t.call('POST', `/v1/tasks/${a.id}/cancel`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ id: a.id, status: 'canceled' });
    expect((await t.call('GET', `/v1/tasks/${a.id}`)).json.status).toBe('canceled');
    expect(await stats(p.id)).toMatchObject({ total: 3, pending: 2, canceled: 1 });
  });

  it('treats a second cancel as a no-op 200 that counts nothing twice', async () => {
    const p = await t.newProject(t.adminKey);
    const a = await create(p.id);
    const first = await t.call('POST', `/v1/tasks/${a.id}/cancel`);
    const second = await t.call('POST', `/v1/tasks/${a.id}/cancel`);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.json.status).toBe('canceled');
    expect(second.json.updated_at).toBe(first.json.updated_at);
    expect(await stats(p.id)).toMatchObject({ total: 1, pending: 0, canceled: 1 });
  });

  it('counts concurrent cancels of one task once', async () => {
    const p = await t.newProject(t.adminKey);
    const a = await create(p.id);
    const results = await Promise.all([0, 1, 2].map(() => t.call('POST', `/v1/tasks/${a.id}/cancel`)));
    for (const r of results) expect([200, 409]).toContain(r.status);
    expect(await stats(p.id)).toMatchObject({ total: 1, pending: 0, canceled: 1 });
  });

  it('refuses to cancel a completed task with 409', async () => {
    const p = await t.newProject(t.adminKey);
    const a = await create(p.id);
    // Completing takes helpers' answers; the work engine has its own tests, so set the state directly.
    await ctx.store.db.updateTable('tasks').set({ status: 'completed' }).where('id', '=', a.id).execute();
    const r = await t.call('POST', `/v1/tasks/${a.id}/cancel`);
    expect(r.status).toBe(409);
    expect(r.json.error.code).toBe('conflict');
  });

  it('answers 404 when canceling a task that does not exist', async () => {
    const r = await t.call('POST', `/v1/tasks/${randomUUID()}/cancel`);
    expect(r.status).toBe(404);
    expect(r.json.error.code).toBe('not_found');
  });

  it('keeps tasks.total equal to the tasks created, single, batch and async', async () => {
    const p = await t.newProject(t.adminKey);
    await create(p.id);
    await t.call('POST', '/v1/tasks', { body: [1, 2, 3].map((i) => ({ project_id: p.id, type: 'yesno', content: `b${i}` })) });
    await t.call('POST', '/v1/tasks?skip_invalid_items=true', { body: [{ project_id: p.id, type: 'yesno', content: 'ok' }, { project_id: p.id, type: 'yesno' }] });
    await t.call('POST', '/v1/tasks', { body: [{ project_id: p.id, type: 'yesno', content: 'ok' }, { project_id: p.id, type: 'yesno' }] });
    await t.call('POST', '/v1/tasks?async_mode=true', { body: [1, 2].map((i) => ({ project_id: p.id, type: 'yesno', content: `a${i}` })) });
    await t.drainOperations();
    const listed = await t.call('GET', `/v1/tasks?project_id=${p.id}&limit=1000`);
    expect(listed.json.data).toHaveLength(7);
    expect(await stats(p.id)).toMatchObject({ total: 7, pending: 7 });
  });
});
