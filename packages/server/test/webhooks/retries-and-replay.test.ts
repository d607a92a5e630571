import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore, type StoreContext } from '../support/stores.ts';
import type { WebhookSettings } from '../../src/core/webhooks/webhook-settings.ts';
import { eventually, openHarness, type Harness } from './support/harness.ts';
import { startReceiver, type Receiver, type Reply } from './support/receiver.ts';

/** One harness per block, closed with its receivers. */
function setUp(ctx: StoreContext, settings: Partial<WebhookSettings>) {
  const state = { h: undefined as unknown as Harness, receivers: [] as Receiver[] };
  beforeAll(async () => {
    state.h = await openHarness(ctx.store, settings);
  });
  afterAll(async () => {
    await state.h?.close();
    for (const r of state.receivers) await r.close();
  });
  const receiver = async (reply?: (n: number) => Reply) => {
    const r = await startReceiver(reply);
    state.receivers.push(r);
    return r;
  };
  const tenant = async (...urls: string[]) => {
    const account = await state.h.t.newAccount();
    const project = await state.h.t.newProject(account.apiKey, { defaults: { type: 'yesno' } });
    const endpoints = [];
    for (const url of urls) endpoints.push((await state.h.t.call('POST', '/v1/webhook-endpoints', { token: account.apiKey, body: { url } })).json.endpoint);
    return { key: account.apiKey, projectId: project.id, endpoints };
  };
  const call = (method: string, path: string, key: string, body?: unknown) => state.h.t.call(method, path, { token: key, ...(body === undefined ? {} : { body }) });
  return { state, receiver, tenant, call };
}

describeEachStore('webhook retries, dead letters and replay', (ctx) => {
  const { receiver, tenant, call } = setUp(ctx, { retryWindowMs: 800, timeoutMs: 3_000, concurrencyPerTarget: 4 });

  it('a delivery failing past its retry window becomes a dead letter; a replay sends it again', async () => {
    let healthy = false;
    const r = await receiver(() => (healthy ? { status: 200 } : { status: 500 }));
    const x = await tenant(r.url);
    await call('POST', '/v1/tasks', x.key, { project_id: x.projectId, content: 'Dead?' });
    const dead = await eventually('a dead letter', async () => (await call('GET', '/v1/webhook-deliveries?status=dead', x.key)).json.data[0]);
    expect(dead.attempts).toBeGreaterThan(1);
    expect(dead.last_error).toMatch(/HTTP 500/);
    const count = r.received.length;
    await new Promise((res) => setTimeout(res, 400));
    expect(r.received.length, 'a dead letter is not retried').toBe(count);

    healthy = true;
    const replay = await call('POST', `/v1/webhook-deliveries/${dead.id}/replay`, x.key);
    expect(replay.status, replay.text).toBe(202);
    expect(replay.json).toMatchObject({ id: dead.id, status: 'pending' });
    const done = await eventually('the replayed delivery', async () => {
      const d = (await call('GET', `/v1/webhook-deliveries/${dead.id}`, x.key)).json;
      return d.status === 'succeeded' ? d : undefined;
    });
    expect(done.attempt_log.at(-1)).toMatchObject({ trigger: 'replay', succeeded: true, status_code: 200 });
    expect(r.received.at(-1)?.json.id).toBe(dead.event_id);
    expect(new Set(r.received.map((g) => g.json.id)).size).toBe(1);
  });

  it('replays a delivered one too, with the same event id and body', async () => {
    const r = await receiver();
    const x = await tenant(r.url);
    await call('POST', '/v1/tasks', x.key, { project_id: x.projectId, content: 'Again?' });
    const d = await eventually('the delivery', async () => (await call('GET', '/v1/webhook-deliveries?status=succeeded', x.key)).json.data[0]);
    expect((await call('POST', `/v1/webhook-deliveries/${d.id}/replay`, x.key)).status).toBe(202);
    await eventually('the second copy', () => r.received[1]);
    expect(r.received[1]?.raw).toBe(r.received[0]?.raw);
    expect(r.received[1]?.headers['minga-delivery-id']).toBe(d.id);
  });

  it('a hanging endpoint holds at most its cap of attempts and never delays the healthy ones', async () => {
    const hung = await receiver(() => 'hang');
    const ok = await receiver();
    const x = await tenant(hung.url, ok.url);
    const body = Array.from({ length: 40 }, (_, i) => ({ project_id: x.projectId, content: `Task ${i}?` }));
    expect((await call('POST', '/v1/tasks', x.key, body)).status).toBe(201);
    await eventually('40 healthy deliveries', () => (ok.received.length >= 40 ? true : undefined), 5_000);
    const latencies = ok.received.map((g) => g.at - Date.parse(g.json.created_at));
    // The hanging endpoint's own attempts take 3 s each; the healthy ones never wait for them.
    expect(Math.max(...latencies)).toBeLessThan(2_000);
    await eventually('the hanging endpoint to hold its cap', () => (hung.hanging() === 4 ? true : undefined));
    await new Promise((res) => setTimeout(res, 300));
    expect(hung.hanging(), 'never more than its cap').toBe(4);
    const list = (await call('GET', `/v1/webhook-deliveries?endpoint_id=${x.endpoints[1].id}&status=succeeded&limit=1000`, x.key)).json.data;
    expect(list).toHaveLength(40);
  });

  it('lists deliveries by endpoint, task, event and status, page by page', async () => {
    const r = await receiver();
    const x = await tenant(r.url, `${r.url}?second`);
    const task = await call('POST', '/v1/tasks', x.key, { project_id: x.projectId, content: 'Listed?' });
    await call('POST', `/v1/tasks/${task.json.id}/cancel`, x.key);
    await eventually('4 deliveries', async () => ((await call('GET', '/v1/webhook-deliveries?status=succeeded', x.key)).json.data.length === 4 ? true : undefined));
    const byEndpoint = (await call('GET', `/v1/webhook-deliveries?endpoint_id=${x.endpoints[0].id}`, x.key)).json.data;
    expect(byEndpoint.map((d: { event: string }) => d.event)).toEqual(['task.created', 'task.canceled']);
    expect((await call('GET', '/v1/webhook-deliveries?event=task.canceled', x.key)).json.data).toHaveLength(2);
    expect((await call('GET', `/v1/webhook-deliveries?task_id=${task.json.id}&status=pending`, x.key)).json.data).toHaveLength(0);
    const first = (await call('GET', '/v1/webhook-deliveries?limit=3', x.key)).json;
    expect(first).toMatchObject({ has_more: true, next_cursor: expect.any(String) });
    const second = (await call('GET', `/v1/webhook-deliveries?limit=3&cursor=${first.next_cursor}`, x.key)).json;
    expect([...first.data, ...second.data].map((d: { id: string }) => d.id)).toHaveLength(4);
    expect(second.has_more).toBe(false);
  });
});

describeEachStore('webhook endpoints failing for days', (ctx) => {
  const { receiver, tenant, call } = setUp(ctx, { retryBaseMs: 50, retryMaxMs: 100, disableAfterMs: 700 });

  it('an endpoint whose deliveries fail without a success for the whole period is disabled, and says why', async () => {
    const r = await receiver(() => ({ status: 502 }));
    const x = await tenant(r.url);
    await call('POST', '/v1/tasks', x.key, { project_id: x.projectId, content: 'Failing?' });
    const endpoint = await eventually('the endpoint to be disabled', async () => {
      const e = (await call('GET', `/v1/webhook-endpoints/${x.endpoints[0].id}`, x.key)).json;
      return e.status === 'disabled' ? e : undefined;
    });
    expect(endpoint.failing_since).not.toBeNull();
    expect(endpoint.disabled_reason).toMatch(/failed since .* HTTP 502/);
    const [d] = (await call('GET', '/v1/webhook-deliveries', x.key)).json.data;
    expect(d).toMatchObject({ status: 'dead', last_error: expect.stringMatching(/disabled/) });
  });

  it('a success clears the failure record', async () => {
    let n = 0;
    const r = await receiver(() => (n++ < 2 ? { status: 500 } : { status: 200 }));
    const x = await tenant(r.url);
    await call('POST', '/v1/tasks', x.key, { project_id: x.projectId, content: 'Recovers?' });
    await eventually('the success', async () => ((await call('GET', '/v1/webhook-deliveries?status=succeeded', x.key)).json.data.length ? true : undefined));
    const e = (await call('GET', `/v1/webhook-endpoints/${x.endpoints[0].id}`, x.key)).json;
    expect(e).toMatchObject({ status: 'enabled', failing_since: null, last_success_at: expect.any(String) });
  });
});
