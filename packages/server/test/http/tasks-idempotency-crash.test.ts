import { beforeAll, expect, it } from 'vitest';
import { authenticate } from '../../src/core/accounts/authenticate.ts';
import { beginIdempotent, finishIdempotent, runIdempotent } from '../../src/core/idempotency-keys.ts';
import type { Principal } from '../../src/core/principal.ts';
import { createTasks } from '../../src/core/tasks/create-tasks.ts';
import { describeEachStore } from '../support/stores.ts';
import { openTestApp, type TestApp } from '../support/test-app.ts';

// These walk the steps the HTTP layer takes for a request with an Idempotency-Key (begin, run, finish),
// stopping where a killed process would stop.
describeEachStore('idempotency across a crash', (ctx) => {
  let t: TestApp;
  let p: Principal;
  let projectId: string;
  beforeAll(async () => {
    t = await openTestApp(ctx.store);
    p = (await authenticate(ctx.store, t.adminKey)) as Principal;
    projectId = (await t.newProject(t.adminKey)).id;
  });

  const create = (tag: string) =>
    createTasks(ctx.store, p, [{ project_id: projectId, type: 'yesno', content: 'Is it?', tags: [tag] }], { skipInvalidItems: false, single: true, credits: false });
  const count = async (tag: string) => (await t.call('GET', `/v1/tasks?tag=${tag}`)).json.data.length;
  const lockRunsOut = (key: string) => ctx.store.db.updateTable('idempotency_keys').set({ locked_until: '2000-01-01T00:00:00.000Z' }).where('key', '=', key).execute();

  it('refuses a retry whose first attempt committed but died before storing its response', async () => {
    expect((await beginIdempotent(ctx.store, p.accountId, 'k-applied', 'h')).kind).toBe('proceed');
    await runIdempotent(p.accountId, 'k-applied', () => create('applied'));
    await lockRunsOut('k-applied');
    await expect(beginIdempotent(ctx.store, p.accountId, 'k-applied', 'h')).rejects.toMatchObject({ code: 'conflict' });
    expect(await count('applied')).toBe(1);
  });

  it('runs the retry when the first attempt died before anything committed', async () => {
    expect((await beginIdempotent(ctx.store, p.accountId, 'k-lost', 'h')).kind).toBe('proceed');
    await lockRunsOut('k-lost');
    expect((await beginIdempotent(ctx.store, p.accountId, 'k-lost', 'h')).kind).toBe('proceed');
  });

  it('keeps the key of a request that took effect and then failed, so a retry cannot double it', async () => {
    expect((await beginIdempotent(ctx.store, p.accountId, 'k-failed', 'h')).kind).toBe('proceed');
    await expect(
      runIdempotent(p.accountId, 'k-failed', async () => {
        await create('failed-after');
        throw new Error('crashed after the commit');
      }),
    ).rejects.toThrow('crashed');
    await finishIdempotent(ctx.store, p.accountId, 'k-failed', { status: 500, contentType: '', body: '' });
    await lockRunsOut('k-failed');
    await expect(beginIdempotent(ctx.store, p.accountId, 'k-failed', 'h')).rejects.toMatchObject({ code: 'conflict' });
    expect(await count('failed-after')).toBe(1);
  });

  it('still replays a finished request byte for byte', async () => {
    expect((await beginIdempotent(ctx.store, p.accountId, 'k-done', 'h')).kind).toBe('proceed');
    await runIdempotent(p.accountId, 'k-done', () => create('done'));
    await finishIdempotent(ctx.store, p.accountId, 'k-done', { status: 201, contentType: 'application/json', body: '{"x":1}' });
    expect(await beginIdempotent(ctx.store, p.accountId, 'k-done', 'h')).toEqual({ kind: 'replay', status: 201, contentType: 'application/json', body: '{"x":1}' });
  });
});
