import { Hono } from 'hono';
import { DomainError } from '../core/domain-error.ts';
import { newRequestId } from '../core/ids.ts';
import { ROUTES } from '../routes/index.ts';
import type { AppDeps } from './app-deps.ts';
import type { AppEnv } from './app-env.ts';
import { mountDocsPage } from './docs-page.ts';
import { limitBody } from './limit-body.ts';
import { SECURITY_HEADERS } from './security-headers.ts';
import { errorResponse } from './error-response.ts';
import { mountRoutes } from './mount-routes.ts';
import { mountWebApp } from './web-app.ts';
import { buildOpenApi } from './openapi.ts';

export const API_VERSION = '0.1.0';

/**
 * Builds the HTTP app from its dependencies. Side-effect free: nothing listens, nothing starts; tests call
 * `app.request()` on the result, `main` hands it to a server.
 */
export function buildApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const openapi = JSON.stringify(buildOpenApi(ROUTES, API_VERSION));

  app.use(async (c, next) => {
    const requestId = newRequestId();
    c.set('requestId', requestId);
    const started = performance.now();
    // Headers set before the handler go into the response it builds (see security-headers.ts).
    c.header('X-Request-Id', requestId);
    for (const [name, value] of SECURITY_HEADERS) c.header(name, value);
    await next();
    // A handler that returned a Response of its own did not get them.
    if (c.res.headers.get('x-request-id') !== requestId) {
      c.res.headers.set('X-Request-Id', requestId);
      for (const [name, value] of SECURITY_HEADERS) c.res.headers.set(name, value);
    }
    deps.logger.info(
      { request_id: requestId, method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started), account_id: c.get('accountId') },
      'request',
    );
  });
  app.use(limitBody(deps.config.maxBodyBytes));

  app.get('/healthz', async (c) => {
    const ok = await deps.store.ping();
    return c.json({ status: ok ? 'ok' : 'unavailable' }, ok ? 200 : 503);
  });
  app.get('/openapi.json', (c) => c.body(openapi, 200, { 'Content-Type': 'application/json' }));
  mountDocsPage(app);
  mountRoutes(app, ROUTES, deps);
  mountWebApp(app);

  app.notFound((c) => {
    const r = errorResponse(new DomainError('not_found', `no route for ${c.req.method} ${c.req.path}`), c.get('requestId'));
    return c.body(r.body, r.status as 404, { 'Content-Type': r.contentType });
  });
  app.onError((error, c) => {
    const domain =
      error instanceof DomainError
        ? error
        : (deps.logger.error({ request_id: c.get('requestId'), err: error }, 'unhandled error'),
          new DomainError('internal_error', 'something went wrong on our side; the request id identifies it in our logs'));
    const r = errorResponse(domain, c.get('requestId'));
    return c.body(r.body, r.status as 500, { 'Content-Type': r.contentType });
  });
  return app;
}
