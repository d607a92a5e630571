import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killAllServerProcesses, startServerProcess } from '../../../server/test/support/server-process.ts';
import { Minga, type MingaOptions } from '../../src/index.ts';

export interface TestServer {
  readonly url: string;
  /** The owner's key, printed by the first start. */
  readonly apiKey: string;
  /** A client of the owner's key on this server. */
  client(options?: MingaOptions): Minga;
}

const dataDirs: string[] = [];

/** A real `node packages/server/src/main.ts` on a fresh SQLite file; `env` adds settings (MINGA_CREDITS…). */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'minga-sdk-'));
  dataDirs.push(dataDir);
  const server = await startServerProcess({ dataDir, env });
  if (!server.apiKey) throw new Error(`the first start printed no API key:\n${server.stdout()}`);
  const apiKey = server.apiKey;
  return { url: server.url, apiKey, client: (options = {}) => new Minga({ apiKey, baseUrl: server.url, ...options }) };
}

/** For afterAll: kills this worker's servers and removes their data. */
export async function stopTestServers(): Promise<void> {
  await killAllServerProcesses();
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

let helperCount = 0;

/** A client with the session of a newly invited helper who may work on `projectId`. */
export async function newHelperClient(owner: Minga, baseUrl: string, projectId: string): Promise<Minga> {
  const invite = await owner.helpers.invite({ email: `helper${++helperCount}@example.com`, name: 'Ana', project_ids: [projectId] });
  const session = await new Minga({ baseUrl }).auth.acceptInvite({ token: invite.invite_token, password: 'a long enough password' });
  return new Minga({ apiKey: session.token, baseUrl });
}

/** Claims tasks as `helper` until one of `taskId` turns up, and answers it. */
export async function answerTask(helper: Minga, taskId: string, answer: unknown): Promise<void> {
  for (let tries = 0; tries < 200; tries++) {
    const assignment = await helper.work.claim();
    if (assignment?.task_id === taskId) {
      await helper.work.submit(assignment.id, { answer, seconds_spent: 3 });
      return;
    }
    if (assignment) await helper.work.release(assignment.id);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`task ${taskId} was never handed out`);
}
