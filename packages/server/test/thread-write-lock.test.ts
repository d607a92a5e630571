import { Worker } from 'node:worker_threads';
import { expect, it } from 'vitest';
import { ThreadWriteLock } from '../src/store/thread-write-lock.ts';

it('lets one thread at a time through, so read-then-write across an await loses no update', async () => {
  const lock = new ThreadWriteLock();
  const counter = new SharedArrayBuffer(4);
  const rounds = 300;
  await Promise.all(
    Array.from({ length: 3 }, () => {
      const thread = new Worker(new URL('./support/write-lock-thread.ts', import.meta.url), { workerData: { lock: lock.buffer, counter, rounds } });
      return new Promise((resolve, reject) => {
        thread.once('message', resolve);
        thread.once('error', reject);
      }).finally(() => thread.terminate());
    }),
  );
  // Without the lock, threads reading the same value would overwrite each other's increments.
  expect(new Int32Array(counter)[0]).toBe(3 * rounds);
});

it('hands the lock to a waiter when it is released, and only then', async () => {
  const lock = new ThreadWriteLock();
  await lock.acquire();
  let got = false;
  const waiter = lock.acquire().then(() => (got = true));
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(got).toBe(false);
  lock.release();
  await waiter;
  expect(got).toBe(true);
  lock.release();
});
