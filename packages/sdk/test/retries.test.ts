import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Minga, MingaError, ValidationError } from '../src/index.ts';
import { collect } from './support/collect.ts';
import { startFlakyProxy, type FlakyProxy, type ProxyAction } from './support/start-flaky-proxy.ts';
import { startTestServer, stopTestServers, type TestServer } from './support/start-test-server.ts';

let server: TestServer;
let proxy: FlakyProxy | undefined;

beforeAll(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});
afterAll(stopTestServers);

/** A new project, and a client that reaches the server through a proxy following `plan` for task creates. */
async function setUp(plan: (postIndex: number) => ProxyAction, options: { maxRetries?: number } = {}) {
  const { project } = await server.client().projects.create({ name: 'Retries', defaults: { type: 'yesno' } });
  let posts = 0;
  proxy = await startFlakyProxy(server.url, (_, req) => (req.method === 'POST' ? plan(posts++) : 'forward'));
  const minga = new Minga({ apiKey: server.apiKey, baseUrl: proxy.url, ...options });
  const tasksInProject = async () => (await collect(server.client().tasks.list({ project_id: project.id }))).length;
  return { projectId: project.id, minga, proxy, tasksInProject };
}

describe('retries with one Idempotency-Key, through a proxy that fails on purpose', () => {
  it('retries 503s and creates the task once, every attempt under the same key', async () => {
    const t = await setUp((i) => (i < 2 ? 'fail-503' : 'forward'));
    const task = await t.minga.tasks.create({ project_id: t.projectId, content: 'Retried?' });
    expect(t.proxy.seen.map((r) => r.action)).toEqual(['fail-503', 'fail-503', 'forward']);
    const keys = new Set(t.proxy.seen.map((r) => r.idempotencyKey));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(await t.tasksInProject()).toBe(1);
    expect((await server.client().tasks.get(task.id)).content).toBe('Retried?');
  });

  it('retries when the connection drops after the server did the work, and gets the first response replayed', async () => {
    const t = await setUp((i) => (i === 0 ? 'drop-after' : 'forward'));
    const task = await t.minga.tasks.create({ project_id: t.projectId, content: 'Lost answer?' });
    expect(t.proxy.seen.map((r) => r.action)).toEqual(['drop-after', 'forward']);
    expect(new Set(t.proxy.seen.map((r) => r.idempotencyKey)).size).toBe(1);
    // Without the key the retry would have created a second task.
    expect(await t.tasksInProject()).toBe(1);
    const [only] = await collect(server.client().tasks.list({ project_id: t.projectId }));
    expect(only?.id).toBe(task.id);
  });

  it('retries a connection dropped before forwarding, with the caller’s own key', async () => {
    const t = await setUp((i) => (i === 0 ? 'drop-before' : 'forward'));
    await t.minga.tasks.createMany([{ project_id: t.projectId, content: 'a?' }, { project_id: t.projectId, content: 'b?' }], {}, { idempotencyKey: 'import-42' });
    expect(t.proxy.seen.map((r) => [r.action, r.idempotencyKey])).toEqual([
      ['drop-before', 'import-42'],
      ['forward', 'import-42'],
    ]);
    expect(await t.tasksInProject()).toBe(2);
  });

  it('gives each call its own key', async () => {
    const t = await setUp(() => 'forward');
    await t.minga.tasks.create({ project_id: t.projectId, content: 'one?' });
    await t.minga.tasks.create({ project_id: t.projectId, content: 'two?' });
    expect(new Set(t.proxy.seen.map((r) => r.idempotencyKey)).size).toBe(2);
    expect(await t.tasksInProject()).toBe(2);
  });

  it('gives up after maxRetries and throws the last error', async () => {
    const t = await setUp(() => 'fail-503', { maxRetries: 1 });
    const error = await t.minga.tasks.create({ project_id: t.projectId, content: 'never?' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MingaError);
    expect(error).toMatchObject({ status: 503, code: 'http_error' });
    expect(t.proxy.seen).toHaveLength(2);
    expect(await t.tasksInProject()).toBe(0);
  });

  it('does not retry a request the server refused', async () => {
    const t = await setUp(() => 'forward');
    const error = await t.minga.tasks.create({ project_id: t.projectId, content: 'x', overlap: 99 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(t.proxy.seen).toHaveLength(1);
  });
});
