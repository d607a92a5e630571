import { TaskError, WaitTimeoutError } from '../errors.ts';
import type { Task, TaskStatus } from '../types.ts';
import { sleep } from './sleep.ts';

/** How `tasks.wait` polls. */
export interface WaitOptions {
  /** Give up (with `WaitTimeoutError`) after this long; unbounded when absent: people take their time. */
  timeoutMs?: number;
  /** The first pause between polls (default 1,000 ms); each pause is 1.5 times the last, with jitter. */
  intervalMs?: number;
  /** The longest pause between polls (default 15,000 ms). */
  maxIntervalMs?: number;
  /** Stops waiting: the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** The statuses after which a task changes only when someone acts on it (audit, redo). */
export const FINAL_STATUSES: ReadonlySet<TaskStatus> = new Set(['completed', 'needs_review', 'canceled', 'error']);

/**
 * Polls a task until its status is final, or until `onWake` reports news of it (a webhook). Resolves with a `completed` or `needs_review` task; rejects
 * with `TaskError` for `canceled` or `error`, and with `WaitTimeoutError` once `timeoutMs` has passed.
 */
export async function waitForTask(
  getTask: (signal?: AbortSignal) => Promise<Task>,
  options: WaitOptions = {},
  onWake: (wake: () => void) => () => void = () => () => {},
): Promise<Task> {
  const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
  const maxInterval = options.maxIntervalMs ?? 15_000;
  let interval = options.intervalMs ?? 1_000;
  for (;;) {
    const task = await getTask(options.signal);
    if (task.status === 'canceled' || task.status === 'error') throw new TaskError(task);
    if (FINAL_STATUSES.has(task.status)) return task;
    const left = deadline - Date.now();
    if (left <= 0) throw new WaitTimeoutError(task, options.timeoutMs ?? 0);
    // Jitter keeps many waiters started together from polling in lockstep. A webhook about the task
    // (`tasks.notify`) ends the pause at once.
    const woken = new AbortController();
    const off = onWake(() => woken.abort());
    try {
      await sleep(Math.min(left, interval * (0.8 + Math.random() * 0.4)), options.signal ? AbortSignal.any([options.signal, woken.signal]) : woken.signal);
    } catch (error) {
      if (!woken.signal.aborted || options.signal?.aborted) throw error;
    } finally {
      off();
    }
    interval = Math.min(maxInterval, interval * 1.5);
  }
}
