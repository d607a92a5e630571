import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/** Task images and audio are requester URLs on other hosts; scripts still come only from this origin. */
const OPTIONS = {
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    imgSrc: ["'self'", 'data:', 'https:', 'http:'],
    mediaSrc: ["'self'", 'https:', 'http:'],
    styleSrc: ["'self'", "'unsafe-inline'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
  },
};

/**
 * The security headers every response carries: Hono's secureHeaders policy with our options, read once at
 * start from a response of a probe app. They are static, and the middleware itself sets them on the built
 * response, which makes the Node adapter rebuild it as a full web Response, twice a request with the request
 * id: set before the handler runs, they go into the response as it is built instead.
 */
export const SECURITY_HEADERS: readonly (readonly [string, string])[] = await (async () => {
  const probe = new Hono();
  probe.use(secureHeaders(OPTIONS));
  probe.get('/', (c) => c.body(null, 204));
  const response = await probe.request('/');
  return [...response.headers];
})();
