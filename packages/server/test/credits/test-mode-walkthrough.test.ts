import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addressPolicy } from '../../src/webhooks/address-policy.ts';
import { createWebhookSender } from '../../src/webhooks/send-webhook.ts';
import { startDeliverer, type Deliverer } from '../../src/webhooks/start-deliverer.ts';
import { claim, newHelper } from '../support/helpers.ts';
import { describeEachStore } from '../support/stores.ts';
import { openTestApp, type TestApp } from '../support/test-app.ts';
import { eventually, FAST } from '../webhooks/support/harness.ts';
import { startReceiver, verifySignature, type Receiver } from '../webhooks/support/receiver.ts';
import { expectLedgerInvariants } from './ledger-invariants.ts';

/**
 * SPEC §3.7 test mode, end to end on a server that charges for work: a test key's task is answered at once
 * by the simulated helper, its events reach the requester's webhook like live ones, no credit moves, and
 * no real helper ever sees it.
 */
describeEachStore('test mode walkthrough', (ctx) => {
  let t: TestApp;
  let deliverer: Deliverer;
  let receiver: Receiver;

  beforeAll(async () => {
    t = await openTestApp(ctx.store, { credits: true }, { webhooks: FAST });
    deliverer = startDeliverer(ctx.store, pino({ level: 'silent' }), FAST, createWebhookSender({ policy: addressPolicy('true'), timeoutMs: FAST.timeoutMs }), { pollMs: 25 });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await deliverer?.stop();
    await receiver?.close();
  });

  it('create with a test key → completed by the simulated helper → webhook received → no credit moved', async () => {
    const tenant = await t.newAccount();
    expect((await t.call('POST', '/v1/credits/grants', { body: { account_id: tenant.accountId, amount: 10 } })).status).toBe(201);
    const project = await t.newProject(tenant.apiKey, { quality: { control_rate: 0 } });
    const testKey = (await t.call('POST', '/v1/api-keys', { token: tenant.apiKey, body: { mode: 'test', name: 'integration' } })).json.secret as string;
    expect(testKey).toMatch(/^mk_test_/);
    const endpoint = await t.call('POST', '/v1/webhook-endpoints', { token: testKey, body: { url: receiver.url, events: ['task.*', 'assignment.*'] } });
    expect(endpoint.status, endpoint.text).toBe(201);
    const ledgerBefore = await ctx.store.db.selectFrom('ledger_entries').select('seq').execute();

    // A known solution decides the simulated answer; without one it is a valid answer of the type.
    const created = await t.call('POST', '/v1/tasks', {
      token: testKey,
      body: [
        { project_id: project.id, type: 'label_text', input: { text: 'great phone', categories: ['positive', 'negative'] }, reward: 500, overlap: 3, baseline_solutions: [{ output_values: { answer: 'negative' }, confidence_weight: 0.9 }] },
        { project_id: project.id, type: 'rate_quality', input: { title: 'An answer', content: 'Paris is the capital of France.' }, reward: 500, overlap: 3 },
      ],
    });
    expect(created.status, created.text).toBe(201);
    const [first, second] = [created.json.items['0'], created.json.items['1']];
    expect(first).toMatchObject({ status: 'completed', test: true, result: { answer: 'negative', confidence: 1 } });
    expect(second).toMatchObject({ status: 'completed', result: { answer: 3 } });
    const read = (await t.call('GET', `/v1/tasks/${first.id}`, { token: testKey })).json;
    expect(read.submissions).toEqual([expect.objectContaining({ helper_id: 'simulated-helper', answer: 'negative' })]);
    expect(read.credits_used).toBe(0);

    // The same events a live task answered by one helper produces, signed and delivered.
    const events = await eventually('the four events of the first task', () => {
      const mine = receiver.received.filter((r) => r.json.task_id === first.id);
      return mine.length >= 4 ? mine : undefined;
    });
    expect(events.map((e) => e.json.event).sort()).toEqual(['assignment.created', 'assignment.submitted', 'task.completed', 'task.created']);
    for (const e of events) expect(verifySignature(e.headers['minga-signature'], e.raw, endpoint.json.secret).v1).toBe(true);
    expect(events.find((e) => e.json.event === 'task.completed')?.json.data.result.answer).toBe('negative');

    // Free: not a credit moved, the live balance untouched; and no real helper is offered the work.
    expect(await ctx.store.db.selectFrom('ledger_entries').select('seq').execute()).toEqual(ledgerBefore);
    expect((await t.call('GET', '/v1/credits', { token: tenant.apiKey })).json).toEqual({ enabled: true, available: 10, reserved: 0 });
    const helper = await newHelper(t, [project.id], { token: tenant.apiKey });
    expect(await claim(t, helper.token, project.id)).toBeNull();
    await expectLedgerInvariants(ctx.store);
  });
});
