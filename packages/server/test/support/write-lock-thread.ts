// A worker thread that increments a shared counter under the process's write lock, yielding to its event
// loop between the read and the write, as a transaction does between its statements.
import { parentPort, workerData } from 'node:worker_threads';
import { ThreadWriteLock } from '../../src/store/thread-write-lock.ts';

const { lock, counter, rounds } = workerData as { lock: SharedArrayBuffer; counter: SharedArrayBuffer; rounds: number };
const writeLock = new ThreadWriteLock(lock);
const cell = new Int32Array(counter);
for (let i = 0; i < rounds; i++) {
  await writeLock.acquire();
  const seen = Atomics.load(cell, 0);
  await new Promise((resolve) => setImmediate(resolve));
  Atomics.store(cell, 0, seen + 1);
  writeLock.release();
}
parentPort?.postMessage('done');
