import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { http } from '../crash/http.ts';
import { killAllServerProcesses, startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { backends, createTestDatabase, createTestDataDir } from '../support/stores.ts';

/**
 * SPEC §2.1 + §3.7: two Minga processes on one PostgreSQL spend one allowance per key. Were the buckets
 * kept per process, each would let the whole burst through.
 */
describe.skipIf(!backends.includes('postgres'))('rate limits shared by two server processes on one PostgreSQL', () => {
  const cleanups: (() => Promise<unknown> | void)[] = [];
  let a: ServerProcess;
  let b: ServerProcess;
  let key: string;
  afterAll(async () => {
    await killAllServerProcesses();
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  const start = async () => {
    const database = await createTestDatabase('limits_two_processes');
    cleanups.push(() => database.drop());
    const dirs = [createTestDataDir('limits-two-a'), createTestDataDir('limits-two-b')];
    cleanups.push(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
    // One request a second after a burst of 20; 100 tasks a minute (one every 0.6 s).
    const env = { MINGA_RATE_LIMIT_REQUESTS_PER_SECOND: '1', MINGA_RATE_LIMIT_REQUESTS_BURST: '20', MINGA_RATE_LIMIT_TASKS_PER_MINUTE: '100' };
    a = await startServerProcess({ dataDir: dirs[0] as string, databaseUrl: database.url, env });
    b = await startServerProcess({ dataDir: dirs[1] as string, databaseUrl: database.url, env });
    key = a.apiKey as string;
  };

  it('lets one burst through for a key, whichever process serves it', async () => {
    await start();
    const project = await http(a.url, 'POST', '/v1/projects', { token: key, body: JSON.stringify({ name: 'Limits' }) });
    expect(project.status).toBe(201);
    const projectKey = project.json.api_key as string;
    // 40 requests, half to each process, all in flight at once: the burst of 20 passes (and one more for
    // each second that goes by meanwhile). Were the buckets per process, all 40 would.
    const started = Date.now();
    const replies = await Promise.all(Array.from({ length: 40 }, (_, i) => http(i % 2 ? b.url : a.url, 'GET', '/v1/me', { token: projectKey })));
    const seconds = Math.ceil((Date.now() - started) / 1000);
    const ok = replies.filter((r) => r.status === 200);
    const refused = replies.filter((r) => r.status === 429);
    expect(ok.length + refused.length).toBe(40);
    expect(ok.length).toBeGreaterThanOrEqual(20);
    expect(ok.length).toBeLessThanOrEqual(20 + seconds);
    const retryAfter = Number(refused[0]?.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(2);

    // Tasks: 60 through one process leave 40 of the minute's 100 for the other.
    const tasks = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => ({ project_id: project.json.project.id, type: 'yesno', content: `Q${i}` })));
    expect((await http(a.url, 'POST', '/v1/tasks', { token: key, body: tasks(60) })).status).toBe(201);
    const over = await http(b.url, 'POST', '/v1/tasks', { token: key, body: tasks(60) });
    expect(over.status).toBe(429);
    expect(over.json.error.code).toBe('rate_limited');
    // 20 tasks short at one every 0.6 s: 12 s, less the time the test took in between.
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(9);
    expect(Number(over.headers.get('retry-after'))).toBeLessThanOrEqual(12);
    expect((await http(b.url, 'POST', '/v1/tasks', { token: key, body: tasks(40) })).status).toBe(201);
  }, 60_000);
});
