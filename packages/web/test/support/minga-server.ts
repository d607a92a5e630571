import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Minga } from '@minga/sdk';
import { startServerProcess, type ServerProcess } from '../../../server/test/support/server-process.ts';

export interface RunningMinga {
  server: ServerProcess;
  /** The owner's client (the API key the first start prints). */
  owner: Minga;
  stop(): Promise<void>;
}

/** A real Minga server on a fresh SQLite store in a temporary directory; it serves the built web app. */
export async function startMinga(): Promise<RunningMinga> {
  const dataDir = mkdtempSync(join(tmpdir(), 'minga-web-'));
  const server = await startServerProcess({ dataDir });
  if (!server.apiKey) throw new Error('the server printed no API key');
  return {
    server,
    owner: new Minga({ apiKey: server.apiKey, baseUrl: server.url }),
    stop: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
