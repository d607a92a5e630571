import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../../tools/pg-cluster.ts';
import { parseConfig } from '../../src/config.ts';
import { startServer, type RunningServer } from '../../src/start-server.ts';
import { createTestDataDir } from '../support/stores.ts';

/**
 * Serving threads share their port (SO_REUSEPORT), which another process of the same user could share too:
 * a second server started on a taken port must fail as it would with one thread, not take half the traffic.
 */
describe('a server serving HTTP on several threads', () => {
  const dirs = [createTestDataDir('threads-a'), createTestDataDir('threads-b')];
  const running: RunningServer[] = [];
  afterAll(async () => {
    for (const server of running) await server.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const configFor = (port: number, dir: string) => parseConfig({ PORT: String(port), MINGA_DATA_DIR: dir, MINGA_THREADS: '2', LOG_LEVEL: 'silent' });

  it('refuses a port another server already listens on, and stops what it started', async () => {
    const port = await freePort();
    const first = await startServer(configFor(port, dirs[0] as string));
    running.push(first);
    await expect(startServer(configFor(port, dirs[1] as string))).rejects.toThrow(/EADDRINUSE/);
    // The first server still answers every request on the port.
    const replies = await Promise.all(Array.from({ length: 20 }, () => fetch(`${first.url}/healthz`).then((r) => r.status)));
    expect(replies).toEqual(Array.from({ length: 20 }, () => 200));
  }, 60_000);
});
