import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the proxy does with the n-th request (0-based): answer 503 itself, drop the connection before
 * forwarding, forward it and drop the connection instead of answering (the server did the work, the client
 * never hears of it), or forward it.
 */
export type ProxyAction = 'fail-503' | 'drop-before' | 'drop-after' | 'forward';

export interface SeenRequest {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  action: ProxyAction;
}

export interface FlakyProxy {
  readonly url: string;
  readonly seen: SeenRequest[];
  close(): Promise<void>;
}

function forward(target: URL, req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    upstream.on('error', reject);
    upstream.end(body);
  });
}

/** A local HTTP proxy in front of a real server that fails on purpose, as `plan` says, and records every request. */
export async function startFlakyProxy(targetUrl: string, plan: (index: number, req: IncomingMessage) => ProxyAction): Promise<FlakyProxy> {
  const target = new URL(targetUrl);
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const action = plan(seen.length, req);
      const key = req.headers['idempotency-key'];
      seen.push({ method: req.method ?? '', path: req.url ?? '', idempotencyKey: Array.isArray(key) ? key[0] : key, action });
      if (action === 'fail-503') {
        res.writeHead(503, { 'Content-Type': 'text/plain' }).end('Service Unavailable');
        return;
      }
      if (action === 'drop-before') {
        req.socket.destroy();
        return;
      }
      forward(target, req, Buffer.concat(chunks)).then(
        (answer) => {
          if (action === 'drop-after') {
            req.socket.destroy();
            return;
          }
          const headers = { ...answer.headers };
          delete headers['transfer-encoding'];
          delete headers.connection;
          res.writeHead(answer.status, headers).end(answer.body);
        },
        () => res.writeHead(502).end(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
