import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback receiver that answers 200 at once (or never, when hanging) and notes each delivery's latency. */
export interface BenchReceiver {
  url: string;
  /** Per delivery: receipt time minus the event's created_at (written in the committing transaction), ms. */
  latencies: number[];
  arrivals: number[];
  reset(): void;
  close(): Promise<void>;
}

export async function startBenchReceiver(hang = false): Promise<BenchReceiver> {
  const latencies: number[] = [];
  const arrivals: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const now = Date.now();
      if (hang) return;
      const created = /"created_at":"([^"]+)"/.exec(Buffer.concat(chunks).toString('utf8'))?.[1];
      if (created) latencies.push(now - Date.parse(created));
      arrivals.push(now);
      res.writeHead(200).end();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    latencies,
    arrivals,
    reset: () => {
      latencies.length = 0;
      arrivals.length = 0;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
}
