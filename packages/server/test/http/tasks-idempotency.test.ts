import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../support/stores.ts';
import { openTestApp, type TestApp } from '../support/test-app.ts';

// The Idempotency-Key header on POST /v1/tasks (and the task actions that are POSTs).
describeEachStore('POST /v1/tasks with Idempotency-Key', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(ctx.store);
  });

  const key = () => `key-${randomUUID()}`;
  const countTasks = async (projectId: string) => {
    const r = await t.call('GET', `/v1/tasks?project_id=${projectId}&limit=1000`);
    return r.json.data.length as number;
  };

  it('replays the first response byte for byte for the same key and body, creating the task once', async () => {
    const p = await t.newProject(t.adminKey);
    const k = key();
    const body = { project_id: p.id, type: 'yesno', content: 'Cat?' };
    const first = await t.call('POST', '/v1/tasks', { body, headers: { 'Idempotency-Key': k } });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const second = await t.call('POST', '/v1/tasks', { body, headers: { 'Idempotency-Key': k } });
    expect(second.status).toBe(201);
    expect(second.text).toBe(first.text);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.headers.get('content-type')).toContain('application/json');
    expect(await countTasks(p.id)).toBe(1);
  });

  it('replays a batch response and creates the batch once', async () => {
    const p = await t.newProject(t.adminKey);
    const k = key();
    const body = [0, 1, 2].map((i) => ({ project_id: p.id, type: 'yesno', content: `Q${i}` }));
    const first = await t.call('POST', '/v1/tasks', { body, headers: { 'Idempotency-Key': k } });
    const second = await t.call('POST', '/v1/tasks', { body, headers: { 'Idempotency-Key': k } });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.text).toBe(first.text);
    expect(await countTasks(p.id)).toBe(3);
  });

  it('replays an async 202 and queues one operation', async () => {
    const p = await t.newProject(t.adminKey);
    const k = key();
    const body = [{ project_id: p.id, type: 'yesno', content: 'Q' }];
    const first = await t.call('POST', '/v1/tasks?async_mode=true', { body, headers: { 'Idempotency-Key': k } });
    const second = await t.call('POST', '/v1/tasks?async_mode=true', { body, headers: { 'Idempotency-Key': k } });
    expect(first.status).toBe(202);
    expect(second.text).toBe(first.text);
    await t.drainOperations();
    expect(await countTasks(p.id)).toBe(1);
  });

  it('refuses the same key with a different body with 422 idempotency_key_reused, creating nothing more', async () => {
    const p = await t.newProject(t.adminKey);
    const k = key();
    const first = await t.call('POST', '/v1/tasks', { body: { project_id: p.id, type: 'yesno', content: 'Cat?' }, headers: { 'Idempotency-Key': k } });
    expect(first.status).toBe(201);
    const other = await t.call('POST', '/v1/tasks', { body: { project_id: p.id, type: 'yesno', content: 'Dog?' }, headers: { 'Idempotency-Key': k } });
    expect(other.status).toBe(422);
    expect(other.json.error.code).toBe('idempotency_key_reused');
    expect(await countTasks(p.id)).toBe(1);
  });

  it('refuses the same key on a different query string as a different request', async () => {
    const p = await t.newProject(t.adminKey);
    const k = key();
    const body = [{ project_id: p.id, type: 'yesno', content: 'Cat?' }];
    expect((await t.call('POST', '/v1/tasks', { body, headers: { 'Idempotency-Key': k } })).status).toBe(201);
    const other = await t.call('POST', '/v1/tasks?skip_invalid_items=true', { body, headers: { 'Idempotency-Key': k } });
    expect(other.status).toBe(422);
    expect(other.json.error.code).toBe('idempotency_key_reused');
  });

  it('replays an error response too, byte for byte', async () => {
    const p = await t.newProject(t.adminKey);
    const k = key();
    const body = { project_id: p.id, type: 'label_text', input: { text: 'x' } };
    const first = await t.call('POST', '/v1/tasks', { body, headers: { 'Idempotency-Key': k } });
    expect(first.status).toBe(400);
    const second = await t.call('POST', '/v1/tasks', { body, headers: { 'Idempotency-Key': k } });
    expect(second.status).toBe(400);
    expect(second.text).toBe(first.text);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
  });

  it('replays a 409 for a duplicate unique_id with the same request id', async () => {
    const p = await t.newProject(t.adminKey);
    const uid = `uid-${randomUUID()}`;
    await t.call('POST', '/v1/tasks', { body: { project_id: p.id, type: 'yesno', content: 'first', unique_id: uid } });
    const k = key();
    const body = { project_id: p.id, type: 'yesno', content: 'second', unique_id: uid };
    const first = await t.call('POST', '/v1/tasks', { body, headers: { 'Idempotency-Key': k } });
    const second = await t.call('POST', '/v1/tasks', { body, headers: { 'Idempotency-Key': k } });
    expect([first.status, second.status]).toEqual([409, 409]);
    expect(second.json.error.request_id).toBe(first.json.error.request_id);
  });

  it('refuses a key longer than 255 characters, and accepts one of exactly 255', async () => {
    const p = await t.newProject(t.adminKey);
    const body = { project_id: p.id, type: 'yesno', content: 'Cat?' };
    const long = await t.call('POST', '/v1/tasks', { body, headers: { 'Idempotency-Key': 'k'.repeat(256) } });
    expect(long.status).toBe(400);
    expect(long.json.error.code).toBe('validation_error');
    expect(long.json.error.details.map((d: { field: string }) => d.field)).toEqual(['header.Idempotency-Key']);
    expect(await countTasks(p.id)).toBe(0);
    const max = await t.call('POST', '/v1/tasks', { body, headers: { 'Idempotency-Key': `${randomUUID()}${'k'.repeat(219)}` } });
    expect(max.status).toBe(201);
  });

  it('keeps keys apart between accounts', async () => {
    const otherKey = (await t.newAccount('Other')).apiKey;
    const mine = await t.newProject(t.adminKey);
    const theirs = await t.newProject(otherKey);
    const k = key();
    const a = await t.call('POST', '/v1/tasks', { body: { project_id: mine.id, type: 'yesno', content: 'x' }, headers: { 'Idempotency-Key': k } });
    const b = await t.call('POST', '/v1/tasks', { token: otherKey, body: { project_id: theirs.id, type: 'yesno', content: 'x' }, headers: { 'Idempotency-Key': k } });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.headers.get('idempotent-replayed')).toBeNull();
    expect(b.json.project_id).toBe(theirs.id);
  });

  it('creates one task when retries with the same key race each other', async () => {
    const p = await t.newProject(t.adminKey);
    const k = key();
    const body = { project_id: p.id, type: 'yesno', content: 'Cat?' };
    const results = await Promise.all([0, 1, 2].map(() => t.call('POST', '/v1/tasks', { body, headers: { 'Idempotency-Key': k } })));
    // Each racer either ran the request, replayed it, or was told the first is still in flight (409).
    for (const r of results) expect([201, 409]).toContain(r.status);
    for (const r of results.filter((x) => x.status === 409)) expect(r.json.error.code).toBe('idempotency_key_in_use');
    const created = results.filter((r) => r.status === 201);
    expect(new Set(created.map((r) => r.text)).size).toBe(1);
    expect(await countTasks(p.id)).toBe(1);
  });

  it('makes cancel idempotent under a key as well', async () => {
    const p = await t.newProject(t.adminKey);
    const task = await t.call('POST', '/v1/tasks', { body: { project_id: p.id, type: 'yesno', content: 'x' } });
    const k = key();
    const first = await t.call('POST', `/v1/tasks/${task.json.id}/cancel`, { headers: { 'Idempotency-Key': k } });
    const second = await t.call('POST', `/v1/tasks/${task.json.id}/cancel`, { headers: { 'Idempotency-Key': k } });
    expect(first.status).toBe(200);
    expect(second.text).toBe(first.text);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
  });
});
