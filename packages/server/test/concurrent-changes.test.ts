import { beforeAll, expect, it } from 'vitest';
import { expectLedgerInvariants } from './credits/ledger-invariants.ts';
import { claim, newHelper, submit } from './support/helpers.ts';
import { describeEachStore } from './support/stores.ts';
import { openTestApp, type TestApp } from './support/test-app.ts';

const TASKS = 24;

// A requester's changes to one row (a task's redo, audits and cancel; a project's fields; a helper's
// projects; a webhook secret) sent at the same moment: each is judged on the row as it is when the change
// is made, never on a copy read before another change committed. On PostgreSQL they run at once. Before
// rows read to be changed were locked: an audit that read a task just before a redo reopened it marked the
// reopened task completed again, its new reservation left unpaid and the project's counters off; two
// patches of one project each wrote back the fields the other had just changed; two edits of a helper's
// projects left it in both; of two rotations, the first one's secret was kept nowhere.
describeEachStore('a requester\'s changes racing on one task, project, helper or webhook secret', (ctx) => {
  let t: TestApp;
  let key: string;
  let projectId: string;
  let helpers: { id: string; token: string }[];

  beforeAll(async () => {
    t = await openTestApp(ctx.store, { credits: true });
    const tenant = await t.newAccount();
    key = tenant.apiKey;
    projectId = (await t.newProject(key, { quality: { control_rate: 0 } })).id;
    helpers = [];
    for (let i = 0; i < 3; i++) helpers.push(await newHelper(t, [projectId], { token: key }));
    expect((await t.call('POST', '/v1/credits/grants', { body: { account_id: tenant.accountId, amount: 10_000 } })).status).toBe(201);
  });

  /** Answers every open task once, with the first helper that has not answered it yet. */
  async function answerAll(): Promise<void> {
    for (const h of helpers) {
      for (let a = await claim(t, h.token, projectId); a; a = await claim(t, h.token, projectId)) {
        expect((await submit(t, h.token, a.id, 'positive')).status).toBe(200);
      }
    }
  }

  async function expectCountersMatchTasks(): Promise<void> {
    const stats = (await t.call('GET', `/v1/projects/${projectId}/stats`, { token: key })).json;
    const rows = await ctx.store.db.selectFrom('tasks').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('project_id', '=', projectId).groupBy('status').execute();
    const actual = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    for (const s of ['pending', 'in_progress', 'completed', 'needs_review', 'canceled']) expect(stats.tasks[s], s).toBe(actual[s] ?? 0);
  }

  it('applies each change to the task as it then is: the ledger balances and the counters match the tasks', async () => {
    const items = Array.from({ length: TASKS }, (_, i) => ({
      project_id: projectId,
      type: 'label_text',
      input: { text: `item ${i}`, categories: ['positive', 'negative'] },
      reward: 1,
      overlap: 1,
      consensus_strategy: i % 2 === 0 ? 'majority_vote' : 'requester_review',
    }));
    const created = await t.call('POST', '/v1/tasks', { token: key, body: items });
    expect(created.status).toBe(201);
    const ids = Object.values(created.json.items as Record<string, { id: string }>).map((x) => x.id);

    const statuses: number[] = [];
    for (let round = 0; round < 3; round++) {
      await answerAll();
      const changes = ids.flatMap((id, i) => [
        t.call('POST', `/v1/tasks/${id}/redo`, { token: key }),
        t.call('POST', `/v1/tasks/${id}/audits`, { token: key, body: (i + round) % 3 === 0 ? { result: 'fixed', response: 'negative' } : { result: 'accepted' } }),
        t.call('POST', `/v1/tasks/${id}/audits`, { token: key, body: { result: 'rejected' } }),
        ...(round === 2 && i % 4 === 0 ? [t.call('POST', `/v1/tasks/${id}/cancel`, { token: key })] : []),
      ]);
      for (const r of await Promise.all(changes)) statuses.push(r.status);
      expect(statuses.filter((s) => s >= 500)).toEqual([]);
      await expectLedgerInvariants(ctx.store);
      await expectCountersMatchTasks();
    }
    // Every kind of change went through somewhere, and some were refused as conflicts.
    expect(statuses.filter((s) => s === 200 || s === 201).length).toBeGreaterThan(TASKS);
    expect(statuses.filter((s) => s === 409).length).toBeGreaterThan(0);

    // Each redo that went through is one round more (the first round is 0), and one `task.redone` event.
    const redone = await ctx.store.db.selectFrom('events').select(['task_id', (eb) => eb.fn.countAll<number>().as('n')]).where('type', '=', 'task.redone').groupBy('task_id').execute();
    const rounds = await ctx.store.db.selectFrom('tasks').select(['id', 'round', 'times_redone']).where('id', 'in', ids).execute();
    const byTask = new Map(redone.map((r) => [r.task_id, Number(r.n)]));
    for (const r of rounds) expect([r.times_redone, r.round]).toEqual([byTask.get(r.id) ?? 0, byTask.get(r.id) ?? 0]);
  }, 120_000);

  it('lets concurrent changes of different fields of one project all land', async () => {
    for (let i = 0; i < 10; i++) {
      const id = (await t.newProject(key, { name: 'before' })).id;
      const answers = await Promise.all([
        t.call('PATCH', `/v1/projects/${id}`, { token: key, body: { name: `renamed ${i}` } }),
        t.call('PATCH', `/v1/projects/${id}`, { token: key, body: { description: `described ${i}` } }),
        t.call('PATCH', `/v1/projects/${id}`, { token: key, body: { defaults: { overlap: 2 } } }),
      ]);
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
      const shown = (await t.call('GET', `/v1/projects/${id}`, { token: key })).json;
      expect([shown.name, shown.description, shown.defaults.overlap]).toEqual([`renamed ${i}`, `described ${i}`, 2]);
    }
  });

  it('keeps the secret the first of two concurrent rotations gave out as the previous one', async () => {
    const account = await t.newAccount();
    const endpoint = await t.call('POST', '/v1/webhook-endpoints', { token: account.apiKey, body: { url: 'https://hooks.example.com/minga' } });
    expect(endpoint.status, endpoint.text).toBe(201);
    const rotations = [
      { path: `/v1/webhook-endpoints/${endpoint.json.endpoint.id}/rotate-secret`, table: 'webhook_endpoints' as const, column: 'id' as const, id: endpoint.json.endpoint.id as string },
      { path: '/v1/webhook-callback-secret/rotate', table: 'webhook_callback_secrets' as const, column: 'account_id' as const, id: account.accountId },
    ];
    for (const r of rotations) {
      for (let i = 0; i < 5; i++) {
        const given = await Promise.all([0, 1].map(async () => (await t.call('POST', r.path, { token: account.apiKey })).json.secret as string));
        const kept = await ctx.store.db.selectFrom(r.table).select(['secret', 'previous_secret']).where(r.column, '=', r.id).executeTakeFirstOrThrow();
        expect([kept.secret, kept.previous_secret].sort(), r.path).toEqual([...given].sort());
      }
    }
  });

  it('gives a helper the projects of one of several concurrent edits, never a mix', async () => {
    const [x, y, z] = [(await t.newProject(key)).id, (await t.newProject(key)).id, (await t.newProject(key)).id];
    for (let i = 0; i < 8; i++) {
      const helper = await newHelper(t, [x], { token: key });
      const edits = await Promise.all([
        t.call('PATCH', `/v1/helpers/${helper.id}`, { token: key, body: { project_ids: [y] } }),
        t.call('PATCH', `/v1/helpers/${helper.id}`, { token: key, body: { project_ids: [z] } }),
        t.call('PATCH', `/v1/helpers/${helper.id}`, { token: key, body: { project_ids: [x, y] } }),
      ]);
      expect(edits.map((e) => e.status)).toEqual([200, 200, 200]);
      const kept = (await ctx.store.db.selectFrom('helper_projects').select('project_id').where('user_id', '=', helper.id).execute()).map((r) => r.project_id).sort();
      expect([[y], [z], [x, y].sort()]).toContainEqual(kept);
    }
  });
});
