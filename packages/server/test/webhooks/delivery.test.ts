import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../support/stores.ts';
import { eventually, openHarness, type Harness } from './support/harness.ts';
import { startReceiver, verifySignature, type Receiver, type Reply } from './support/receiver.ts';

/**
 * SPEC §3.6 against real HTTP receivers on loopback: the wire format, signatures (checked by an
 * independent node:crypto implementation), retries after 5xx and timeouts, 410, Retry-After, rotation,
 * event filters and a task's callback_url.
 */
describeEachStore('webhook delivery', (ctx) => {
  let h: Harness;
  const receivers: Receiver[] = [];

  beforeAll(async () => {
    h = await openHarness(ctx.store);
  });
  afterAll(async () => {
    await h?.close();
    for (const r of receivers) await r.close();
  });

  const receiver = async (reply?: (n: number) => Reply) => {
    const r = await startReceiver(reply);
    receivers.push(r);
    return r;
  };

  /** A fresh tenant per test, so that one test's endpoints never see another's events. */
  async function tenant(url: string, events: string[] = ['task.*']) {
    const account = await h.t.newAccount();
    const project = await h.t.newProject(account.apiKey, { defaults: { type: 'yesno' } });
    const created = await h.t.call('POST', '/v1/webhook-endpoints', { token: account.apiKey, body: { url, events } });
    expect(created.status, created.text).toBe(201);
    expect(created.json.secret).toMatch(/^whsec_/);
    return { key: account.apiKey, projectId: project.id, endpoint: created.json.endpoint, secret: created.json.secret as string };
  }
  const createTask = async (key: string, projectId: string, extra: Record<string, unknown> = {}) => {
    const r = await h.t.call('POST', '/v1/tasks', { token: key, body: { project_id: projectId, content: 'Is it?', ...extra } });
    expect(r.status, r.text).toBe(201);
    return r.json.id as string;
  };
  const deliveries = async (key: string, query = '') => (await h.t.call('GET', `/v1/webhook-deliveries?limit=1000${query}`, { token: key })).json.data;
  const delivery = async (key: string, id: string) => (await h.t.call('GET', `/v1/webhook-deliveries/${id}`, { token: key })).json;

  it('delivers the event as signed JSON in the exact wire format, and logs the attempt', async () => {
    const r = await receiver(() => ({ status: 200, body: 'thanks' }));
    const x = await tenant(r.url);
    const taskId = await createTask(x.key, x.projectId);
    const got = await eventually('the delivery', () => r.received[0]);
    expect(Object.keys(got.json)).toEqual(['id', 'event', 'task_id', 'created_at', 'data']);
    expect(got.json).toMatchObject({ event: 'task.created', task_id: taskId });
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['minga-event-id']).toBe(got.json.id);
    const sig = verifySignature(got.headers['minga-signature'], got.raw, x.secret);
    expect(sig).toMatchObject({ v1: true, v0: false });
    expect(String(sig.t)).toBe(got.headers['minga-timestamp']);
    expect(Math.abs(sig.t - Date.now() / 1000)).toBeLessThan(30);
    expect(verifySignature(got.headers['minga-signature'], `${got.raw} `, x.secret).v1).toBe(false);
    expect(verifySignature(got.headers['minga-signature'], got.raw, 'whsec_wrong').v1).toBe(false);
    // The event is the one the feed shows.
    const feed = (await h.t.call('GET', '/v1/events?type=task.created', { token: x.key })).json.data;
    expect(feed.map((e: { id: string }) => e.id)).toContain(got.json.id);

    const [d] = await eventually('the delivery to be recorded', async () => {
      const list = await deliveries(x.key);
      return list[0]?.status === 'succeeded' ? list : undefined;
    });
    expect(d).toMatchObject({ event_id: got.json.id, event: 'task.created', task_id: taskId, endpoint_id: x.endpoint.id, url: r.url, attempts: 1, last_status_code: 200 });
    const full = await delivery(x.key, d.id);
    expect(full.attempt_log).toEqual([expect.objectContaining({ number: 1, trigger: 'retry', status_code: 200, succeeded: true, error: null, response_excerpt: 'thanks' })]);
    expect(full.attempt_log[0].duration_ms).toBeGreaterThanOrEqual(0);
  });

  it('retries a 500 with backoff, with the same event id, until it succeeds', async () => {
    const r = await receiver((n) => (n === 0 ? { status: 500, body: 'boom' } : { status: 204 }));
    const x = await tenant(r.url);
    await createTask(x.key, x.projectId);
    await eventually('a second attempt', () => r.received[1]);
    const [first, second] = r.received as [typeof r.received[0], typeof r.received[0]];
    expect(second.json.id).toBe(first.json.id);
    expect(second.raw).toBe(first.raw);
    expect(second.at - first.at).toBeGreaterThanOrEqual(100);
    expect(second.headers['minga-attempt']).toBe('2');
    const d = await eventually('success', async () => (await deliveries(x.key)).find((v: { status: string }) => v.status === 'succeeded'));
    const log = (await delivery(x.key, d.id)).attempt_log;
    expect(log.map((a: { status_code: number; succeeded: boolean }) => [a.status_code, a.succeeded])).toEqual([
      [500, false],
      [204, true],
    ]);
    expect(log[0].response_excerpt).toBe('boom');
  });

  it('gives up on an attempt after the timeout and tries again', async () => {
    const r = await receiver((n) => (n === 0 ? 'hang' : { status: 200 }));
    const x = await tenant(r.url);
    await createTask(x.key, x.projectId);
    await eventually('a second attempt', () => r.received[1], 15_000);
    const d = await eventually('success', async () => (await deliveries(x.key)).find((v: { status: string }) => v.status === 'succeeded'));
    const log = (await delivery(x.key, d.id)).attempt_log;
    expect(log[0]).toMatchObject({ status_code: null, succeeded: false, error: expect.stringMatching(/timed out after 1000 ms/) });
    expect(log[0].duration_ms).toBeGreaterThanOrEqual(900);
    expect(log[1]).toMatchObject({ status_code: 200, succeeded: true });
  });

  it('a 410 disables the endpoint at once, says why, and nothing more is sent to it', async () => {
    const r = await receiver(() => ({ status: 410 }));
    const x = await tenant(r.url);
    await createTask(x.key, x.projectId);
    const endpoint = await eventually('the endpoint to be disabled', async () => {
      const e = (await h.t.call('GET', `/v1/webhook-endpoints/${x.endpoint.id}`, { token: x.key })).json;
      return e.status === 'disabled' ? e : undefined;
    });
    expect(endpoint.disabled_reason).toMatch(/410/);
    const [d] = await deliveries(x.key);
    expect(d).toMatchObject({ status: 'dead', last_status_code: 410 });
    await createTask(x.key, x.projectId);
    await new Promise((res) => setTimeout(res, 300));
    expect(r.received).toHaveLength(1);
    // A replay to a disabled endpoint is refused until the owner enables it again.
    expect((await h.t.call('POST', `/v1/webhook-deliveries/${d.id}/replay`, { token: x.key })).status).toBe(409);
    const enabled = await h.t.call('PATCH', `/v1/webhook-endpoints/${x.endpoint.id}`, { token: x.key, body: { enabled: true } });
    expect(enabled.json).toMatchObject({ status: 'enabled', disabled_reason: null });
  });

  it('waits as long as a 429 Retry-After asks (not the backoff)', async () => {
    // The backoff alone would retry after about 150 ms.
    const r = await receiver((n) => (n === 0 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 }));
    const x = await tenant(r.url);
    await createTask(x.key, x.projectId);
    await eventually('the retry', () => r.received[1], 10_000);
    const gap = (r.received[1]?.at ?? 0) - (r.received[0]?.at ?? 0);
    expect(gap).toBeGreaterThanOrEqual(950);
    expect(gap).toBeLessThan(5_000);
  });

  it('after a rotation, signs with the new secret (v1) and the old one (v0); both verify', async () => {
    const r = await receiver();
    const x = await tenant(r.url);
    const rotated = await h.t.call('POST', `/v1/webhook-endpoints/${x.endpoint.id}/rotate-secret`, { token: x.key });
    expect(rotated.status, rotated.text).toBe(200);
    const fresh = rotated.json.secret as string;
    expect(fresh).toMatch(/^whsec_/);
    expect(fresh).not.toBe(x.secret);
    expect(Date.parse(rotated.json.endpoint.previous_secret_expires_at) - Date.now()).toBeGreaterThan(23.9 * 3_600_000);
    await createTask(x.key, x.projectId);
    const got = await eventually('the delivery', () => r.received[0]);
    expect(got.headers['minga-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64},v0=[0-9a-f]{64}$/);
    expect(verifySignature(got.headers['minga-signature'], got.raw, fresh)).toMatchObject({ v1: true, v0: false });
    expect(verifySignature(got.headers['minga-signature'], got.raw, x.secret)).toMatchObject({ v1: false, v0: true });
  });

  it('sends only the events the filter names, and only the endpoint project\'s events', async () => {
    const r = await receiver();
    const x = await tenant(r.url, ['task.canceled']);
    const other = await h.t.newProject(x.key, { defaults: { type: 'yesno' } });
    const scoped = await h.t.call('POST', '/v1/webhook-endpoints', { token: other.key, body: { url: `${r.url}?scoped` } });
    expect(scoped.json.endpoint.project_id).toBe(other.id);
    const a = await createTask(x.key, x.projectId);
    const b = await createTask(x.key, other.id);
    expect((await h.t.call('POST', `/v1/tasks/${a}/cancel`, { token: x.key })).status).toBe(200);
    await eventually('two deliveries', () => (r.received.length >= 2 ? true : undefined));
    await new Promise((res) => setTimeout(res, 300));
    const seen = r.received.map((g) => `${g.path.includes('scoped') ? 'scoped' : 'all'} ${g.json.event} ${g.json.task_id === a ? 'a' : g.json.task_id === b ? 'b' : '?'}`).sort();
    expect(seen).toEqual(['all task.canceled a', 'scoped task.created b']);
  });

  it("sends a task's events to its callback_url and keeps callback_succeeded true to the last attempt", async () => {
    let fail = false;
    const r = await receiver(() => (fail ? { status: 503 } : { status: 200 }));
    const account = await h.t.newAccount();
    const project = await h.t.newProject(account.apiKey, { defaults: { type: 'yesno' } });
    const secret = (await h.t.call('POST', '/v1/webhook-callback-secret/rotate', { token: account.apiKey })).json.secret as string;
    const taskId = await createTask(account.apiKey, project.id, { callback_url: r.url });
    const got = await eventually('the callback', () => r.received[0]);
    expect(got.json).toMatchObject({ event: 'task.created', task_id: taskId });
    expect(verifySignature(got.headers['minga-signature'], got.raw, secret).v1).toBe(true);
    await eventually('callback_succeeded', async () => ((await h.t.call('GET', `/v1/tasks/${taskId}`, { token: account.apiKey })).json.callback_succeeded === true ? true : undefined));
    fail = true;
    expect((await h.t.call('POST', `/v1/tasks/${taskId}/cancel`, { token: account.apiKey })).status).toBe(200);
    await eventually('callback_succeeded false', async () => ((await h.t.call('GET', `/v1/tasks/${taskId}`, { token: account.apiKey })).json.callback_succeeded === false ? true : undefined));
    fail = false;
    await eventually('callback_succeeded true again', async () => ((await h.t.call('GET', `/v1/tasks/${taskId}`, { token: account.apiKey })).json.callback_succeeded === true ? true : undefined));
    const list = await deliveries(account.apiKey, `&task_id=${taskId}`);
    expect(list.map((d: { event: string; endpoint_id: string | null }) => [d.event, d.endpoint_id])).toEqual([
      ['task.created', null],
      ['task.canceled', null],
    ]);
  });
});
