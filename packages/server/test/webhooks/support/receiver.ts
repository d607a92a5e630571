import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a receiver got, as it arrived. */
export interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  /** The raw body, byte for byte, as the signature covers it. */
  raw: string;
  // Tests inspect arbitrary JSON.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
  at: number;
  /** Set once the answer was sent in full (never, when the sender died waiting for it). */
  answered: boolean;
}

/** How to answer the n-th request (0-based): a status and headers, or `hang` (never answer). */
export type Reply = { status: number; headers?: Record<string, string>; body?: string; delayMs?: number } | 'hang';

export interface Receiver {
  url: string;
  received: Received[];
  /** Requests still unanswered (hanging or delayed). */
  hanging(): number;
  /** The requests still unanswered. */
  unanswered(): Received[];
  close(): Promise<void>;
}

/**
 * A real HTTP server on loopback that records every request and answers as `reply` says. `host` may be any
 * 127.x.y.z address (Linux routes all of 127/8 to loopback).
 */
export async function startReceiver(reply: (n: number, req: Received) => Reply = () => ({ status: 200, body: 'ok' }), host = '127.0.0.1'): Promise<Receiver> {
  const received: Received[] = [];
  const open = new Map<ServerResponse, Received>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        json = undefined;
      }
      const r: Received = { path: req.url ?? '/', headers: req.headers, raw, json, at: Date.now(), answered: false };
      res.on('finish', () => (r.answered = true));
      const n = received.length;
      received.push(r);
      const answer = reply(n, r);
      if (answer === 'hang') {
        open.set(res, r);
        res.on('close', () => open.delete(res));
        return;
      }
      const send = () => {
        res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
        res.end(answer.body ?? '');
      };
      if (answer.delayMs) {
        open.set(res, r);
        res.on('close', () => open.delete(res));
        setTimeout(send, answer.delayMs);
      } else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/hook`,
    received,
    hanging: () => open.size,
    unanswered: () => [...open.values()],
    close: async () => {
      for (const res of open.keys()) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Checks a `Minga-Signature` header the way a receiver would, written here from SPEC §3.6 with node:crypto
 * and nothing from the server: `t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">[,v0=…]`. Returns which
 * schemes matched the secret.
 */
export function verifySignature(header: string | string[] | undefined, raw: string, secret: string): { t: number; v1: boolean; v0: boolean } {
  if (typeof header !== 'string') throw new Error('no Minga-Signature header');
  const parts = new Map(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const expected = createHmac('sha256', secret).update(`${parts.get('t')}.${raw}`).digest();
  const matches = (hex: string | undefined) => hex !== undefined && /^[0-9a-f]{64}$/.test(hex) && timingSafeEqual(Buffer.from(hex, 'hex'), expected);
  return { t, v1: matches(parts.get('v1')), v0: matches(parts.get('v0')) };
}
