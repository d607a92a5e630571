import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { http } from '../crash/http.ts';
import { killAllServerProcesses, startServerProcess } from '../support/server-process.ts';
import { createTestDataDir } from '../support/stores.ts';

/**
 * SPEC §3.7 on SQLite served by several threads: the kernel spreads a client's connections over the
 * threads, and a key still has one allowance. Were the buckets per thread, each would let the burst through.
 */
describe('rate limits of an SQLite server serving HTTP on several threads', () => {
  const dataDir = createTestDataDir('limits-threads');
  afterAll(async () => {
    await killAllServerProcesses();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lets one burst through for a key, whichever thread serves each request', async () => {
    const env = { MINGA_THREADS: '4', MINGA_RATE_LIMIT_REQUESTS_PER_SECOND: '1', MINGA_RATE_LIMIT_REQUESTS_BURST: '20' };
    const server = await startServerProcess({ dataDir, env });
    const key = server.apiKey as string;
    const project = await http(server.url, 'POST', '/v1/projects', { token: key, body: JSON.stringify({ name: 'Limits' }) });
    expect(project.status).toBe(201);
    const projectKey = project.json.api_key as string;
    // 60 requests in flight at once, on as many connections, spread by the kernel over four threads.
    const started = Date.now();
    const replies = await Promise.all(Array.from({ length: 60 }, () => http(server.url, 'GET', '/v1/me', { token: projectKey })));
    const seconds = Math.ceil((Date.now() - started) / 1000);
    const ok = replies.filter((r) => r.status === 200).length;
    expect(replies.filter((r) => r.status === 429)).toHaveLength(60 - ok);
    expect(ok).toBeGreaterThanOrEqual(20);
    expect(ok).toBeLessThanOrEqual(20 + seconds);
  }, 60_000);
});
