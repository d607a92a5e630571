// A worker thread that spends one principal's allowance through a shared-memory limiter, as an HTTP thread does.
import { parentPort, workerData } from 'node:worker_threads';
import { createSharedRateLimiter } from '../../../src/core/limits/create-shared-rate-limiter.ts';

const { memory, checks, key } = workerData as { memory: SharedArrayBuffer; checks: number; key: string };
const limiter = createSharedRateLimiter({ requestsPerSecond: 0.001, requestsBurst: 500, tasksPerMinute: 0 }, memory);
let admitted = 0;
for (let i = 0; i < checks; i++) if ((await limiter.check(key, 0)).ok) admitted++;
parentPort?.postMessage(admitted);
