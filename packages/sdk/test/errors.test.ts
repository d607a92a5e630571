import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthError,
  ConflictError,
  ConnectionError,
  InsufficientCreditsError,
  Minga,
  MingaError,
  NotFoundError,
  RateLimitError,
  ValidationError,
} from '../src/index.ts';
import { collect } from './support/collect.ts';
import { startTestServer, stopTestServers, type TestServer } from './support/start-test-server.ts';

let server: TestServer;
let projectId: string;

beforeAll(async () => {
  server = await startTestServer();
  projectId = (await server.client().projects.create({ name: 'Errors', defaults: { type: 'yesno' } })).project.id;
});
afterAll(stopTestServers);

describe('API errors become typed errors', () => {
  it('401 → AuthError, with the request id', async () => {
    const error = await new Minga({ apiKey: 'mk_live_not_a_key', baseUrl: server.url }).me().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toBeInstanceOf(MingaError);
    expect(error).toMatchObject({ name: 'AuthError', status: 401, code: 'unauthorized', requestId: expect.stringMatching(/^req_/) });
  });

  it('404 → NotFoundError', async () => {
    const error = await server.client().tasks.get('tsk_missing').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('400 → ValidationError naming each bad field', async () => {
    const error = await server.client().tasks.create({ project_id: projectId, content: 'x', overlap: 50, priority: 101 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const fields = (error as ValidationError).details.map((d) => d.field).sort();
    expect(fields).toEqual(['overlap', 'priority']);
    expect(error).toMatchObject({ status: 400, code: 'validation_error' });
  });

  it('409 → ConflictError carrying the existing task of a repeated unique_id', async () => {
    const minga = server.client();
    const first = await minga.tasks.create({ project_id: projectId, content: 'once?', unique_id: 'conflict-1' });
    const error = await minga.tasks.create({ project_id: projectId, content: 'twice?', unique_id: 'conflict-1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ status: 409, code: 'conflict', existingTaskId: first.id });
  });

  it('a network failure → ConnectionError once retries are spent', async () => {
    const attempts: string[] = [];
    const minga = new Minga({
      baseUrl: 'http://127.0.0.1:9',
      maxRetries: 1,
      fetch: (input, init) => {
        attempts.push(String(input));
        return fetch(input, init);
      },
    });
    const error = await minga.me().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: 'connection_error', status: null });
    expect(attempts).toHaveLength(2);
  });

  it('an aborted call stops at once and is not retried', async () => {
    const controller = new AbortController();
    controller.abort(new Error('user went away'));
    await expect(server.client().me({ signal: controller.signal })).rejects.toThrow('user went away');
  });
});

describe('402 insufficient credits [MINGA_CREDITS=on]', () => {
  it('throws InsufficientCreditsError when the credits do not cover a task', async () => {
    const paid = await startTestServer({ MINGA_CREDITS: 'on' });
    const minga = paid.client();
    const { project } = await minga.projects.create({ name: 'Paid', defaults: { type: 'yesno' } });
    const error = await minga.tasks.create({ project_id: project.id, content: 'Cat?', reward: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InsufficientCreditsError);
    expect(error).toMatchObject({ status: 402, code: 'insufficient_credits' });
    expect(await minga.credits.get()).toMatchObject({ enabled: true, available: 0 });

    // The owner is the instance admin: a grant covers the task (5 × 1 + 20 % fee, at least 1 credit = 6).
    expect(await minga.credits.grant({ amount: 10, note: 'test' })).toMatchObject({ granted: 10, available: 10 });
    await minga.tasks.create({ project_id: project.id, content: 'Cat?', reward: 5 });
    expect(await minga.credits.get()).toMatchObject({ available: 4, reserved: 6 });
    const kinds = (await collect(minga.credits.ledger({ limit: 1 }))).map((entry) => entry.kind);
    expect(new Set(kinds)).toEqual(new Set(['grant', 'reservation']));
  });
});

describe('429 rate limited [1 request per second, burst 1]', () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({ MINGA_RATE_LIMIT_REQUESTS_PER_SECOND: '1', MINGA_RATE_LIMIT_REQUESTS_BURST: '1' });
  });

  it('throws RateLimitError with retryAfter from Retry-After when retries are off', async () => {
    const minga = limited.client({ maxRetries: 0 });
    await minga.me();
    const error = await minga.me().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limited' });
    expect((error as RateLimitError).retryAfter).toBeGreaterThanOrEqual(1);
  });

  it('waits out Retry-After and retries, by default', async () => {
    const statuses: number[] = [];
    const minga = limited.client({
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        statuses.push(response.status);
        return response;
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await minga.me();
    const started = Date.now();
    const me = await minga.me();
    expect(me.api_key?.mode).toBe('live');
    expect(statuses).toEqual([200, 429, 200]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});
