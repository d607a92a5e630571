import { beforeAll, expect, it } from 'vitest';
import { claim, newHelper, submit } from '../support/helpers.ts';
import { describeEachStore } from '../support/stores.ts';
import { openTestApp, type TestApp } from '../support/test-app.ts';
import { expectLedgerInvariants } from './ledger-invariants.ts';

const task = (projectId: string, extra: Record<string, unknown> = {}) => ({
  project_id: projectId,
  type: 'label_text',
  input: { text: 'Battery lasts two days', categories: ['positive', 'negative'] },
  reward: 1,
  overlap: 3,
  ...extra,
});

describeEachStore('credits (MINGA_CREDITS=on)', (ctx) => {
  let t: TestApp;
  let tenant: { apiKey: string; accountId: string };
  let project: { id: string };
  const credits = async () => (await t.call('GET', '/v1/credits', { token: tenant.apiKey })).json;
  const grant = async (amount: number) => {
    const r = await t.call('POST', '/v1/credits/grants', { body: { account_id: tenant.accountId, amount } });
    expect(r.status, r.text).toBe(201);
    return r.json;
  };
  const answerAll = async (taskId: string, answers: string[]) => {
    for (const answer of answers) {
      const h = await newHelper(t, [project.id], { token: tenant.apiKey });
      const a = await claim(t, h.token, project.id);
      expect(a.task_id).toBe(taskId);
      expect((await submit(t, h.token, a.id, answer)).status).toBe(200);
    }
  };

  beforeAll(async () => {
    t = await openTestApp(ctx.store, { credits: true });
    tenant = await t.newAccount();
    project = await t.newProject(tenant.apiKey, { quality: { control_rate: 0 } });
  });

  it('the instance admin grants credits; nobody else may', async () => {
    expect(await credits()).toEqual({ enabled: true, available: 0, reserved: 0 });
    expect(await grant(100)).toEqual({ account_id: tenant.accountId, granted: 100, available: 100, reserved: 0 });
    const self = await t.call('POST', '/v1/credits/grants', { token: tenant.apiKey, body: { amount: 1_000 } });
    expect(self.status).toBe(403);
    expect((await t.call('POST', '/v1/credits/grants', { body: { account_id: 'nope', amount: 1 } })).status).toBe(404);
    expect((await t.call('POST', '/v1/credits/grants', { body: { amount: -5 } })).status).toBe(400);
    expect(await credits()).toEqual({ enabled: true, available: 100, reserved: 0 });
  });

  it('a task reserves reward × overlap + the fee; completion pays each answer and returns nothing extra', async () => {
    const created = await t.call('POST', '/v1/tasks', { token: tenant.apiKey, body: task(project.id) });
    expect(created.status).toBe(201);
    // 3 answers × 1 credit, fee 20 % of 3 = 0.6, raised to the 1-credit minimum.
    expect(await credits()).toEqual({ enabled: true, available: 96, reserved: 4 });
    await answerAll(created.json.id, ['positive', 'positive', 'negative']);
    const done = (await t.call('GET', `/v1/tasks/${created.json.id}`, { token: tenant.apiKey })).json;
    expect(done.status).toBe('completed');
    expect(done.credits_used).toBe(4);
    expect(await credits()).toEqual({ enabled: true, available: 96, reserved: 0 });
    const helperId = done.submissions[0].helper_id;
    expect((await t.call('GET', `/v1/helpers/${helperId}/stats`, { token: tenant.apiKey })).json.earnings).toBe(1);
    await expectLedgerInvariants(ctx.store);
  });

  it('an early decision (any_first) refunds the answers it did not need', async () => {
    const created = await t.call('POST', '/v1/tasks', { token: tenant.apiKey, body: task(project.id, { consensus_strategy: 'any_first', reward: 2 }) });
    // 3 × 2 + fee 1.2 = 7.2 reserved.
    expect(await credits()).toEqual({ enabled: true, available: 88.8, reserved: 7.2 });
    await answerAll(created.json.id, ['negative']);
    // Paid: one answer (2) and the fee on it (0.4, raised to 1); the other 4.2 come back.
    expect(await credits()).toEqual({ enabled: true, available: 93, reserved: 0 });
    expect((await t.call('GET', `/v1/tasks/${created.json.id}`, { token: tenant.apiKey })).json.credits_used).toBe(3);
  });

  it('cancel refunds; review pays on accept and refunds on reject', async () => {
    const canceled = await t.call('POST', '/v1/tasks', { token: tenant.apiKey, body: task(project.id) });
    expect((await credits()).reserved).toBe(4);
    expect((await t.call('POST', `/v1/tasks/${canceled.json.id}/cancel`, { token: tenant.apiKey })).status).toBe(200);
    expect(await credits()).toEqual({ enabled: true, available: 93, reserved: 0 });

    const reviewed = await t.call('POST', '/v1/tasks', { token: tenant.apiKey, body: task(project.id, { consensus_strategy: 'requester_review', overlap: 1 }) });
    await answerAll(reviewed.json.id, ['positive']);
    expect((await credits()).reserved).toBe(2);
    await t.call('POST', `/v1/tasks/${reviewed.json.id}/audits`, { token: tenant.apiKey, body: { result: 'accepted' } });
    expect(await credits()).toEqual({ enabled: true, available: 91, reserved: 0 });

    const rejected = await t.call('POST', '/v1/tasks', { token: tenant.apiKey, body: task(project.id, { consensus_strategy: 'requester_review', overlap: 1 }) });
    await answerAll(rejected.json.id, ['negative']);
    await t.call('POST', `/v1/tasks/${rejected.json.id}/audits`, { token: tenant.apiKey, body: { result: 'rejected' } });
    expect(await credits()).toEqual({ enabled: true, available: 91, reserved: 0 });
    await expectLedgerInvariants(ctx.store);
  });

  it('too few credits: 402 and nothing created; with skip_invalid_items the tasks that fit', async () => {
    const before = (await t.call('GET', `/v1/tasks?project_id=${project.id}&limit=1000`, { token: tenant.apiKey })).json.data.length;
    const big = await t.call('POST', '/v1/tasks', { token: tenant.apiKey, body: task(project.id, { reward: 50 }) });
    expect(big.status).toBe(402);
    expect(big.json.error.code).toBe('insufficient_credits');
    const batch = await t.call('POST', '/v1/tasks', { token: tenant.apiKey, body: [task(project.id, { reward: 10 }), task(project.id, { reward: 10 }), task(project.id, { reward: 10 })] });
    expect(batch.status).toBe(402);
    expect((await t.call('GET', `/v1/tasks?project_id=${project.id}&limit=1000`, { token: tenant.apiKey })).json.data.length).toBe(before);
    expect(await credits()).toEqual({ enabled: true, available: 91, reserved: 0 });

    // 10 × 3 + 6 = 36 each: two fit in 91, the third is reported by its index.
    const skipped = await t.call('POST', '/v1/tasks?skip_invalid_items=true', { token: tenant.apiKey, body: [task(project.id, { reward: 10 }), task(project.id, { reward: 10 }), task(project.id, { reward: 10 })] });
    expect(skipped.status).toBe(201);
    expect(Object.keys(skipped.json.items)).toEqual(['0', '1']);
    expect(skipped.json.validation_errors['2'].code).toBe('insufficient_credits');
    expect(await credits()).toEqual({ enabled: true, available: 19, reserved: 72 });
    await expectLedgerInvariants(ctx.store);
  });

  it('test keys create tasks free of charge, and the ledger reads back in pages whose legs sum to zero', async () => {
    const testKey = await t.call('POST', '/v1/api-keys', { token: tenant.apiKey, body: { mode: 'test', name: 'sandbox' } });
    const free = await t.call('POST', '/v1/tasks', { token: testKey.json.secret, body: task(project.id, { reward: 1_000 }) });
    expect(free.status).toBe(201);
    expect(await credits()).toEqual({ enabled: true, available: 19, reserved: 72 });

    const entries: { movement_id: string; amount: number }[] = [];
    let cursor: string | null = null;
    do {
      const page = await t.call('GET', `/v1/credits/ledger?limit=7${cursor ? `&cursor=${cursor}` : ''}`, { token: tenant.apiKey });
      expect(page.status).toBe(200);
      entries.push(...page.json.data);
      cursor = page.json.next_cursor;
    } while (cursor);
    const byMovement = new Map<string, number>();
    for (const e of entries) byMovement.set(e.movement_id, (byMovement.get(e.movement_id) ?? 0) + Math.round(e.amount * 1e6));
    expect([...byMovement.values()].every((sum) => sum === 0)).toBe(true);
    expect(entries.length).toBeGreaterThan(20);
  });
});

describeEachStore('credits off (the default)', (ctx) => {
  it('nothing moves and nothing is refused, but credits_used reports what the work would have cost', async () => {
    const t = await openTestApp(ctx.store);
    const project = await t.newProject(t.adminKey, { quality: { control_rate: 0 } });
    const created = await t.call('POST', '/v1/tasks', { body: task(project.id, { reward: 1_000, overlap: 1 }) });
    expect(created.status).toBe(201);
    const h = await newHelper(t, [project.id]);
    const a = await claim(t, h.token, project.id);
    expect((await submit(t, h.token, a.id, 'positive')).status).toBe(200);
    expect((await t.call('GET', `/v1/tasks/${created.json.id}`)).json.credits_used).toBe(1_200);
    expect((await t.call('GET', '/v1/credits')).json).toEqual({ enabled: false, available: 0, reserved: 0 });
    expect((await t.call('POST', '/v1/credits/grants', { body: { amount: 5 } })).status).toBe(409);
    expect(await ctx.store.db.selectFrom('ledger_entries').select('seq').execute()).toEqual([]);
  });
});
