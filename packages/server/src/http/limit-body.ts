import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { DomainError } from '../core/domain-error.ts';

/**
 * Refuses a body over `maxBytes` with 413 before the handler reads it.
 *
 * Served by Node, a request's framing headers already say everything: with a Content-Length the size is
 * known before a byte is read; with neither it has no body. Only a chunked body must be counted as it
 * arrives, which Hono's bodyLimit does. It is not used for the other requests because it reads
 * `c.req.raw.body`, which makes the Node adapter build a full web Request and a stream for every request,
 * bodiless ones included: a sixth of a claim's server time. Outside Node (`app.request()` in tests), every
 * request goes through bodyLimit.
 */
export function limitBody(maxBytes: number): MiddlewareHandler {
  const tooLarge = () => {
    throw new DomainError('payload_too_large', `the body is larger than ${maxBytes} bytes`);
  };
  const counted = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async (c, next) => {
    const servedByNode = (c.env as { incoming?: unknown } | undefined)?.incoming !== undefined;
    if (!servedByNode || c.req.header('transfer-encoding') !== undefined) return counted(c, next);
    const length = c.req.header('content-length');
    if (length !== undefined && Number(length) > maxBytes) tooLarge();
    await next();
  };
}
