import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = 'packages/server/src/main.ts';

export interface ServerChild {
  url: string;
  /** The bootstrap owner's key; null when the store already had an owner (a restart). */
  apiKey: string | null;
  pid: number;
  /** SIGTERM, then waits for a clean exit (a --cpu-prof profile is written on exit). */
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** The checkout whose server runs; the repository itself unless --server-root says otherwise. */
  root?: string;
  dataDir: string;
  databaseUrl?: string | undefined;
  /** Extra node flags, e.g. ['--cpu-prof', '--cpu-prof-dir=…']. */
  nodeArgs?: string[];
  /** Extra environment for the server (MINGA_WEBHOOK_ALLOW_PRIVATE…). */
  env?: Record<string, string>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/**
 * Runs the server as a child process (`node packages/server/src/main.ts`), so that it has a core of its own
 * and the load generator in this process does not steal its CPU time.
 */
export function startServerChild(options: ServerOptions): Promise<ServerChild> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('MINGA_') && k !== 'DATABASE_URL') env[k] = v;
  Object.assign(env, { HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', MINGA_DATA_DIR: options.dataDir });
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  Object.assign(env, options.env);

  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), MAIN], { cwd: options.root ?? REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let stdout = '';
  let stderr = '';
  let apiKey: string | null = null;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => (live.delete(child), resolve(code))));

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`server did not start within 60 s\n${stderr}`)), 60_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      // Warnings the server logs during the run are worth seeing; keep them on our stderr.
      process.stderr.write(`  [server ${child.pid}] ${d}`);
    });
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const key = /^API key: (\S+)$/m.exec(stdout);
      if (key) apiKey = key[1] ?? null;
      const listening = /^Listening on (\S+)$/m.exec(stdout);
      if (listening?.[1]) {
        clearTimeout(timer);
        resolve({
          url: listening[1],
          apiKey,
          pid: child.pid as number,
          stop: async () => {
            if (child.exitCode !== null) return;
            child.kill('SIGTERM');
            const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
            await exited;
            clearTimeout(kill);
          },
        });
      }
    });
    void exited.then((code) => fail(new Error(`server exited (code ${code}) before listening:\n${stderr}`)));
  });
}

/**
 * Creates an empty SQLite store in `dataDir` with the migrations of the checkout at `root`, in a child
 * process, so the raw baseline writes exactly the table and indexes the server under test writes.
 */
export function createSqliteSchema(root: string, dataDir: string): void {
  const script =
    'const { openStore } = await import(process.argv[1]); const s = await openStore({ dataDir: process.argv[2] }); await s.close();';
  const url = pathToFileURL(join(root, 'packages/server/src/store/open-store.ts')).href;
  execFileSync(process.execPath, ['--input-type=module', '-e', script, url, dataDir], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** A thin JSON client over fetch (keep-alive by default). */
export class Api {
  readonly url: string;
  readonly key: string;

  constructor(url: string, key: string) {
    this.url = url;
    this.key = key;
  }

  /** Sends an already serialised body; returns status and the unparsed response text. */
  async postRaw(path: string, body: string): Promise<{ status: number; text: string }> {
    const res = await fetch(this.url + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.key}`, 'content-type': 'application/json' },
      body,
    });
    return { status: res.status, text: await res.text() };
  }

  async post<T>(path: string, body: unknown): Promise<T> {
    const { status, text } = await this.postRaw(path, JSON.stringify(body));
    if (status >= 300) throw new Error(`POST ${path}: ${status} ${text.slice(0, 500)}`);
    return JSON.parse(text) as T;
  }

  async get<T>(path: string): Promise<T> {
    const res = await fetch(this.url + path, { headers: { authorization: `Bearer ${this.key}` } });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`GET ${path}: ${res.status} ${text.slice(0, 500)}`);
    return JSON.parse(text) as T;
  }
}
