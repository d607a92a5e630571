import { beforeAll, describe, expect, it } from 'vitest';
import { Project, ProjectStats, TASK_STATUSES } from '@minga/api-contracts';
import { describeEachStore } from '../support/stores.ts';
import { openTestApp, type CallResult, type TestApp } from '../support/test-app.ts';

function expectError(r: CallResult, status: number, code: string): void {
  expect(r.status, r.text).toBe(status);
  expect(r.json.error).toMatchObject({ code, message: expect.any(String), request_id: expect.stringMatching(/^req_/) });
  expect(r.headers.get('x-request-id')).toBe(r.json.error.request_id);
}

const fieldsOf = (r: CallResult): string[] => (r.json.error.details as { field: string }[]).map((d) => d.field).sort();
const MISSING = '01900000-0000-7000-8000-000000000000';

describeEachStore('projects', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(ctx.store);
  });

  describe('create', () => {
    it('201 with the project and a project-scoped key shown once', async () => {
      const r = await t.call('POST', '/v1/projects', { body: { name: '  Cats  ', description: 'Is it a cat?', defaults: { type: 'yesno', priority: 'high', overlap: 3 } } });
      expect(r.status, r.text).toBe(201);
      expect(Object.keys(r.json).sort()).toEqual(['api_key', 'project']);
      const project = Project.strict().parse(r.json.project);
      expect(project).toMatchObject({ name: 'Cats', description: 'Is it a cat?', status: 'open', defaults: { type: 'yesno', priority: 'high', overlap: 3 } });
      expect(project.quality).toEqual({ control_rate: 0.1, ban_below_accuracy: null, ban_min_control_answers: 5, min_seconds_per_task: null, ban_after_fast_answers: 3 });
      expect(project.created_at).toBe(project.updated_at);
      expect(r.json.api_key).toMatch(/^mk_live_/);
      const me = await t.call('GET', '/v1/me', { token: r.json.api_key });
      expect(me.json.api_key).toMatchObject({ project_id: project.id, mode: 'live' });
    });

    it('with only a name: no description, empty defaults', async () => {
      const r = await t.call('POST', '/v1/projects', { body: { name: 'Bare' } });
      expect(r.status, r.text).toBe(201);
      expect(r.json.project).toMatchObject({ description: null, defaults: {} });
    });

    it("a test key's project comes with a test key", async () => {
      const testKey = await t.call('POST', '/v1/api-keys', { body: { mode: 'test' } });
      const r = await t.call('POST', '/v1/projects', { token: testKey.json.secret, body: { name: 'Sandbox' } });
      expect(r.status, r.text).toBe(201);
      expect(r.json.api_key).toMatch(/^mk_test_/);
    });

    it.each([
      [{}, ['name']],
      [{ name: '' }, ['name']],
      [{ name: '   ' }, ['name']],
      [{ name: 'x'.repeat(201) }, ['name']],
      [{ name: 'ok', colour: 'red' }, ['colour']],
      [{ name: 'ok', defaults: { priority: 101 } }, ['defaults.priority']],
      [{ name: 'ok', defaults: { priority: 'asap' } }, ['defaults.priority']],
      [{ name: 'ok', defaults: { overlap: 0, consensus_strategy: 'loudest' } }, ['defaults.consensus_strategy', 'defaults.overlap']],
      [{ name: 'ok', defaults: { project_id: 'p' } }, ['defaults.project_id']],
      [{ name: 'ok', defaults: { unique_id: 'u' } }, ['defaults.unique_id']],
      [{ name: 'ok', defaults: { callback_url: 'ftp://example.com' } }, ['defaults.callback_url']],
      [{ name: 'ok', quality: { control_rate: 2 } }, ['quality.control_rate']],
      [{ name: 'ok', defaults: 'yesno' }, ['defaults']],
    ])('%j is 400 naming %j', async (body, fields) => {
      const r = await t.call('POST', '/v1/projects', { body });
      expectError(r, 400, 'validation_error');
      expect(fieldsOf(r)).toEqual(fields);
    });
  });

  describe('read and list', () => {
    it('GET returns what POST created', async () => {
      const created = await t.call('POST', '/v1/projects', { body: { name: 'Readable', defaults: { type: 'fill' } } });
      const r = await t.call('GET', `/v1/projects/${created.json.project.id}`);
      expect(r.status, r.text).toBe(200);
      expect(r.json).toEqual(created.json.project);
    });

    it('an unknown id is 404 on every project route', async () => {
      for (const [method, path] of [
        ['GET', `/v1/projects/${MISSING}`],
        ['PATCH', `/v1/projects/${MISSING}`],
        ['POST', `/v1/projects/${MISSING}/open`],
        ['POST', `/v1/projects/${MISSING}/close`],
        ['GET', `/v1/projects/${MISSING}/stats`],
      ] as const) {
        expectError(await t.call(method, path, method === 'PATCH' ? { body: { name: 'x' } } : {}), 404, 'not_found');
      }
    });

    it('the list pages through every project once, in creation order', async () => {
      const other = await t.newAccount();
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await t.newProject(other.apiKey, { name: `P${i}` })).id);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const r: CallResult = await t.call('GET', `/v1/projects?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: other.apiKey });
        expect(r.status, r.text).toBe(200);
        expect(Object.keys(r.json).sort()).toEqual(['data', 'has_more', 'next_cursor']);
        for (const p of r.json.data) Project.strict().parse(p);
        seen.push(...r.json.data.map((p: { id: string }) => p.id));
        cursor = r.json.next_cursor;
        expect(r.json.has_more).toBe(cursor !== null);
        pages++;
      } while (cursor);
      expect(seen).toEqual(ids);
      expect(pages).toBe(3);
    });

    it('limit is checked: 0 and 1001 are 400', async () => {
      expectError(await t.call('GET', '/v1/projects?limit=0'), 400, 'validation_error');
      expectError(await t.call('GET', '/v1/projects?limit=1001'), 400, 'validation_error');
      expect((await t.call('GET', '/v1/projects?limit=1000')).status).toBe(200);
    });
  });

  describe('update', () => {
    it('PATCH changes name, description and defaults; created_at stays', async () => {
      const { id } = await t.newProject(t.adminKey, { name: 'Before', description: 'old', defaults: { type: 'yesno' } });
      const before = (await t.call('GET', `/v1/projects/${id}`)).json;
      const r = await t.call('PATCH', `/v1/projects/${id}`, { body: { name: 'After', description: null, defaults: { type: 'multi', answers: ['a', 'b'], priority: 80 } } });
      expect(r.status, r.text).toBe(200);
      expect(r.json).toMatchObject({ id, name: 'After', description: null, defaults: { type: 'multi', answers: ['a', 'b'], priority: 80 }, created_at: before.created_at });
      expect(r.json.updated_at >= before.updated_at).toBe(true);
      expect((await t.call('GET', `/v1/projects/${id}`)).json).toEqual(r.json);
    });

    it('new defaults replace the old ones; an empty PATCH changes nothing but updated_at', async () => {
      const { id } = await t.newProject(t.adminKey, { defaults: { type: 'yesno', overlap: 3 } });
      const replaced = await t.call('PATCH', `/v1/projects/${id}`, { body: { defaults: { priority: 10 } } });
      expect(replaced.json.defaults).toEqual({ priority: 10 });
      const empty = await t.call('PATCH', `/v1/projects/${id}`, { body: {} });
      expect(empty.status, empty.text).toBe(200);
      expect({ ...empty.json, updated_at: null }).toEqual({ ...replaced.json, updated_at: null });
    });

    it.each([
      [{ defaults: { priority: 500 } }, ['defaults.priority']],
      [{ defaults: { priority: -1 } }, ['defaults.priority']],
      [{ defaults: { overlap: 21 } }, ['defaults.overlap']],
      [{ defaults: { claim_timeout_minutes: 1 } }, ['defaults.claim_timeout_minutes']],
      [{ defaults: { tags: ['a', 'a'] } }, ['defaults.tags']],
      [{ defaults: { reward: -5 } }, ['defaults.reward']],
      [{ name: '' }, ['name']],
      [{ status: 'closed' }, ['status']],
      [{ id: 'other' }, ['id']],
    ])('PATCH %j is 400 naming %j and changes nothing', async (body, fields) => {
      const { id } = await t.newProject(t.adminKey, { name: 'Stable', defaults: { priority: 50 } });
      const before = (await t.call('GET', `/v1/projects/${id}`)).json;
      const r = await t.call('PATCH', `/v1/projects/${id}`, { body });
      expectError(r, 400, 'validation_error');
      expect(fieldsOf(r)).toEqual(fields);
      expect((await t.call('GET', `/v1/projects/${id}`)).json).toEqual(before);
    });

    it('the priority error says what a priority may be', async () => {
      const { id } = await t.newProject(t.adminKey);
      const big = await t.call('PATCH', `/v1/projects/${id}`, { body: { defaults: { priority: 500 } } });
      expect(big.json.error.message).toMatch(/^defaults\.priority: .*100/);
      const word = await t.call('PATCH', `/v1/projects/${id}`, { body: { defaults: { priority: 'asap' } } });
      expect(word.json.error.message).toMatch(/^defaults\.priority: .*low, normal, high or urgent/);
    });

    it("a task left without a field takes the project's default", async () => {
      const { id } = await t.newProject(t.adminKey, { defaults: { type: 'yesno', priority: 'urgent', tags: ['from-project'] } });
      const task = await t.call('POST', '/v1/tasks', { body: { project_id: id, content: 'Default me?' } });
      expect(task.status, task.text).toBe(201);
      expect(task.json).toMatchObject({ type: 'yesno', priority: 100, tags: ['from-project'] });
      const own = await t.call('POST', '/v1/tasks', { body: { project_id: id, content: 'Mine', priority: 5 } });
      expect(own.json.priority).toBe(5);
    });
  });

  describe('open and close', () => {
    it('close then open flips the status; each is idempotent', async () => {
      const { id } = await t.newProject(t.adminKey);
      const closed = await t.call('POST', `/v1/projects/${id}/close`);
      expect(closed.status, closed.text).toBe(200);
      expect(closed.json.status).toBe('closed');
      const again = await t.call('POST', `/v1/projects/${id}/close`);
      expect(again.json).toEqual(closed.json);
      expect((await t.call('GET', `/v1/projects/${id}`)).json.status).toBe('closed');
      const opened = await t.call('POST', `/v1/projects/${id}/open`);
      expect(opened.json.status).toBe('open');
      expect((await t.call('POST', `/v1/projects/${id}/open`)).json.status).toBe('open');
    });

    it('a closed project hands out no work; reopened, it does', async () => {
      const { id } = await t.newProject(t.adminKey, { defaults: { type: 'yesno' } });
      expect((await t.call('POST', '/v1/tasks', { body: { project_id: id, content: 'Work?' } })).status).toBe(201);
      const session = await t.adminSession();
      await t.call('POST', `/v1/projects/${id}/close`);
      const none = await t.call('POST', '/v1/work/claim', { token: session, body: { project_id: id } });
      expect(none.status, none.text).toBe(204);
      await t.call('POST', `/v1/projects/${id}/open`);
      const some = await t.call('POST', '/v1/work/claim', { token: session, body: { project_id: id } });
      expect(some.status, some.text).toBe(200);
      expect(some.json.project_id).toBe(id);
    });

    it('a closed project still takes tasks and answers reads', async () => {
      const { id } = await t.newProject(t.adminKey, { defaults: { type: 'yesno' } });
      await t.call('POST', `/v1/projects/${id}/close`);
      expect((await t.call('POST', '/v1/tasks', { body: { project_id: id, content: 'Queued?' } })).status).toBe(201);
      expect((await t.call('GET', `/v1/projects/${id}/stats`)).json.tasks.pending).toBe(1);
    });
  });

  describe('stats', () => {
    it('has the documented shape, all zero for a new project', async () => {
      const { id } = await t.newProject(t.adminKey);
      const r = await t.call('GET', `/v1/projects/${id}/stats`);
      expect(r.status, r.text).toBe(200);
      const stats = ProjectStats.strict().parse(r.json);
      expect(stats).toEqual({
        project_id: id,
        tasks: Object.fromEntries(['total', ...TASK_STATUSES].map((s) => [s, 0])),
        answers: 0,
        throughput: { completed_last_hour: 0, answers_last_hour: 0, hourly: [] },
        agreement: null,
      });
    });

    it('counts tasks by status as they are created and canceled', async () => {
      const { id } = await t.newProject(t.adminKey, { defaults: { type: 'yesno' } });
      const batch = await t.call('POST', '/v1/tasks', { body: [1, 2, 3].map((n) => ({ project_id: id, content: `Task ${n}?` })) });
      expect(batch.status, batch.text).toBe(201);
      const first = Object.values(batch.json.items as Record<string, { id: string }>)[0] as { id: string };
      expect((await t.call('POST', `/v1/tasks/${first.id}/cancel`)).status).toBe(200);
      const r = await t.call('GET', `/v1/projects/${id}/stats`);
      expect(r.json.tasks).toMatchObject({ total: 3, pending: 2, canceled: 1, completed: 0, in_progress: 0 });
    });

    it("another project's tasks are not counted", async () => {
      const a = await t.newProject(t.adminKey, { defaults: { type: 'yesno' } });
      const b = await t.newProject(t.adminKey, { defaults: { type: 'yesno' } });
      await t.call('POST', '/v1/tasks', { body: { project_id: a.id, content: 'A?' } });
      expect((await t.call('GET', `/v1/projects/${b.id}/stats`)).json.tasks.total).toBe(0);
    });
  });
});
