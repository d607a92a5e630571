import { createHash } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { zodIssues } from '@minga/api-contracts';
import { authenticate, authenticateSpending } from '../core/accounts/authenticate.ts';
import { DomainError } from '../core/domain-error.ts';
import { beginIdempotent, finishIdempotent, runIdempotent } from '../core/idempotency-keys.ts';
import type { Principal } from '../core/principal.ts';
import type { AppDeps } from './app-deps.ts';
import type { AnyRoute } from './route.ts';
import type { AppEnv } from './app-env.ts';
import { enforceRateLimit } from './enforce-rate-limit.ts';
import { errorResponse } from './error-response.ts';
import { mayHoldNul, rejectNul } from './reject-nul.ts';

const honoPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

function bearerToken(c: Context): string | null {
  const header = c.req.header('authorization');
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match?.[1]) throw new DomainError('unauthorized', 'the Authorization header must be "Bearer <token>"');
  return match[1];
}

async function readJson(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/([\w.+-]*\+)?json\b/i.test(type)) {
    throw new DomainError('unsupported_media_type', 'send the body as JSON with Content-Type: application/json');
  }
  const text = await c.req.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new DomainError('validation_error', 'the body is not valid JSON', [{ field: '(body)', message: 'invalid JSON' }]);
  }
  if (mayHoldNul(text)) rejectNul(value, '');
  return value;
}

function validate<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: import('zod').ZodError } }, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = zodIssues(result.error, where === 'body' ? '' : `${where}.`);
  const first = details[0];
  throw new DomainError('validation_error', details.length === 1 && first ? `${first.field}: ${first.message}` : `${details.length} fields are invalid`, details);
}

/** Registers each route on the app: authentication, validation, idempotency, then the handler. */
export function mountRoutes(app: Hono<AppEnv>, routes: readonly AnyRoute[], deps: AppDeps): void {
  for (const route of routes) {
    app.on(route.method.toUpperCase(), honoPath(route.path), async (c) => {
      let principal: Principal | null = null;
      // Where the limiter lives in the store, a request that creates no tasks spends its allowance in the
      // statement that authenticates it (spent: true), and is checked again below only when that refused it.
      const spendInStatement = route.tasksCreated ? undefined : deps.rateLimiter?.spendInStatement;
      let spent = false;
      if (route.auth !== 'none') {
        const token = bearerToken(c);
        if (token && spendInStatement) {
          const found = await authenticateSpending(deps.store, token, spendInStatement, route.audience ?? 'requester');
          principal = found?.principal ?? null;
          spent = found?.spent ?? false;
        } else principal = token ? await authenticate(deps.store, token) : null;
        if (!principal && route.auth === 'required') throw new DomainError('unauthorized', token ? 'the token is invalid, expired or revoked' : 'send an API key or session token as "Authorization: Bearer <token>"');
        if (principal) c.set('accountId', principal.accountId);
        if (principal?.role === 'helper' && (route.audience ?? 'requester') === 'requester') {
          throw new DomainError('forbidden', 'this endpoint is for requesters; helpers use /v1/work');
        }
        if (principal && principal.userId === null && route.audience === 'worker') {
          throw new DomainError('forbidden', 'work is done by people: log in as a helper or the owner, not with an API key');
        }
      }
      // Every authenticated request spends its caller's allowance once, before any other work: at once, or,
      // on a route that creates tasks, when its body says how many (a body that cannot be read still spends one).
      const limiter = principal ? deps.rateLimiter : null;
      const limit = (tasks: number) => (limiter ? enforceRateLimit(limiter, principal as Principal, tasks, c) : undefined);
      if (!route.tasksCreated && !spent) await limit(0);
      const hasBody = route.body !== undefined || route.bodyDoc !== undefined;
      let params: unknown, query: unknown, rawBody: unknown;
      try {
        rejectNul(c.req.param(), 'path.');
        rejectNul(c.req.query(), 'query.');
        params = route.params ? validate(route.params, c.req.param(), 'path') : undefined;
        query = route.query ? validate(route.query, c.req.query(), 'query') : undefined;
        rawBody = hasBody ? await readJson(c) : undefined;
      } catch (error) {
        if (route.tasksCreated) await limit(0);
        throw error;
      }
      if (route.tasksCreated) await limit(route.tasksCreated(rawBody));
      const body = route.body ? validate(route.body, rawBody, 'body') : rawBody;

      const run = async () => {
        try {
          const reply = await route.handle({ params, query, body, principal: principal as Principal, maybePrincipal: principal, deps, c });
          const text = reply.json ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
          return { status: reply.status, contentType: 'application/json', body: text };
        } catch (error) {
          // A refusal is the request's answer, stored and replayed like a success; anything else is a crash.
          if (error instanceof DomainError) return errorResponse(error, c.get('requestId'));
          throw error;
        }
      };

      const header = route.method === 'post' && principal ? c.req.header('idempotency-key') : undefined;
      let response;
      if (header !== undefined && principal) {
        if (header.length === 0 || header.length > 255) {
          throw new DomainError('validation_error', 'Idempotency-Key must be 1-255 characters', [{ field: 'header.Idempotency-Key', message: 'must be 1-255 characters' }]);
        }
        // Keys are kept per credential: a test key's, another project's or another helper's response must
        // never be replayed to a caller that could not have seen it.
        const key = `${principal.keyId !== null ? `key:${principal.keyId}` : `user:${principal.userId}`}:${header}`;
        const url = new URL(c.req.url);
        const hash = createHash('sha256').update(`${route.method} ${url.pathname}${url.search}\n${hasBody ? await c.req.text() : ''}`).digest('hex');
        const start = await beginIdempotent(deps.store, principal.accountId, key, hash);
        if (start.kind === 'replay') {
          response = { status: start.status, contentType: start.contentType, body: start.body };
          c.header('Idempotent-Replayed', 'true');
        } else {
          try {
            response = await runIdempotent(principal.accountId, key, run);
          } catch (error) {
            // A crash before any change committed frees the key, so the client's retry runs the request again.
            await finishIdempotent(deps.store, principal.accountId, key, { status: 500, contentType: '', body: '' }).catch(() => {});
            throw error;
          }
          await finishIdempotent(deps.store, principal.accountId, key, response);
        }
      } else {
        response = await run();
      }
      if (response.body === '') return c.body(null, response.status as 200);
      c.header('Content-Type', response.contentType);
      return c.body(response.body, response.status as 200);
    });
  }
}
