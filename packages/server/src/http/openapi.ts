import { z } from 'zod';
import { ErrorEnvelope } from '@minga/api-contracts';
import { ERROR_STATUS } from './error-status.ts';
import type { AnyRoute } from './route.ts';

type JsonSchema = Record<string, unknown>;

/**
 * Builds the OpenAPI 3.1 document from the routes' own zod schemas, so the document cannot drift from
 * what the server validates. Named schemas (`.meta({ id })`) become shared components.
 */
export function buildOpenApi(routes: readonly AnyRoute[], version: string): Record<string, unknown> {
  const components: Record<string, JsonSchema> = {};
  const convert = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
    const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
    const defs = (json.$defs ?? {}) as Record<string, JsonSchema>;
    delete json.$defs;
    delete json.$schema;
    for (const [name, def] of Object.entries(defs)) components[name] ??= relink(def) as JsonSchema;
    const id = (z.globalRegistry.get(schema) as { id?: string } | undefined)?.id;
    if (id) {
      components[id] ??= relink(json) as JsonSchema;
      return { $ref: `#/components/schemas/${id}` };
    }
    return relink(json) as JsonSchema;
  };

  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const parameters: unknown[] = [];
    for (const [where, schema] of [['path', route.params], ['query', route.query]] as const) {
      if (!schema) continue;
      const json = convert(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
      for (const [name, prop] of Object.entries(json.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema: prop });
      }
    }
    if (route.method === 'post' && route.auth !== 'none') {
      parameters.push({ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 }, description: 'Replays the first response for 24 h' });
    }
    const bodySchema = route.body ?? route.bodyDoc;
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(route.responses)) {
      responses[status] = { description: r.description, ...(r.schema ? { content: { 'application/json': { schema: convert(r.schema, 'output') } } } : {}) };
    }
    if (route.auth !== 'none') {
      responses['429'] = {
        description: 'rate_limited: the key or user spent its allowance of requests per second or tasks per minute',
        headers: { 'Retry-After': { description: 'Seconds until the same request would pass', schema: { type: 'integer', minimum: 1 } } },
        content: { 'application/json': { schema: convert(ErrorEnvelope, 'output') } },
      };
    }
    responses.default = { description: 'Error', content: { 'application/json': { schema: convert(ErrorEnvelope, 'output') } } };
    (paths[route.path] ??= {})[route.method] = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.tag],
      ...(route.auth === 'none' ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(bodySchema ? { requestBody: { required: true, content: { 'application/json': { schema: convert(bodySchema, 'input') } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Minga API',
      version,
      description: `Human microtasks: post tasks, collect answers, get results by consensus. Error codes and their statuses: ${Object.entries(ERROR_STATUS)
        .map(([code, status]) => `${code} (${status})`)
        .join(', ')}.`,
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      schemas: components,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API key (mk_live_…, mk_test_…) or a session token' } },
    },
  };
}

/** zod names shared schemas under `#/$defs/`; in OpenAPI they live under `#/components/schemas/`. */
function relink(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(relink);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' ? v.replace('#/$defs/', '#/components/schemas/') : relink(v)]),
    );
  }
  return value;
}
