import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../src/routes/index.ts';
import { describeEachStore } from '../support/stores.ts';
import { openTestApp, type TestApp } from '../support/test-app.ts';

type Json = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);

/** Every `$ref` in a document, with where it was found. */
function refsIn(value: unknown, at = '#'): { ref: string; at: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => refsIn(v, `${at}/${i}`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' ? [{ ref: v, at }] : refsIn(v, `${at}/${k}`)));
}

/** Resolves a local JSON pointer (RFC 6901), or undefined. */
function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (node === null || typeof node !== 'object' || !(key in node)) return undefined;
    node = (node as Json)[key];
  }
  return node;
}

/** Every `type` keyword inside the schemas, which must be JSON Schema types. */
function typesIn(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.flatMap(typesIn);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => (k === 'type' && (typeof v === 'string' || Array.isArray(v)) ? [v].flat() : k === 'properties' ? Object.values(v as Json).flatMap(typesIn) : typesIn(v)));
}

describeEachStore('OpenAPI document, docs page and health', (ctx) => {
  let t: TestApp;
  let doc: Json;
  let paths: Record<string, Record<string, Json>>;
  beforeAll(async () => {
    t = await openTestApp(ctx.store);
    const r = await t.call('GET', '/openapi.json', { token: null });
    expect(r.status, r.text).toBe(200);
    doc = r.json;
    paths = doc.paths as typeof paths;
  });

  describe('/openapi.json', () => {
    it('is served without credentials as JSON, and looks like OpenAPI 3.1', async () => {
      const r = await t.call('GET', '/openapi.json', { token: null });
      expect(r.headers.get('content-type')).toMatch(/^application\/json/);
      expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
      expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
      expect(typeof paths).toBe('object');
      expect((doc.components as Json).securitySchemes).toMatchObject({ bearer: { type: 'http', scheme: 'bearer' } });
      expect(doc.security).toEqual([{ bearer: [] }]);
    });

    it('lists every route of ROUTES with its method and operationId', () => {
      for (const route of ROUTES) {
        const op = paths[route.path]?.[route.method];
        expect(op, `${route.method.toUpperCase()} ${route.path} is missing`).toBeDefined();
        expect(op?.operationId).toBe(route.operationId);
        expect(op?.summary).toBe(route.summary);
      }
    });

    it('lists nothing that is not a route', () => {
      const listed = Object.entries(paths).flatMap(([path, item]) => Object.keys(item).filter((k) => METHODS.includes(k)).map((m) => `${m} ${path}`));
      expect(listed.sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    });

    it('has unique operationIds', () => {
      const ids = Object.values(paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
      expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
      expect(ids.length - new Set(ids).size).toBe(0);
    });

    it('resolves every $ref inside the document', () => {
      const refs = refsIn(doc);
      expect(refs.length).toBeGreaterThan(0);
      const dangling = refs.filter(({ ref }) => resolvePointer(doc, ref) === undefined);
      expect(dangling).toEqual([]);
    });

    it('declares each path parameter, required, and only those', () => {
      for (const route of ROUTES) {
        const op = paths[route.path]?.[route.method] as Json;
        const inPath = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        const declared = ((op.parameters ?? []) as { name: string; in: string; required?: boolean }[]).filter((p) => p.in === 'path');
        expect(declared.map((p) => p.name).sort(), route.path).toEqual(inPath.sort());
        for (const p of declared) expect(p.required, `${route.path} ${p.name}`).toBe(true);
      }
    });

    it('documents a JSON request body exactly where a route takes one', () => {
      for (const route of ROUTES) {
        const op = paths[route.path]?.[route.method] as Json;
        const takesBody = route.body !== undefined || route.bodyDoc !== undefined;
        expect(op.requestBody !== undefined, `${route.method} ${route.path}`).toBe(takesBody);
        if (takesBody) expect(((op.requestBody as Json).content as Json)['application/json']).toHaveProperty('schema');
      }
    });

    it('documents every response of a route, and the error envelope as the default', () => {
      for (const route of ROUTES) {
        const op = paths[route.path]?.[route.method] as Json;
        const responses = op.responses as Record<string, Json>;
        for (const status of Object.keys(route.responses)) expect(responses[status], `${route.path} ${status}`).toBeDefined();
        const error = resolvePointer(doc, ((responses.default?.content as Json)['application/json'] as { schema: { $ref: string } }).schema.$ref) as Json;
        expect(error.required).toEqual(['error']);
        expect(((error.properties as Json).error as Json).required).toEqual(expect.arrayContaining(['code', 'message', 'request_id']));
      }
    });

    it('marks the routes that need no credentials, and offers Idempotency-Key on authenticated POSTs', () => {
      for (const route of ROUTES) {
        const op = paths[route.path]?.[route.method] as Json;
        if (route.auth === 'none') expect(op.security, route.path).toEqual([]);
        else expect(op.security, route.path).toBeUndefined();
        const idem = ((op.parameters ?? []) as { name: string; in: string }[]).some((p) => p.name === 'Idempotency-Key' && p.in === 'header');
        expect(idem, `${route.method} ${route.path}`).toBe(route.method === 'post' && route.auth !== 'none');
      }
    });

    it('uses only JSON Schema types in its schemas', () => {
      const bad = typesIn((doc.components as Json).schemas).concat(typesIn(paths)).filter((type) => !JSON_TYPES.has(type as string));
      expect(bad).toEqual([]);
    });

    it('is the same document on every request', async () => {
      const again = await t.call('GET', '/openapi.json', { token: null });
      expect(again.json).toEqual(doc);
    });
  });

  describe('/docs', () => {
    it('is an HTML page whose scripts and styles load, and which points Swagger UI at /openapi.json', async () => {
      const page = await t.call('GET', '/docs', { token: null });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      const assets = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
      expect(assets.length).toBeGreaterThanOrEqual(2);
      const bodies: string[] = [];
      for (const asset of assets) {
        expect(asset, 'assets are served by Minga itself, never a CDN').toMatch(/^\//);
        const r = await t.call('GET', asset, { token: null });
        expect(r.status, asset).toBe(200);
        expect(r.headers.get('content-type')).toMatch(/^text\/(css|javascript)/);
        expect(r.text.length).toBeGreaterThan(0);
        bodies.push(r.text);
      }
      expect(bodies.some((b) => b.includes("'/openapi.json'") || b.includes('"/openapi.json"'))).toBe(true);
    });

    it('unknown assets are 404', async () => {
      const r = await t.call('GET', '/docs/assets/../../package.json', { token: null });
      expect(r.status).toBe(404);
      expect((await t.call('GET', '/docs/assets/secret.js', { token: null })).status).toBe(404);
    });
  });

  describe('/healthz', () => {
    it('is 200 {status: "ok"} without credentials while the store answers', async () => {
      const r = await t.call('GET', '/healthz', { token: null });
      expect(r.status).toBe(200);
      expect(r.json).toEqual({ status: 'ok' });
    });
  });
});
