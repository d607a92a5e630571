import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../support/stores.ts';
import { openTestApp, type TestApp } from '../support/test-app.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type Listed = { id: string; content: string; created_at: string; updated_at: string };

// GET /v1/tasks: keyset pagination and every filter of SPEC §3.2.
describeEachStore('GET /v1/tasks', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(ctx.store);
  });

  const create = async (projectId: string, extra: Record<string, unknown> = {}) => {
    const r = await t.call('POST', '/v1/tasks', { body: { project_id: projectId, type: 'yesno', content: 'x', ...extra } });
    expect(r.status).toBe(201);
    return r.json as Listed;
  };
  const list = async (query: string) => {
    const r = await t.call('GET', `/v1/tasks?${query}`);
    expect(r.status).toBe(200);
    return r.json as { data: Listed[]; has_more: boolean; next_cursor: string | null };
  };
  const ids = async (query: string) => (await list(query)).data.map((x) => x.id);

  it('pages through tasks in creation order without overlap or gaps', async () => {
    const p = await t.newProject(t.adminKey);
    const created: string[] = [];
    for (let i = 0; i < 5; i++) created.push((await create(p.id, { content: `Q${i}` })).id);

    const first = await list(`project_id=${p.id}&limit=2`);
    expect(first.data.map((x) => x.content)).toEqual(['Q0', 'Q1']);
    expect(first.has_more).toBe(true);
    expect(first.next_cursor).toEqual(expect.any(String));

    const second = await list(`project_id=${p.id}&limit=2&cursor=${first.next_cursor}`);
    expect(second.data.map((x) => x.content)).toEqual(['Q2', 'Q3']);
    expect(second.has_more).toBe(true);

    const last = await list(`project_id=${p.id}&limit=2&cursor=${second.next_cursor}`);
    expect(last.data.map((x) => x.content)).toEqual(['Q4']);
    expect(last.has_more).toBe(false);
    expect(last.next_cursor).toBeNull();

    expect([...first.data, ...second.data, ...last.data].map((x) => x.id)).toEqual(created);
  });

  it('ends with has_more false when the last page is exactly full', async () => {
    const p = await t.newProject(t.adminKey);
    for (let i = 0; i < 4; i++) await create(p.id);
    const first = await list(`project_id=${p.id}&limit=2`);
    const second = await list(`project_id=${p.id}&limit=2&cursor=${first.next_cursor}`);
    expect(second.data).toHaveLength(2);
    expect(second.has_more).toBe(false);
    expect(second.next_cursor).toBeNull();
  });

  it('answers an empty page for a project without tasks', async () => {
    const p = await t.newProject(t.adminKey);
    expect(await list(`project_id=${p.id}`)).toEqual({ data: [], has_more: false, next_cursor: null });
  });

  it('keeps a cursor valid while more tasks are created', async () => {
    const p = await t.newProject(t.adminKey);
    for (let i = 0; i < 3; i++) await create(p.id, { content: `Q${i}` });
    const first = await list(`project_id=${p.id}&limit=2`);
    await create(p.id, { content: 'Q3' });
    const rest = await list(`project_id=${p.id}&limit=10&cursor=${first.next_cursor}`);
    expect(rest.data.map((x) => x.content)).toEqual(['Q2', 'Q3']);
  });

  it('refuses a limit above 1000 or below 1, naming limit', async () => {
    for (const limit of ['1001', '0', 'ten']) {
      const r = await t.call('GET', `/v1/tasks?limit=${limit}`);
      expect(r.status).toBe(400);
      expect(r.json.error.code).toBe('validation_error');
      expect(r.json.error.details.map((d: { field: string }) => d.field)).toEqual(['query.limit']);
    }
    expect((await t.call('GET', '/v1/tasks?limit=1000')).status).toBe(200);
  });

  it('refuses a cursor it did not hand out', async () => {
    for (const cursor of ['garbage', 'djE6', '%%%', 'x'.repeat(600)]) {
      const r = await t.call('GET', `/v1/tasks?cursor=${cursor}`);
      expect(r.status).toBe(400);
      expect(r.json.error.code).toBe('validation_error');
    }
  });

  it('refuses an unknown query parameter, naming it', async () => {
    const r = await t.call('GET', '/v1/tasks?projectid=abc');
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('validation_error');
    expect(r.json.error.details.map((d: { field: string }) => d.field)).toEqual(['query.projectid']);
  });

  it('filters by project_id', async () => {
    const a = await t.newProject(t.adminKey);
    const b = await t.newProject(t.adminKey);
    const ta = await create(a.id);
    const tb = await create(b.id);
    expect(await ids(`project_id=${a.id}`)).toEqual([ta.id]);
    expect(await ids(`project_id=${b.id}`)).toEqual([tb.id]);
  });

  it('filters by status, seeing a cancel', async () => {
    const p = await t.newProject(t.adminKey);
    const keep = await create(p.id);
    const gone = await create(p.id);
    expect((await t.call('POST', `/v1/tasks/${gone.id}/cancel`)).status).toBe(200);
    expect(await ids(`project_id=${p.id}&status=pending`)).toEqual([keep.id]);
    expect(await ids(`project_id=${p.id}&status=canceled`)).toEqual([gone.id]);
    expect(await ids(`project_id=${p.id}&status=completed`)).toEqual([]);
    const bad = await t.call('GET', '/v1/tasks?status=done');
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.map((d: { field: string }) => d.field)).toEqual(['query.status']);
  });

  it('filters by type', async () => {
    const p = await t.newProject(t.adminKey);
    await create(p.id);
    const fact = await create(p.id, { type: 'verify_fact', content: undefined, input: { claim: 'c', context: 'x' } });
    expect(await ids(`project_id=${p.id}&type=verify_fact`)).toEqual([fact.id]);
    expect((await t.call('GET', '/v1/tasks?type=llm_generate')).status).toBe(400);
  });

  it('filters by tag', async () => {
    const p = await t.newProject(t.adminKey);
    const tag = `tag-${randomUUID().slice(0, 8)}`;
    const both = await create(p.id, { tags: [tag, 'other'] });
    await create(p.id, { tags: ['other'] });
    const only = await create(p.id, { tags: [tag] });
    expect(await ids(`project_id=${p.id}&tag=${tag}`)).toEqual([both.id, only.id]);
    expect(await ids(`tag=${tag}`)).toEqual([both.id, only.id]);
    expect(await ids(`project_id=${p.id}&tag=nobody-uses-this`)).toEqual([]);
  });

  it('pages through a tag filter', async () => {
    const p = await t.newProject(t.adminKey);
    const tag = `tag-${randomUUID().slice(0, 8)}`;
    const tagged: string[] = [];
    for (let i = 0; i < 5; i++) {
      await create(p.id, { tags: ['noise'] });
      tagged.push((await create(p.id, { tags: [tag] })).id);
    }
    const first = await list(`tag=${tag}&limit=3`);
    const second = await list(`tag=${tag}&limit=3&cursor=${first.next_cursor}`);
    expect([...first.data, ...second.data].map((x) => x.id)).toEqual(tagged);
    expect(second.has_more).toBe(false);
  });

  it('filters by unique_id', async () => {
    const p = await t.newProject(t.adminKey);
    const uid = `uid-${randomUUID()}`;
    await create(p.id);
    const mine = await create(p.id, { unique_id: uid });
    expect(await ids(`unique_id=${uid}`)).toEqual([mine.id]);
    expect(await ids(`unique_id=nope-${randomUUID()}`)).toEqual([]);
  });

  it('filters by created_after and created_before, exclusive of the bounds', async () => {
    const p = await t.newProject(t.adminKey);
    const a = await create(p.id);
    await sleep(5);
    const b = await create(p.id);
    await sleep(5);
    const c = await create(p.id);
    expect(await ids(`project_id=${p.id}&created_after=${a.created_at}`)).toEqual([b.id, c.id]);
    expect(await ids(`project_id=${p.id}&created_before=${c.created_at}`)).toEqual([a.id, b.id]);
    expect(await ids(`project_id=${p.id}&created_after=${a.created_at}&created_before=${c.created_at}`)).toEqual([b.id]);
  });

  it('reads time filters given with an offset or without milliseconds', async () => {
    const p = await t.newProject(t.adminKey);
    const a = await create(p.id);
    const created = new Date(a.created_at);
    // The same instant one hour ahead of UTC; and a whole second before, without milliseconds.
    const plusOne = new Date(created.getTime() + 3_600_000).toISOString().replace('Z', '+01:00');
    const secondBefore = new Date(Math.floor(created.getTime() / 1000) * 1000 - 1000).toISOString().replace('.000Z', 'Z');
    expect(await ids(`project_id=${p.id}&created_before=${encodeURIComponent(plusOne)}`)).toEqual([]);
    expect(await ids(`project_id=${p.id}&created_after=${encodeURIComponent(secondBefore)}`)).toEqual([a.id]);
    const bad = await t.call('GET', '/v1/tasks?created_after=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.map((d: { field: string }) => d.field)).toEqual(['query.created_after']);
  });

  it('filters by updated_after, seeing a PATCH', async () => {
    const p = await t.newProject(t.adminKey);
    const a = await create(p.id);
    const b = await create(p.id);
    await sleep(5);
    const patched = await t.call('PATCH', `/v1/tasks/${a.id}`, { body: { priority: 90 } });
    expect(patched.status).toBe(200);
    expect(patched.json.updated_at > b.updated_at).toBe(true);
    expect(await ids(`project_id=${p.id}&updated_after=${b.updated_at}`)).toEqual([a.id]);
  });

  it('filters by review_status', async () => {
    const p = await t.newProject(t.adminKey);
    const plain = await create(p.id);
    const reviewed = await create(p.id, { consensus_strategy: 'requester_review' });
    // Reaching review takes helpers' answers; the work engine has its own tests, so set the state directly.
    await ctx.store.db.updateTable('tasks').set({ status: 'needs_review', review_status: 'pending' }).where('id', '=', reviewed.id).execute();
    expect(await ids(`project_id=${p.id}&review_status=pending`)).toEqual([reviewed.id]);
    expect(await ids(`project_id=${p.id}&review_status=accepted`)).toEqual([]);
    expect(await ids(`project_id=${p.id}`)).toEqual([plain.id, reviewed.id]);
    expect((await t.call('GET', '/v1/tasks?review_status=maybe')).status).toBe(400);
  });

  it('combines filters', async () => {
    const p = await t.newProject(t.adminKey);
    const tag = `tag-${randomUUID().slice(0, 8)}`;
    const hit = await create(p.id, { tags: [tag] });
    const canceled = await create(p.id, { tags: [tag] });
    await create(p.id);
    await t.call('POST', `/v1/tasks/${canceled.id}/cancel`);
    expect(await ids(`project_id=${p.id}&tag=${tag}&status=pending&type=yesno`)).toEqual([hit.id]);
  });

  it('never lists another account\u2019s tasks, even by its project_id', async () => {
    const otherKey = (await t.newAccount('Other')).apiKey;
    const theirs = await t.newProject(otherKey);
    const theirTask = await t.call('POST', '/v1/tasks', { token: otherKey, body: { project_id: theirs.id, type: 'yesno', content: 'secret' } });
    expect(await ids(`project_id=${theirs.id}`)).toEqual([]);
    expect((await t.call('GET', `/v1/tasks/${theirTask.json.id}`)).status).toBe(404);
    const theirList = await t.call('GET', '/v1/tasks', { token: otherKey });
    expect(theirList.json.data.map((x: Listed) => x.id)).toEqual([theirTask.json.id]);
  });

  it('answers 404 for a task id that does not exist', async () => {
    const r = await t.call('GET', `/v1/tasks/${randomUUID()}`);
    expect(r.status).toBe(404);
    expect(r.json.error.code).toBe('not_found');
  });
});
