import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../support/stores.ts';
import { openTestApp, type TestApp } from '../support/test-app.ts';

// Who sees which tasks: the test-mode namespace, and project-scoped keys.
describeEachStore('tasks: test namespace and project-scoped keys', (ctx) => {
  let t: TestApp;
  let testKey: string;
  beforeAll(async () => {
    t = await openTestApp(ctx.store);
    const r = await t.call('POST', '/v1/api-keys', { body: { mode: 'test', name: 'integration' } });
    expect(r.status).toBe(201);
    testKey = r.json.secret;
    expect(testKey.startsWith('mk_test_')).toBe(true);
  });

  const create = async (token: string, body: Record<string, unknown>) =>
    t.call('POST', '/v1/tasks', { token, body: { type: 'yesno', content: 'x', ...body } });
  const listIds = async (token: string, query = '') => {
    const r = await t.call('GET', `/v1/tasks?limit=1000${query}`, { token });
    expect(r.status).toBe(200);
    return r.json.data.map((x: { id: string }) => x.id) as string[];
  };

  it('creates tasks with a test key in the test namespace, which the live key cannot see', async () => {
    const p = await t.newProject(t.adminKey);
    const task = await create(testKey, { project_id: p.id });
    expect(task.status).toBe(201);
    expect(task.json.test).toBe(true);

    expect((await t.call('GET', `/v1/tasks/${task.json.id}`, { token: t.adminKey })).status).toBe(404);
    expect(await listIds(t.adminKey, `&project_id=${p.id}`)).toEqual([]);
    expect((await t.call('PATCH', `/v1/tasks/${task.json.id}`, { token: t.adminKey, body: { priority: 1 } })).status).toBe(404);
    expect((await t.call('POST', `/v1/tasks/${task.json.id}/cancel`, { token: t.adminKey })).status).toBe(404);

    expect((await t.call('GET', `/v1/tasks/${task.json.id}`, { token: testKey })).json.test).toBe(true);
    expect(await listIds(testKey, `&project_id=${p.id}`)).toEqual([task.json.id]);
  });

  it('keeps test-mode tasks out of the project stats', async () => {
    const p = await t.newProject(t.adminKey);
    await create(t.adminKey, { project_id: p.id });
    const trial = await create(testKey, { project_id: p.id });
    await create(testKey, { project_id: p.id });
    // Answered at once by the simulated helper; a redo is answered again. Neither moves the live stats.
    expect(trial.json.status).toBe('completed');
    expect((await t.call('POST', `/v1/tasks/${trial.json.id}/redo`, { token: testKey })).status).toBe(200);
    const stats = (await t.call('GET', `/v1/projects/${p.id}/stats`)).json;
    expect(stats.tasks).toMatchObject({ total: 1, pending: 1, completed: 0, canceled: 0 });
    expect(stats.answers).toBe(0);
  });

  it('hides live tasks from a test key', async () => {
    const p = await t.newProject(t.adminKey);
    const live = await create(t.adminKey, { project_id: p.id });
    expect(live.json.test).toBe(false);
    expect((await t.call('GET', `/v1/tasks/${live.json.id}`, { token: testKey })).status).toBe(404);
    expect((await t.call('POST', `/v1/tasks/${live.json.id}/cancel`, { token: testKey })).status).toBe(404);
    expect(await listIds(testKey, `&project_id=${p.id}`)).toEqual([]);
    expect((await t.call('GET', `/v1/tasks/${live.json.id}`, { token: t.adminKey })).status).toBe(200);
  });

  it('keeps unique_id separate per namespace', async () => {
    const p = await t.newProject(t.adminKey);
    const uid = `uid-${randomUUID()}`;
    const live = await create(t.adminKey, { project_id: p.id, unique_id: uid });
    const test = await create(testKey, { project_id: p.id, unique_id: uid });
    expect([live.status, test.status]).toEqual([201, 201]);
    // The live key learns nothing about test tasks through the conflict either.
    const again = await create(t.adminKey, { project_id: p.id, unique_id: uid });
    expect(again.json.error.details.existing_task_id).toBe(live.json.id);
    expect(await listIds(testKey, `&unique_id=${uid}`)).toEqual([test.json.id]);
  });

  it('keeps async operations of the test namespace in it', async () => {
    const p = await t.newProject(t.adminKey);
    const r = await t.call('POST', '/v1/tasks?async_mode=true', { token: testKey, body: [{ project_id: p.id, type: 'yesno', content: 'x' }] });
    expect(r.status).toBe(202);
    await t.drainOperations();
    const created = await listIds(testKey, `&project_id=${p.id}`);
    expect(created).toHaveLength(1);
    expect((await t.call('GET', `/v1/tasks/${created[0]}`, { token: testKey })).json.test).toBe(true);
    expect(await listIds(t.adminKey, `&project_id=${p.id}`)).toEqual([]);
    expect((await t.call('GET', `/v1/operations/${r.json.id}`, { token: testKey })).status).toBe(200);
    expect((await t.call('GET', `/v1/operations/${r.json.id}`, { token: t.adminKey })).status).toBe(404);
  });

  it('does not hand a test operation to the live key that repeats its operation_id', async () => {
    const p = await t.newProject(t.adminKey);
    const operationId = randomUUID();
    const body = [{ project_id: p.id, type: 'yesno', content: 'x' }];
    expect((await t.call('POST', `/v1/tasks?async_mode=true&operation_id=${operationId}`, { token: testKey, body })).status).toBe(202);
    const live = await t.call('POST', `/v1/tasks?async_mode=true&operation_id=${operationId}`, { token: t.adminKey, body });
    expect(live.status).toBe(409);
    expect(live.json.error.code).toBe('conflict');
    await t.drainOperations();
  });

  it('does not replay a test-key response to the live key for the same Idempotency-Key', async () => {
    const p = await t.newProject(t.adminKey);
    const key = `key-${randomUUID()}`;
    const body = { project_id: p.id, type: 'yesno', content: 'x' };
    const test = await t.call('POST', '/v1/tasks', { token: testKey, body, headers: { 'Idempotency-Key': key } });
    expect(test.json.test).toBe(true);
    const live = await t.call('POST', '/v1/tasks', { token: t.adminKey, body, headers: { 'Idempotency-Key': key } });
    expect(live.status).toBe(201);
    expect(live.json.test).toBe(false);
    expect(live.json.id).not.toBe(test.json.id);
  });

  it('lets a project-scoped key create tasks without naming its project', async () => {
    const p = await t.newProject(t.adminKey);
    const r = await create(p.key, {});
    expect(r.status).toBe(201);
    expect(r.json.project_id).toBe(p.id);
    const named = await create(p.key, { project_id: p.id });
    expect(named.status).toBe(201);
    const batch = await t.call('POST', '/v1/tasks', { token: p.key, body: [{ type: 'yesno', content: 'a' }, { type: 'yesno', content: 'b' }] });
    expect(batch.status).toBe(201);
    expect(Object.values(batch.json.items).map((x) => (x as { project_id: string }).project_id)).toEqual([p.id, p.id]);
  });

  it('answers 404 when a project-scoped key names another project, creating nothing there', async () => {
    const mine = await t.newProject(t.adminKey);
    const other = await t.newProject(t.adminKey);
    const r = await create(mine.key, { project_id: other.id });
    expect(r.status).toBe(404);
    expect(r.json.error.code).toBe('not_found');
    expect(await listIds(t.adminKey, `&project_id=${other.id}`)).toEqual([]);
    const batch = await t.call('POST', '/v1/tasks?skip_invalid_items=true', { token: mine.key, body: [{ type: 'yesno', content: 'a' }, { project_id: other.id, type: 'yesno', content: 'b' }] });
    expect(batch.status).toBe(201);
    expect(Object.keys(batch.json.items)).toEqual(['0']);
    expect(batch.json.validation_errors['1'].code).toBe('not_found');
  });

  it('does not let a project-scoped key see, change or cancel other projects\u2019 tasks', async () => {
    const mine = await t.newProject(t.adminKey);
    const other = await t.newProject(t.adminKey);
    const own = await create(mine.key, {});
    const foreign = await create(t.adminKey, { project_id: other.id });
    expect(await listIds(mine.key)).toEqual([own.json.id]);
    expect(await listIds(mine.key, `&project_id=${other.id}`)).toEqual([]);
    expect((await t.call('GET', `/v1/tasks/${foreign.json.id}`, { token: mine.key })).status).toBe(404);
    expect((await t.call('PATCH', `/v1/tasks/${foreign.json.id}`, { token: mine.key, body: { priority: 1 } })).status).toBe(404);
    expect((await t.call('POST', `/v1/tasks/${foreign.json.id}/cancel`, { token: mine.key })).status).toBe(404);
    expect((await t.call('GET', `/v1/tasks/${foreign.json.id}`)).json.status).toBe('pending');
    // The account-wide key sees both.
    expect(await listIds(t.adminKey, `&project_id=${mine.id}`)).toEqual([own.json.id]);
  });

  it('does not let a project-scoped key read another project\u2019s operation', async () => {
    const mine = await t.newProject(t.adminKey);
    const other = await t.newProject(t.adminKey);
    const op = await t.call('POST', '/v1/tasks?async_mode=true', { token: other.key, body: [{ type: 'yesno', content: 'x' }] });
    expect(op.status).toBe(202);
    expect((await t.call('GET', `/v1/operations/${op.json.id}`, { token: other.key })).status).toBe(200);
    expect((await t.call('GET', `/v1/operations/${op.json.id}`, { token: mine.key })).status).toBe(404);
    await t.drainOperations();
  });

  it('does not replay one project key\u2019s response to another project\u2019s key for the same Idempotency-Key', async () => {
    const a = await t.newProject(t.adminKey);
    const b = await t.newProject(t.adminKey);
    const key = `key-${randomUUID()}`;
    const body = { type: 'yesno', content: 'same body' };
    const first = await t.call('POST', '/v1/tasks', { token: a.key, body, headers: { 'Idempotency-Key': key } });
    const second = await t.call('POST', '/v1/tasks', { token: b.key, body, headers: { 'Idempotency-Key': key } });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.headers.get('idempotent-replayed')).toBeNull();
    expect([first.json.project_id, second.json.project_id]).toEqual([a.id, b.id]);
  });

  it('answers 401 for a revoked key', async () => {
    const r = await t.call('POST', '/v1/api-keys', { body: { name: 'short-lived' } });
    const revoked = await t.call('DELETE', `/v1/api-keys/${r.json.api_key.id}`);
    expect(revoked.status).toBe(200);
    const p = await t.newProject(t.adminKey);
    const denied = await create(r.json.secret, { project_id: p.id });
    expect(denied.status).toBe(401);
  });
});
