import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../../../tools/pg-cluster.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
// The root devDependency "node" pins the runtime Minga supports; fall back to whatever runs the tests.
const LOCAL_NODE = `${REPO_ROOT}node_modules/.bin/node`;
const NODE = existsSync(LOCAL_NODE) ? LOCAL_NODE : process.execPath;

export interface ServerProcessOptions {
  /** Holds minga.sqlite; still required with a database URL (the config always has a data dir). */
  dataDir: string;
  /** A postgres:// URL; absent → SQLite under dataDir. */
  databaseUrl?: string | undefined;
  /** More environment (MINGA_OPERATION_LEASE_SECONDS, LOG_LEVEL…). */
  env?: Record<string, string>;
  /** How long to wait for the `Listening on` line. */
  startTimeoutMs?: number;
}

export interface ServerProcess {
  readonly pid: number;
  readonly url: string;
  /** The `API key:` line's key; only the first start on an empty store prints one. */
  readonly apiKey: string | null;
  /** The `Owner login:` line, if this start printed one. */
  readonly ownerLogin: string | null;
  /** Everything the process wrote to stdout so far. */
  stdout(): string;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** Resolves once the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL (`kill -9`): no shutdown hook runs. Resolves once the process is gone. */
  kill9(): Promise<void>;
  /** SIGTERM (graceful), then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Every child started here and not yet known to have exited: killed by killAllServerProcesses. */
const live = new Set<ChildProcess>();
const usedPorts = new Set<number>();

// Should the test worker exit without running its hooks, leave no server behind.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});


/**
 * Starts `node packages/server/src/main.ts` as a real child process on the given store and waits for its
 * `Listening on` line. The environment is built from scratch, so a DATABASE_URL in the test runner's own
 * environment cannot leak in.
 */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  for (let attempt = 1; ; attempt++) {
    // A port is never handed out twice: the test's HTTP client may still pool a socket to a dead server
    // on an old port, and would reuse it for a new server on the same port (ECONNRESET).
    let port = await freePort();
    for (let i = 0; usedPorts.has(port) && i < 20; i++) port = await freePort();
    usedPorts.add(port);
    try {
      return await startOnce(options, port);
    } catch (error) {
      // Only a port lost to a race is worth another try; anything else is the test's failure.
      if (attempt >= 3 || !(error instanceof Error && /EADDRINUSE/.test(error.message))) throw error;
    }
  }
}

function startOnce(options: ServerProcessOptions, port: number): Promise<ServerProcess> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    PORT: String(port),
    HOST: '127.0.0.1',
    MINGA_DATA_DIR: options.dataDir,
    LOG_LEVEL: 'warn',
    // Two HTTP threads whatever the machine's cores: every test of a real server process runs them.
    MINGA_THREADS: '2',
    // Load and crash tests send far more than a client should; the rate-limit tests turn the limits on.
    MINGA_RATE_LIMIT_REQUESTS_PER_SECOND: 'off',
    MINGA_RATE_LIMIT_TASKS_PER_MINUTE: 'off',
    MINGA_LOGIN_ATTEMPTS_PER_MINUTE: 'off',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...options.env,
  };
  const child = spawn(NODE, [MAIN], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    });
    child.once('error', () => {
      live.delete(child);
      resolve({ code: null, signal: null });
    });
  });

  const kill = async (sig: NodeJS.Signals, waitMs: number): Promise<boolean> => {
    if (child.exitCode !== null || child.signalCode !== null) return true;
    child.kill(sig);
    const timer = new Promise<false>((r) => setTimeout(() => r(false), waitMs).unref());
    return Promise.race([exited.then(() => true), timer]);
  };
  const kill9 = async () => {
    if (!(await kill('SIGKILL', 10_000))) throw new Error(`server ${child.pid} survived SIGKILL for 10 s`);
  };

  const timeoutMs = options.startTimeoutMs ?? 30_000;
  return new Promise<ServerProcess>((resolve, reject) => {
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(poll);
      void kill9().catch(() => {});
      reject(new Error(`${why}\n--- stdout ---\n${out}\n--- stderr ---\n${err}`));
    };
    const timer = setTimeout(() => fail(`server did not print "Listening on" within ${timeoutMs} ms`), timeoutMs);
    const poll = setInterval(() => {
      const listening = /^Listening on (\S+)$/m.exec(out);
      if (!listening?.[1] || settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(poll);
      const url = listening[1];
      resolve({
        pid: child.pid as number,
        url,
        apiKey: /^API key: (\S+)$/m.exec(out)?.[1] ?? null,
        ownerLogin: /^Owner login: (.+)$/m.exec(out)?.[1] ?? null,
        stdout: () => out,
        stderr: () => err,
        exited,
        kill9,
        stop: async (graceMs = 10_000) => {
          if (!(await kill('SIGTERM', graceMs))) await kill9();
        },
      });
    }, 20);
    void exited.then(({ code, signal }) => fail(`server exited (code ${code}, signal ${signal}) before listening`));
  });
}

/** SIGKILLs every server this worker started that is still running; for afterEach/afterAll. */
export async function killAllServerProcesses(): Promise<void> {
  await Promise.all(
    [...live].map(async (child) => {
      child.kill('SIGKILL');
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(resolve, 10_000).unref();
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }),
  );
}
