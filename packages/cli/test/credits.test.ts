import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAllServerProcesses, startServerProcess, type ServerProcess } from '../../server/test/support/server-process.ts';
import { createTestDataDir } from '../../server/test/support/stores.ts';
import { runCliCaptured as cli } from './support/run-cli-captured.ts';

// Against a real server process that charges for work (MINGA_CREDITS=on), as an operator would run it.
describe('minga credits', () => {
  let server: ServerProcess;
  let env: NodeJS.ProcessEnv;
  const dataDir = createTestDataDir('cli-credits');

  beforeAll(async () => {
    server = await startServerProcess({ dataDir, env: { MINGA_CREDITS: 'on' } });
    env = { MINGA_URL: server.url, MINGA_API_KEY: server.apiKey as string };
  });
  afterAll(async () => {
    await killAllServerProcesses();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('grants credits as the instance admin and shows the balance', async () => {
    expect(await cli(env, 'credits', 'balance')).toMatchObject({ code: 0, out: 'available 0\nreserved  0\n' });
    const granted = await cli(env, 'credits', 'grant', '--amount', '250', '--note', 'pilot');
    expect(granted.code, granted.err).toBe(0);
    expect(granted.out).toMatch(/^granted 250 credits to account \S+: available 250, reserved 0\n$/);
    expect((await cli(env, 'credits', 'balance')).out).toBe('available 250\nreserved  0\n');
  });

  it('reports the server’s refusal, a usage mistake, and a missing key or server', async () => {
    const unknown = await cli(env, 'credits', 'grant', '--amount', '5', '--account', 'no-such-account');
    expect(unknown).toMatchObject({ code: 1, err: expect.stringContaining('404 not_found') });
    const bad = await cli(env, 'credits', 'grant', '--amount', '0');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--amount must be a positive number');
    expect((await cli({}, 'credits', 'balance')).err).toContain('MINGA_API_KEY is not set');
    const down = await cli({ ...env, MINGA_URL: 'http://127.0.0.1:9' }, 'credits', 'balance');
    expect(down.code).toBe(1);
    expect(down.err).toContain('cannot reach http://127.0.0.1:9');
    expect((await cli(env, 'credits', 'refund')).err).toContain('unknown action "refund"');
  });
});
