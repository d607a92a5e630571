import type { Context } from 'hono';
import type { z } from 'zod';
import type { RouteAudience } from '../core/accounts/authenticate.ts';
import type { Principal } from '../core/principal.ts';
import type { AppDeps } from './app-deps.ts';

type Schema = z.ZodType | undefined;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface HandlerContext<P extends Schema, Q extends Schema, B extends Schema> {
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
  /** The authenticated caller; routes with `auth: 'none'` never read it. */
  principal: Principal;
  /** The caller when one authenticated, on routes with `auth: 'optional'`. */
  maybePrincipal: Principal | null;
  deps: AppDeps;
  c: Context;
}

export interface Reply {
  status: number;
  body?: unknown;
  /** A body already serialised as JSON, sent as is (hot paths build their JSON text directly). */
  json?: string;
}

/**
 * One endpoint: its path and schemas (which both validate requests and produce the OpenAPI document) and
 * its handler. Handlers call the core and return a status and a body; they never touch the database.
 */
export interface RouteSpec<P extends Schema = Schema, Q extends Schema = Schema, B extends Schema = Schema> {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** OpenAPI-style path, e.g. `/v1/tasks/{id}`. */
  path: `/${string}`;
  operationId: string;
  summary: string;
  tag: string;
  auth: 'required' | 'optional' | 'none';
  /** Who may call it: requesters (owners and keys; the default), people who answer tasks, or anyone signed in. */
  audience?: RouteAudience;
  params?: P;
  query?: Q;
  body?: B;
  /** A body the handler parses itself (e.g. batches validated item by item), documented with this schema. */
  bodyDoc?: z.ZodType;
  /** How many tasks a request asks to create (its raw body given), spent from the tasks-per-minute limit. */
  tasksCreated?(body: unknown): number;
  responses: Record<number, { description: string; schema?: z.ZodType }>;
  handle(ctx: HandlerContext<P, Q, B>): Promise<Reply>;
}

export const defineRoute = <P extends Schema = undefined, Q extends Schema = undefined, B extends Schema = undefined>(
  spec: RouteSpec<P, Q, B>,
): RouteSpec<P, Q, B> => spec;

// Route lists mix schemas; the registry only needs the shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteSpec<any, any, any>;
