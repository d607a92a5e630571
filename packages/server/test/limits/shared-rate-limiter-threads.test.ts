import { Worker } from 'node:worker_threads';
import { expect, it } from 'vitest';
import { sharedRateLimiterMemory } from '../../src/core/limits/create-shared-rate-limiter.ts';

it('threads spending one principal at once through shared memory admit exactly its burst between them', async () => {
  const memory = sharedRateLimiterMemory();
  const admitted = await Promise.all(
    Array.from({ length: 4 }, () => {
      const thread = new Worker(new URL('./support/limiter-thread.ts', import.meta.url), { workerData: { memory, checks: 400, key: 'key:shared' } });
      return new Promise<number>((resolve, reject) => {
        thread.once('message', (n: number) => resolve(n));
        thread.once('error', reject);
      }).finally(() => thread.terminate());
    }),
  );
  // 1,600 checks against a burst of 500 (and almost no refill): each thread got some, together exactly 500.
  expect(admitted.reduce((a, b) => a + b, 0)).toBe(500);
  expect(admitted.filter((n) => n > 0).length).toBeGreaterThan(1);
});
