import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { startTestServer, stopTestServers } from './support/start-test-server.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const LOCAL_NODE = `${ROOT}node_modules/.bin/node`;
const NODE = existsSync(LOCAL_NODE) ? LOCAL_NODE : process.execPath;
const scratch = mkdtempSync(join(tmpdir(), 'minga-readme-'));
afterAll(async () => {
  await stopTestServers();
  rmSync(scratch, { recursive: true, force: true });
});

/** The README's "With the SDK" snippet, run as a reader would run it: against a real server, by Node 24. */
it('runs the README quickstart snippet against a real server', async () => {
  const readme = readFileSync(`${ROOT}README.md`, 'utf8');
  const snippet = /### With the SDK\n[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(snippet).toContain("from '@minga/sdk'");
  // From a scratch directory the package name would not resolve; point it at the workspace's source.
  const file = join(scratch, 'quickstart.ts');
  writeFileSync(file, (snippet ?? '').replace("'@minga/sdk'", JSON.stringify(new URL('../src/index.ts', import.meta.url).href)));
  const server = await startTestServer();
  const { stdout } = await promisify(execFile)(NODE, [file], {
    env: { PATH: process.env.PATH ?? '', MINGA: server.url, MINGA_API_KEY: server.apiKey },
    timeout: 30_000,
  });
  const lines = stdout.trim().split('\n');
  expect(lines[0]).toBe('completed positive (1/1 agree)');
  expect(lines.slice(1)).toEqual([expect.stringMatching(/ completed$/)]);
});
