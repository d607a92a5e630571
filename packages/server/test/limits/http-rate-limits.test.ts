import { randomUUID } from 'node:crypto';
import { beforeAll, beforeEach, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/core/limits/create-rate-limiter.ts';
import { describeEachStore } from '../support/stores.ts';
import { openTestApp, type TestApp } from '../support/test-app.ts';

/**
 * SPEC §3.7: rate limits per API key and per helper, answered with 429 `rate_limited` and `Retry-After`.
 * The app gets the limiter its store would get in a server (in memory on SQLite, the shared table on
 * PostgreSQL) on a clock the tests move: 10 requests per second with bursts of 5, 100 tasks per minute.
 */
describeEachStore('rate limits over HTTP', (ctx) => {
  let t: TestApp;
  let now = Date.UTC(2026, 0, 1);
  beforeAll(async () => {
    const limiter = createRateLimiter(ctx.store, { requestsPerSecond: 10, requestsBurst: 5, tasksPerMinute: 100 }, { clock: () => now });
    t = await openTestApp(ctx.store, {}, { rateLimiter: limiter });
  });
  // Every test starts with full allowances.
  beforeEach(() => {
    now += 3_600_000;
  });

  const statuses = async (n: number, token: string) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await t.call('GET', '/v1/me', { token })).status);
    return out;
  };
  const tasks = (projectId: string, n: number) => Array.from({ length: n }, (_, i) => ({ project_id: projectId, type: 'yesno', content: `Q${i}` }));

  it('answers 429 rate_limited with Retry-After once a key has spent its burst, and only for that key', async () => {
    const { key: projectKey } = await t.newProject(t.adminKey);
    now += 3_600_000;
    expect(await statuses(5, t.adminKey)).toEqual([200, 200, 200, 200, 200]);
    const refused = await t.call('GET', '/v1/me');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.json.error).toMatchObject({ code: 'rate_limited', details: { retry_after_seconds: 1, limit: 'requests' } });
    expect(refused.json.error.message).toMatch(/requests per second for this API key/);
    expect(refused.json.error.request_id).toMatch(/^req_/);
    expect(await statuses(5, projectKey)).toEqual([200, 200, 200, 200, 200]);
  });

  it('lets requests through again once the wait is over', async () => {
    await statuses(5, t.adminKey);
    expect((await t.call('GET', '/v1/me')).status).toBe(429);
    now += 99;
    expect((await t.call('GET', '/v1/me')).status).toBe(429);
    now += 1;
    expect((await t.call('GET', '/v1/me')).status).toBe(200);
    now += 300;
    expect(await statuses(4, t.adminKey)).toEqual([200, 200, 200, 429]);
  });

  it('limits a helper by its session, apart from the requester', async () => {
    const p = await t.newProject(t.adminKey);
    const email = `helper-${randomUUID()}@example.test`;
    const invited = await t.call('POST', '/v1/helpers', { body: { email, name: 'Ana', project_ids: [p.id] } });
    const password = 'a long enough password';
    const accepted = await t.call('POST', '/v1/auth/accept-invite', { token: null, body: { token: invited.json.invite_token, password } });
    const second = await t.call('POST', '/v1/auth/login', { token: null, body: { email, password } });
    now += 3_600_000;
    const claims: number[] = [];
    for (let i = 0; i < 6; i++) claims.push((await t.call('POST', '/v1/work/claim', { token: accepted.json.token, body: { project_id: p.id } })).status);
    expect(claims).toEqual([204, 204, 204, 204, 204, 429]);
    expect((await t.call('POST', '/v1/work/claim', { token: accepted.json.token, body: { project_id: p.id } })).json.error.message).toMatch(/for this user/);
    // Another session of the same helper shares the allowance; the requester's key has its own.
    expect((await t.call('GET', '/v1/me', { token: second.json.token })).status).toBe(429);
    expect(await statuses(5, t.adminKey)).toEqual([200, 200, 200, 200, 200]);
  });

  it('spends nothing on a request the route refuses to its caller, nor on a revoked key', async () => {
    const p = await t.newProject(t.adminKey);
    const email = `helper-${randomUUID()}@example.test`;
    const invited = await t.call('POST', '/v1/helpers', { body: { email, name: 'Bo', project_ids: [p.id] } });
    const helper = (await t.call('POST', '/v1/auth/accept-invite', { token: null, body: { token: invited.json.invite_token, password: 'a long enough password' } })).json.token;
    const revoked = await t.call('POST', '/v1/api-keys', { body: { name: 'gone' } });
    expect((await t.call('DELETE', `/v1/api-keys/${revoked.json.api_key.id}`)).status).toBe(200);
    now += 3_600_000;
    // A helper on a requester's route, an API key on a helper's: refused before any allowance is spent.
    for (let i = 0; i < 8; i++) {
      expect((await t.call('GET', '/v1/projects', { token: helper })).status).toBe(403);
      expect((await t.call('POST', '/v1/work/claim', { body: { project_id: p.id } })).status).toBe(403);
      expect((await t.call('GET', '/v1/me', { token: revoked.json.secret })).status).toBe(401);
    }
    const claims: number[] = [];
    for (let i = 0; i < 6; i++) claims.push((await t.call('POST', '/v1/work/claim', { token: helper, body: { project_id: p.id } })).status);
    expect(claims).toEqual([204, 204, 204, 204, 204, 429]);
    expect(await statuses(6, t.adminKey)).toEqual([200, 200, 200, 200, 200, 429]);
    if (ctx.backend === 'postgres') {
      const rows = await ctx.store.db.selectFrom('rate_limits').select('principal').where('principal', '=', `key:${revoked.json.api_key.id}`).execute();
      expect(rows).toEqual([]);
    }
  });

  it('counts every task of a batch against the tasks per minute, with Retry-After from what is missing', async () => {
    const p = await t.newProject(t.adminKey);
    now += 3_600_000;
    expect((await t.call('POST', '/v1/tasks', { body: tasks(p.id, 60) })).status).toBe(201);
    expect((await t.call('POST', '/v1/tasks', { body: tasks(p.id, 1)[0] })).status).toBe(201);
    expect((await t.call('POST', '/v1/tasks', { body: tasks(p.id, 39) })).status).toBe(201);
    now += 1_000;
    const refused = await t.call('POST', '/v1/tasks', { body: tasks(p.id, 10) });
    expect(refused.status).toBe(429);
    // 100 tasks a minute is one every 0.6 s: one second gave back 1.67 tasks, the other 8.33 need 5 s more.
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(refused.json.error.message).toMatch(/tasks per minute \(this request creates 10\)/);
    // Requests that create no task still pass.
    expect((await t.call('GET', `/v1/tasks?project_id=${p.id}&limit=1`)).status).toBe(200);
    now += 5_000;
    expect((await t.call('POST', '/v1/tasks', { body: tasks(p.id, 10) })).status).toBe(201);
    const listed = await t.call('GET', `/v1/tasks?project_id=${p.id}&limit=1000`);
    expect(listed.json.data).toHaveLength(110);
  });

  it('counts the tasks of an async batch as well', async () => {
    const p = await t.newProject(t.adminKey);
    now += 3_600_000;
    expect((await t.call('POST', '/v1/tasks?async_mode=true', { body: tasks(p.id, 100) })).status).toBe(202);
    expect((await t.call('POST', '/v1/tasks?async_mode=true', { body: tasks(p.id, 1) })).status).toBe(429);
  });

  it('does not store a refusal under the Idempotency-Key, so the retry runs', async () => {
    const p = await t.newProject(t.adminKey);
    now += 3_600_000;
    await t.call('POST', '/v1/tasks', { body: tasks(p.id, 100) });
    const headers = { 'Idempotency-Key': `k-${randomUUID()}` };
    expect((await t.call('POST', '/v1/tasks', { body: tasks(p.id, 5), headers })).status).toBe(429);
    now += 60_000;
    const retried = await t.call('POST', '/v1/tasks', { body: tasks(p.id, 5), headers });
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
  });

  it('spends a request on a task route even when the body cannot be read', async () => {
    await statuses(5, t.adminKey);
    const r = await t.call('POST', '/v1/tasks', { rawBody: '{not json' });
    expect(r.status).toBe(429);
  });
});
