import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { FromHttpThread, HttpThreadData, ToHttpThread } from './messages.ts';

export interface HttpThreadsOptions {
  config: Config;
  port: number;
  writeLock: SharedArrayBuffer | null;
  limiterMemory: HttpThreadData['limiterMemory'];
  wake: (what: 'runner' | 'deliverer') => void;
  /** A thread ended without being asked to: the process can no longer serve as configured. */
  onCrash: (error: Error) => void;
}

const STOP_GRACE_MS = 10_000;
/**
 * Each serving thread's young generation (three semi-spaces). V8's default collects a busy server's
 * short-lived garbage many times a second; on bench/claim this size took claim p99 from 52–55 ms to 45–47 ms.
 */
export const YOUNG_GENERATION_MB = 96;

/**
 * Starts `config.threads - 1` HTTP threads beside the main thread and waits until each listens. They die
 * with the process; `stop` lets each finish its requests first.
 */
export async function startHttpThreads(options: HttpThreadsOptions, logger: Logger): Promise<{ stop(): Promise<void> }> {
  const threads: Worker[] = [];
  let stopping = false;
  const data: HttpThreadData = { config: options.config, port: options.port, writeLock: options.writeLock, limiterMemory: options.limiterMemory };
  try {
    for (let i = 1; i < options.config.threads; i++) threads.push(await startOne(options, data, () => stopping));
  } catch (error) {
    await Promise.all(threads.map((t) => t.terminate()));
    throw error;
  }
  if (threads.length > 0) logger.info({ threads: options.config.threads }, 'serving HTTP on several threads');
  return {
    stop: async () => {
      stopping = true;
      await Promise.all(
        threads.map(async (thread) => {
          const exited = new Promise((resolve) => thread.once('exit', resolve));
          thread.postMessage({ kind: 'stop' } satisfies ToHttpThread);
          const timer = setTimeout(() => void thread.terminate(), STOP_GRACE_MS);
          await exited;
          clearTimeout(timer);
        }),
      );
    },
  };
}

function startOne(options: HttpThreadsOptions, data: HttpThreadData, stopping: () => boolean): Promise<Worker> {
  const thread = new Worker(new URL('./http-thread.ts', import.meta.url), { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
  thread.on('message', (message: FromHttpThread) => {
    if (message.kind === 'wake') options.wake(message.what);
  });
  return new Promise((resolve, reject) => {
    let ready = false;
    thread.on('message', (message: FromHttpThread) => {
      if (message.kind !== 'ready') return;
      ready = true;
      resolve(thread);
    });
    thread.on('error', (error) => {
      if (!ready) reject(error);
      else options.onCrash(error);
    });
    thread.on('exit', (code) => {
      const error = new Error(`an HTTP thread exited (code ${code})`);
      if (!ready) reject(error);
      else if (!stopping()) options.onCrash(error);
    });
  });
}
