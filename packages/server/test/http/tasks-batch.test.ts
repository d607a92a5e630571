import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../support/stores.ts';
import { openTestApp, type TestApp } from '../support/test-app.ts';

// POST /v1/tasks with an array, and unique_id in single and batch requests.
describeEachStore('POST /v1/tasks (batches and unique_id)', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(ctx.store);
  });

  const yesno = (content: string, extra: Record<string, unknown> = {}) => ({ type: 'yesno', content, ...extra });
  const countTasks = async (projectId: string, token?: string) => {
    const r = await t.call('GET', `/v1/tasks?project_id=${projectId}&limit=1000`, { token });
    expect(r.status).toBe(200);
    expect(r.json.has_more).toBe(false);
    return r.json.data.length as number;
  };
  const uid = () => `uid-${randomUUID()}`;

  it('creates every item of an array and answers 201 with items keyed by index', async () => {
    const p = await t.newProject(t.adminKey);
    const r = await t.call('POST', '/v1/tasks', { body: [0, 1, 2].map((i) => ({ project_id: p.id, ...yesno(`Q${i}`) })) });
    expect(r.status).toBe(201);
    expect(Object.keys(r.json.items)).toEqual(['0', '1', '2']);
    expect(r.json.validation_errors).toEqual({});
    expect([0, 1, 2].map((i) => r.json.items[String(i)].content)).toEqual(['Q0', 'Q1', 'Q2']);
    expect(await countTasks(p.id)).toBe(3);
  });

  it('answers an array of one with the batch shape, not a bare task', async () => {
    const p = await t.newProject(t.adminKey);
    const r = await t.call('POST', '/v1/tasks', { body: [{ project_id: p.id, ...yesno('only') }] });
    expect(r.status).toBe(201);
    expect(Object.keys(r.json)).toEqual(['items', 'validation_errors']);
  });

  it('rejects the whole batch when one item is invalid and creates nothing', async () => {
    const p = await t.newProject(t.adminKey);
    const body = [{ project_id: p.id, ...yesno('ok') }, { project_id: p.id, type: 'label_text', input: { text: 'x' } }, { project_id: p.id, ...yesno('ok too') }];
    const r = await t.call('POST', '/v1/tasks', { body });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('validation_error');
    expect(r.json.error.details.map((d: { field: string }) => d.field)).toEqual(['[1].input.categories']);
    expect(await countTasks(p.id)).toBe(0);
  });

  it('rejects the whole batch when one item is not an object', async () => {
    const p = await t.newProject(t.adminKey);
    const r = await t.call('POST', '/v1/tasks', { body: [{ project_id: p.id, ...yesno('ok') }, 'not a task'] });
    expect(r.status).toBe(400);
    expect(r.json.error.details.map((d: { field: string }) => d.field)).toEqual(['[1]']);
    expect(await countTasks(p.id)).toBe(0);
  });

  it('rejects the whole batch with 422 when one item is an AI step, and creates nothing', async () => {
    const p = await t.newProject(t.adminKey);
    const r = await t.call('POST', '/v1/tasks', { body: [{ project_id: p.id, ...yesno('ok') }, { project_id: p.id, type: 'llm_generate' }] });
    expect(r.status).toBe(422);
    expect(r.json.error.code).toBe('unsupported_task_type');
    expect(r.json.error.message).toContain('/v1/pipelines');
    expect(await countTasks(p.id)).toBe(0);
  });

  it('with skip_invalid_items=true creates the valid items and reports each invalid one by its index', async () => {
    const p = await t.newProject(t.adminKey);
    const body = [
      { project_id: p.id, ...yesno('ok 0') },
      { project_id: p.id, type: 'label_text', input: { text: 'x' } },
      { project_id: p.id, ...yesno('ok 2') },
      { project_id: p.id, type: 'llm_generate' },
      { project_id: p.id, ...yesno('ok 4', { priority: 'whenever' }) },
      { project_id: 'no-such-project', ...yesno('lost') },
    ];
    const r = await t.call('POST', '/v1/tasks?skip_invalid_items=true', { body });
    expect(r.status).toBe(201);
    expect(Object.keys(r.json.items)).toEqual(['0', '2']);
    expect(Object.keys(r.json.validation_errors)).toEqual(['1', '3', '4', '5']);
    expect(r.json.validation_errors['1']).toMatchObject({ code: 'validation_error', details: [{ field: 'input.categories' }] });
    expect(r.json.validation_errors['3']).toMatchObject({ code: 'unsupported_task_type' });
    expect(r.json.validation_errors['4']).toMatchObject({ code: 'validation_error', details: [{ field: 'priority' }] });
    expect(r.json.validation_errors['5']).toMatchObject({ code: 'not_found' });
    expect(await countTasks(p.id)).toBe(2);
  });

  it('with skip_invalid_items=true and every item invalid creates nothing and still answers 201', async () => {
    const p = await t.newProject(t.adminKey);
    const r = await t.call('POST', '/v1/tasks?skip_invalid_items=true', { body: [{ project_id: p.id, type: 'nope' }] });
    expect(r.status).toBe(201);
    expect(r.json.items).toEqual({});
    expect(Object.keys(r.json.validation_errors)).toEqual(['0']);
    expect(await countTasks(p.id)).toBe(0);
  });

  it('treats skip_invalid_items on a single task like a plain create', async () => {
    const p = await t.newProject(t.adminKey);
    const bad = await t.call('POST', '/v1/tasks?skip_invalid_items=true', { body: { project_id: p.id, type: 'yesno' } });
    expect(bad.status).toBe(400);
    const good = await t.call('POST', '/v1/tasks?skip_invalid_items=true', { body: { project_id: p.id, ...yesno('x') } });
    expect(good.status).toBe(201);
    expect(good.json.type).toBe('yesno');
  });

  it('creates tasks of several projects in one batch', async () => {
    const a = await t.newProject(t.adminKey);
    const b = await t.newProject(t.adminKey);
    const r = await t.call('POST', '/v1/tasks', { body: [{ project_id: a.id, ...yesno('a') }, { project_id: b.id, ...yesno('b') }, { project_id: b.id, ...yesno('b2') }] });
    expect(r.status).toBe(201);
    expect([await countTasks(a.id), await countTasks(b.id)]).toEqual([1, 2]);
  });

  it('accepts exactly 5,000 items synchronously', async () => {
    const p = await t.newProject(t.adminKey);
    const body = Array.from({ length: 5_000 }, (_, i) => ({ project_id: p.id, ...yesno(`Q${i}`) }));
    const r = await t.call('POST', '/v1/tasks', { body });
    expect(r.status).toBe(201);
    expect(Object.keys(r.json.items)).toHaveLength(5_000);
    const stats = await t.call('GET', `/v1/projects/${p.id}/stats`);
    expect(stats.json.tasks.total).toBe(5_000);
  });

  it('refuses more than 5,000 items synchronously, pointing to async_mode, and creates nothing', async () => {
    const p = await t.newProject(t.adminKey);
    const body = Array.from({ length: 5_001 }, (_, i) => ({ project_id: p.id, ...yesno(`Q${i}`) }));
    const r = await t.call('POST', '/v1/tasks', { body });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('validation_error');
    expect(r.json.error.message).toContain('async_mode');
    expect(await countTasks(p.id)).toBe(0);
  });

  it('refuses an empty array', async () => {
    const r = await t.call('POST', '/v1/tasks', { body: [] });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('validation_error');
  });

  it('refuses a repeated unique_id with 409 conflict carrying the existing task id', async () => {
    const p = await t.newProject(t.adminKey);
    const id = uid();
    const first = await t.call('POST', '/v1/tasks', { body: { project_id: p.id, ...yesno('first', { unique_id: id }) } });
    expect(first.status).toBe(201);
    expect(first.json.unique_id).toBe(id);
    const again = await t.call('POST', '/v1/tasks', { body: { project_id: p.id, ...yesno('again', { unique_id: id }) } });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('conflict');
    expect(again.json.error.details.existing_task_id).toBe(first.json.id);
    expect(await countTasks(p.id)).toBe(1);
  });

  it('treats unique_id as unique across the projects of one account', async () => {
    const a = await t.newProject(t.adminKey);
    const b = await t.newProject(t.adminKey);
    const id = uid();
    const first = await t.call('POST', '/v1/tasks', { body: { project_id: a.id, ...yesno('a', { unique_id: id }) } });
    const other = await t.call('POST', '/v1/tasks', { body: { project_id: b.id, ...yesno('b', { unique_id: id }) } });
    expect(other.status).toBe(409);
    expect(other.json.error.details.existing_task_id).toBe(first.json.id);
  });

  it('allows the same unique_id in another account', async () => {
    const id = uid();
    const mine = await t.newProject(t.adminKey);
    const otherKey = (await t.newAccount('Other')).apiKey;
    const theirs = await t.newProject(otherKey);
    const a = await t.call('POST', '/v1/tasks', { body: { project_id: mine.id, ...yesno('mine', { unique_id: id }) } });
    const b = await t.call('POST', '/v1/tasks', { token: otherKey, body: { project_id: theirs.id, ...yesno('theirs', { unique_id: id }) } });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.json.id).not.toBe(a.json.id);
  });

  it('refuses a batch that repeats a unique_id within itself with 409, creating nothing', async () => {
    const p = await t.newProject(t.adminKey);
    const id = uid();
    const body = [{ project_id: p.id, ...yesno('a', { unique_id: id }) }, { project_id: p.id, ...yesno('b') }, { project_id: p.id, ...yesno('c', { unique_id: id }) }];
    const r = await t.call('POST', '/v1/tasks', { body });
    expect(r.status).toBe(409);
    expect(r.json.error.code).toBe('conflict');
    expect(r.json.error.details).toEqual([expect.objectContaining({ index: 2, unique_id: id })]);
    expect(await countTasks(p.id)).toBe(0);
  });

  it('refuses a batch whose item repeats an existing unique_id with 409 naming the index and existing task, creating nothing', async () => {
    const p = await t.newProject(t.adminKey);
    const id = uid();
    const existing = await t.call('POST', '/v1/tasks', { body: { project_id: p.id, ...yesno('existing', { unique_id: id }) } });
    const body = [{ project_id: p.id, ...yesno('new', { unique_id: uid() }) }, { project_id: p.id, ...yesno('dup', { unique_id: id }) }];
    const r = await t.call('POST', '/v1/tasks', { body });
    expect(r.status).toBe(409);
    expect(r.json.error.details).toEqual([{ index: 1, unique_id: id, existing_task_id: existing.json.id }]);
    expect(await countTasks(p.id)).toBe(1);
  });

  it('refuses with 400 rather than 409 a batch that holds both an invalid item and a duplicate', async () => {
    const p = await t.newProject(t.adminKey);
    const id = uid();
    const body = [{ project_id: p.id, ...yesno('a', { unique_id: id }) }, { project_id: p.id, ...yesno('b', { unique_id: id }) }, { project_id: p.id, type: 'yesno' }];
    const r = await t.call('POST', '/v1/tasks', { body });
    expect(r.status).toBe(400);
    expect(await countTasks(p.id)).toBe(0);
  });

  it('with skip_invalid_items reports repeated unique_ids per item and creates the rest', async () => {
    const p = await t.newProject(t.adminKey);
    const existingId = uid();
    const batchId = uid();
    const existing = await t.call('POST', '/v1/tasks', { body: { project_id: p.id, ...yesno('existing', { unique_id: existingId }) } });
    const body = [
      { project_id: p.id, ...yesno('dup of existing', { unique_id: existingId }) },
      { project_id: p.id, ...yesno('first of batch', { unique_id: batchId }) },
      { project_id: p.id, ...yesno('dup in batch', { unique_id: batchId }) },
      { project_id: p.id, ...yesno('plain') },
    ];
    const r = await t.call('POST', '/v1/tasks?skip_invalid_items=true', { body });
    expect(r.status).toBe(201);
    expect(Object.keys(r.json.items)).toEqual(['1', '3']);
    expect(r.json.validation_errors['0']).toMatchObject({ code: 'conflict', details: { existing_task_id: existing.json.id } });
    expect(r.json.validation_errors['2']).toMatchObject({ code: 'conflict', details: { unique_id: batchId, first_index: 1 } });
    expect(await countTasks(p.id)).toBe(3);
  });

  it('finds a task by unique_id', async () => {
    const p = await t.newProject(t.adminKey);
    const id = uid();
    const created = await t.call('POST', '/v1/tasks', { body: { project_id: p.id, ...yesno('x', { unique_id: id }) } });
    const found = await t.call('GET', `/v1/tasks?unique_id=${encodeURIComponent(id)}`);
    expect(found.json.data.map((x: { id: string }) => x.id)).toEqual([created.json.id]);
  });

  it('lets only one of two concurrent creates with the same unique_id win', async () => {
    const p = await t.newProject(t.adminKey);
    const id = uid();
    const results = await Promise.all(
      [0, 1, 2, 3].map((i) => t.call('POST', '/v1/tasks', { body: { project_id: p.id, ...yesno(`race ${i}`, { unique_id: id }) } })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    const winner = results.find((r) => r.status === 201);
    for (const r of results.filter((x) => x.status === 409)) expect(r.json.error.details.existing_task_id).toBe(winner?.json.id);
    expect(await countTasks(p.id)).toBe(1);
  });
});
