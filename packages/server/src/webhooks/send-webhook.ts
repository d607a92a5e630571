import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { parseRetryAfter } from '../core/webhooks/retry-delay.ts';
import type { AddressPolicy } from './address-policy.ts';

/** What one POST came to; `statusCode` null when no HTTP answer came. */
export interface SendResult {
  statusCode: number | null;
  error: string | null;
  /** The first KiB of the response body. */
  excerpt: string | null;
  retryAfterMs: number | null;
  durationMs: number;
}

export interface WebhookSender {
  send(url: string, body: string, headers: Record<string, string>, signal?: AbortSignal): Promise<SendResult>;
  /** Closes idle keep-alive sockets. */
  close(): void;
}

/** Resolution as node:dns does it; tests substitute a resolver that answers what they want. */
export type Resolve = (hostname: string, callback: (error: Error | null, addresses: LookupAddress[]) => void) => void;

const EXCERPT_CHARS = 1024;
/** A receiver's answer is read up to this size (so that its socket can be reused), then cut off. */
const MAX_READ_BYTES = 64 * 1024;

class RefusedAddress extends Error {}

const systemResolve: Resolve = (hostname, callback) => dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => callback(error, addresses ?? []));

/**
 * The webhook HTTP client: POSTs without following redirects, within a deadline for the whole exchange,
 * over keep-alive sockets. The address policy is checked on the address actually connected to: a literal
 * IP before connecting, a name inside the socket's own DNS lookup, which hands the connection only the
 * addresses that passed, so a name cannot resolve to a public address for the check and to a private one
 * for the connection.
 */
export function createWebhookSender(options: { policy: AddressPolicy; timeoutMs: number; resolve?: Resolve }): WebhookSender {
  const resolve = options.resolve ?? systemResolve;
  const lookup: LookupFunction = (hostname, opts, callback) => {
    resolve(hostname, (error, addresses) => {
      if (error) return callback(error, '', 4);
      const family = opts.family === 4 || opts.family === 6 ? opts.family : 0;
      const fitting = addresses.filter((a) => family === 0 || a.family === family);
      const allowed = fitting.filter((a) => options.policy.refusal(a.address) === null);
      const first = allowed[0];
      if (!first) {
        const refused = fitting[0];
        const why = refused ? `${hostname} resolves to ${options.policy.refusal(refused.address)}` : `${hostname} has no address`;
        return callback(refused ? new RefusedAddress(`refused: ${why}`) : Object.assign(new Error(why), { code: 'ENOTFOUND' }), '', 4);
      }
      if (opts.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
      callback(null, first.address, first.family);
    });
  };
  const agents = {
    'http:': new http.Agent({ keepAlive: true, lookup }),
    'https:': new https.Agent({ keepAlive: true, lookup }),
  };

  const send = (url: string, body: string, headers: Record<string, string>, signal?: AbortSignal): Promise<SendResult> => {
    const started = performance.now();
    const done = (r: Omit<SendResult, 'durationMs'>): SendResult => ({ ...r, durationMs: Math.round((performance.now() - started) * 10) / 10 });
    const failed = (error: string) => done({ statusCode: null, error, excerpt: null, retryAfterMs: null });
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return Promise.resolve(failed('the URL is not valid'));
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') return Promise.resolve(failed('only http and https URLs are delivered to'));
    // The URL parser has already turned every spelling of an IPv4 address (decimal, hex, octal, short
    // forms) into dotted decimal, and IPv6 into its canonical form.
    const host = target.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) {
      const refusal = options.policy.refusal(host);
      if (refusal) return Promise.resolve(failed(`refused: ${refusal}`));
    }

    return new Promise<SendResult>((resolve) => {
      let settled = false;
      const finish = (r: SendResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(r);
      };
      const transport = target.protocol === 'https:' ? https : http;
      const req = transport.request(target, {
        method: 'POST',
        agent: agents[target.protocol as 'http:' | 'https:'],
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      });
      const timer = setTimeout(() => {
        req.destroy();
        finish(failed(`timed out after ${options.timeoutMs} ms`));
      }, options.timeoutMs);
      const onAbort = () => {
        req.destroy();
        finish(failed('aborted: the server is shutting down'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (error: Error & { code?: string }) => {
        if (error instanceof RefusedAddress) return finish(failed(error.message));
        finish(failed(error.code ? `${error.code}: ${error.message}` : error.message));
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let read = 0;
        const answer = () => {
          const text = Buffer.concat(chunks).toString('utf8').slice(0, EXCERPT_CHARS);
          const code = res.statusCode ?? 0;
          const retryAfter = parseRetryAfter(res.headers['retry-after']);
          finish(done({ statusCode: code, error: null, excerpt: text === '' ? null : text, retryAfterMs: code >= 200 && code < 300 ? null : retryAfter }));
        };
        res.on('data', (chunk: Buffer) => {
          if (read < EXCERPT_CHARS * 4) chunks.push(chunk);
          read += chunk.length;
          if (read > MAX_READ_BYTES) {
            res.destroy();
            answer();
          }
        });
        res.on('end', answer);
        res.on('error', answer);
      });
      req.end(body);
    });
  };

  return {
    send,
    close: () => {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}
