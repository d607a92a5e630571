/**
 * The baseline of bench/claim: a trivial HTTP handler served the way Minga serves (node:http, one thread per
 * core on one port with reusePort). It reads each request's body and answers with a small fixed JSON, with
 * no framework, no store and no work. Run as a child process: `node bench/claim/trivial-server.ts <threads>`;
 * it prints `Listening on <url>` like the server does.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Worker, isMainThread, workerData } from 'node:worker_threads';

const CLAIMED = JSON.stringify({ id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', task: { id: 't', input: { text: 'x' } } });

function listen(port: number, reusePort: boolean): Promise<number> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const body = req.url === '/v1/work/claim' ? CLAIMED : '{}';
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => server.listen({ port, host: '127.0.0.1', reusePort }, () => resolve((server.address() as AddressInfo).port)));
}

if (isMainThread) {
  const threads = Math.max(1, Number(process.argv[2] ?? 1));
  // The first listener picks the port; the others join it.
  const port = await listen(0, threads > 1);
  await Promise.all(
    Array.from({ length: threads - 1 }, () => new Promise<void>((resolve, reject) => {
      const w = new Worker(new URL(import.meta.url), { workerData: port });
      w.once('message', () => resolve());
      w.once('error', reject);
    })),
  );
  process.stdout.write(`Listening on http://127.0.0.1:${port}\n`);
} else {
  const { parentPort } = await import('node:worker_threads');
  await listen(workerData as number, true);
  parentPort?.postMessage('ready');
}
