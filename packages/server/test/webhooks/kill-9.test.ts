import { rmSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ok, waitFor } from '../crash/http.ts';
import { killAllServerProcesses, startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { backends, createTestDatabase, createTestDataDir } from '../support/stores.ts';
import { startReceiver, type Receiver, type Received } from './support/receiver.ts';

/**
 * At least once through `kill -9` (SPEC §2.2): real server processes deliver to a slow receiver, one dies by
 * SIGKILL while attempts are in flight, and after the restart every event reaches the receiver, under the
 * event id the feed gives it. On PostgreSQL two processes share the outbox and the killed one's claims
 * run out (2 × timeout + 5 s) before the survivor takes them over.
 */
const ENV = { MINGA_WEBHOOK_ALLOW_PRIVATE: 'true', MINGA_WEBHOOK_TIMEOUT_MS: '1000', MINGA_WEBHOOK_RETRY_BASE_MS: '200' };
const TASKS = 200;
const TEST_TIMEOUT_MS = 90_000;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  await killAllServerProcesses();
});
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** Every task.created event id of the account, from the feed. */
async function eventIds(server: ServerProcess, apiKey: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let after = '';
  for (;;) {
    const page = await ok(server.url, 'GET', `/v1/events?type=task.created&limit=1000${after ? `&after=${after}` : ''}`, { token: apiKey });
    for (const e of page.json.data as { id: string }[]) ids.add(e.id);
    if (!page.json.has_more) return ids;
    after = page.json.next_cursor as string;
  }
}

async function setUp(server: ServerProcess, apiKey: string, receiver: Receiver) {
  const project = await ok(server.url, 'POST', '/v1/projects', { token: apiKey, body: JSON.stringify({ name: 'Webhook crash', defaults: { type: 'yesno' } }) });
  await ok(server.url, 'POST', '/v1/webhook-endpoints', { token: apiKey, body: JSON.stringify({ url: receiver.url, events: ['task.created'] }) });
  const body = JSON.stringify(Array.from({ length: TASKS }, (_, i) => ({ project_id: project.json.project.id, content: `Crash ${i}?` })));
  await ok(server.url, 'POST', '/v1/tasks', { token: apiKey, body });
}

/** Waits until attempts are in flight at the receiver, then SIGKILLs the server. */
async function killMidDelivery(server: ServerProcess, receiver: Receiver): Promise<{ received: number; inFlight: Received[] }> {
  await waitFor('attempts in flight', 20_000, () => (receiver.received.length >= 10 && receiver.hanging() > 0 ? true : undefined), 5);
  const state = { received: receiver.received.length, inFlight: receiver.unanswered() };
  await server.kill9();
  return state;
}

/**
 * Every event of the feed reaches the receiver, and those whose attempt the kill cut off (the receiver could
 * never send its answer: the sender was gone) come again after it: the server never learnt they arrived.
 */
async function expectAllDelivered(server: ServerProcess, apiKey: string, receiver: Receiver, atKill: { received: number; inFlight: Received[] }): Promise<number> {
  const expected = await eventIds(server, apiKey);
  expect(expected.size).toBe(TASKS);
  let cutOff: string[] = [];
  await waitFor('every event at the receiver, the cut-off ones again', 45_000, () => {
    cutOff = atKill.inFlight.filter((r) => !r.answered).map((r) => r.json.id as string);
    const seen = new Set(receiver.received.map((r) => r.json?.id as string));
    const again = new Set(receiver.received.slice(atKill.received).map((r) => r.json?.id as string));
    return cutOff.length > 0 && [...expected].every((id) => seen.has(id)) && cutOff.every((id) => again.has(id)) ? true : undefined;
  });
  for (const r of receiver.received) expect(expected.has(r.json.id), 'only the feed\'s event ids').toBe(true);
  return cutOff.length;
}

describe.each(backends)('webhooks through kill -9 [%s]', (backend) => {
  it('delivers every event after a restart, under the same event id', async () => {
    const receiver = await startReceiver(() => ({ status: 200, delayMs: 150 }));
    cleanups.push(() => receiver.close());
    const dataDir = createTestDataDir(`wh-kill9-${backend}`);
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const database = backend === 'postgres' ? await createTestDatabase('wh_kill9') : undefined;
    if (database) cleanups.push(() => database.drop());
    const start = () => startServerProcess({ dataDir, databaseUrl: database?.url, env: ENV });

    let server = await start();
    const apiKey = server.apiKey as string;
    await setUp(server, apiKey, receiver);
    const atKill = await killMidDelivery(server, receiver);
    expect(atKill.received).toBeLessThan(TASKS);
    server = await start();
    const cutOff = await expectAllDelivered(server, apiKey, receiver, atKill);
    console.info(`[webhooks kill-9 ${backend}] ${JSON.stringify({ received: atKill.received, inFlight: atKill.inFlight.length, cutOff, total: receiver.received.length, unique: new Set(receiver.received.map((r) => r.json.id)).size })}`);
    await server.stop();
  }, TEST_TIMEOUT_MS);
});

describe.skipIf(!backends.includes('postgres'))('webhooks on two PostgreSQL processes after a kill -9', () => {
  it('two processes share the outbox after the crash and deliver everything, the cut-off attempts again', async () => {
    const receiver = await startReceiver(() => ({ status: 200, delayMs: 150 }));
    cleanups.push(() => receiver.close());
    const database = await createTestDatabase('wh_kill9_pair');
    cleanups.push(() => database.drop());
    const dirs = [createTestDataDir('wh-kill9-a'), createTestDataDir('wh-kill9-b')];
    cleanups.push(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

    // A alone when it dies, so that every attempt in flight at the kill is surely one of A's.
    const a = await startServerProcess({ dataDir: dirs[0] as string, databaseUrl: database.url, env: ENV });
    const apiKey = a.apiKey as string;
    await setUp(a, apiKey, receiver);
    const atKill = await killMidDelivery(a, receiver);
    const [a2, b] = await Promise.all([
      startServerProcess({ dataDir: dirs[0] as string, databaseUrl: database.url, env: ENV }),
      startServerProcess({ dataDir: dirs[1] as string, databaseUrl: database.url, env: ENV }),
    ]);
    const cutOff = await expectAllDelivered(b, apiKey, receiver, atKill);
    const dead = await ok(a2.url, 'GET', '/v1/webhook-deliveries?status=dead', { token: apiKey });
    expect(dead.json.data).toEqual([]);
        console.info(`[webhooks kill-9 pair] ${JSON.stringify({ received: atKill.received, inFlight: atKill.inFlight.length, cutOff, total: receiver.received.length, unique: new Set(receiver.received.map((r) => r.json.id)).size })}`);
    await a2.stop();
    await b.stop();
  }, TEST_TIMEOUT_MS);
});
