import { createAdaptorServer, type ServerType } from '@hono/node-server';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECURITY_HEADERS } from '../../src/http/security-headers.ts';
import { openTestStore, type TestStore } from '../support/stores.ts';
import { openTestApp, type TestApp } from '../support/test-app.ts';

const LIMIT = 2048;

/** One request over a real socket; `chunked` sends the body without a Content-Length. */
interface Sent {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: { error?: { code: string; request_id: string } } & Record<string, unknown>;
}

function send(port: number, token: string, method: string, path: string, body: string | null, chunked = false): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== null) headers['content-type'] = 'application/json';
    if (body !== null && !chunked) headers['content-length'] = String(Buffer.byteLength(body));
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode as number, headers: res.headers, json: text ? JSON.parse(text) : {} }));
    });
    req.on('error', reject);
    if (body !== null && chunked) {
      // Two writes, so that the body really arrives in chunks.
      const half = Math.floor(body.length / 2);
      req.write(body.slice(0, half));
      req.write(body.slice(half));
    } else if (body !== null) req.write(body);
    req.end();
  });
}

// The app as the Node adapter serves it, over a real socket: the paths app.request() does not take.
describe('the app over a real socket [sqlite]', () => {
  let current: TestStore;
  let t: TestApp;
  let server: ServerType;
  let port: number;

  beforeAll(async () => {
    current = await openTestStore('sqlite', 'limit-body');
    t = await openTestApp(current.store, { maxBodyBytes: LIMIT });
    server = createAdaptorServer({ fetch: t.app.fetch });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await current.cleanup();
  });

  const project = (name: string, size: number) => JSON.stringify({ name, description: 'x'.repeat(size) });

  it('takes bodies under the limit, with a Content-Length or chunked', async () => {
    const a = await send(port, t.adminKey, 'POST', '/v1/projects', project('sized', LIMIT - 100));
    expect(a.status, JSON.stringify(a.json)).toBe(201);
    const b = await send(port, t.adminKey, 'POST', '/v1/projects', project('chunked', LIMIT - 100), true);
    expect(b.status, JSON.stringify(b.json)).toBe(201);
    const list = await send(port, t.adminKey, 'GET', '/v1/projects?limit=100', null);
    expect(list.status).toBe(200);
    expect((list.json.data as { name: string }[]).map((p) => p.name).sort()).toEqual(expect.arrayContaining(['chunked', 'sized']));
  });

  it('refuses bodies over the limit with 413, with a Content-Length or chunked, and creates nothing', async () => {
    const a = await send(port, t.adminKey, 'POST', '/v1/projects', project('too-big-sized', LIMIT + 10));
    expect(a.status).toBe(413);
    expect(a.json.error?.code).toBe('payload_too_large');
    const b = await send(port, t.adminKey, 'POST', '/v1/projects', project('too-big-chunked', LIMIT + 10), true);
    expect(b.status).toBe(413);
    expect(b.json.error?.code).toBe('payload_too_large');
    const list = await send(port, t.adminKey, 'GET', '/v1/projects?limit=100', null);
    const names = (list.json.data as { name: string }[]).map((p) => p.name);
    expect(names).not.toContain('too-big-sized');
    expect(names).not.toContain('too-big-chunked');
  });

  it('every response carries the request id and the security headers, answers and errors alike', async () => {
    const responses = [
      await send(port, t.adminKey, 'GET', '/v1/me', null),
      await send(port, t.adminKey, 'POST', '/v1/projects', project('headers', 10)),
      await send(port, t.adminKey, 'POST', '/v1/projects', '{"name": 5}'),
      await send(port, t.adminKey, 'GET', '/v1/no-such-route', null),
      await send(port, 'not-a-key-but-long-enough-to-look', 'GET', '/v1/me', null),
      await send(port, t.adminKey, 'GET', '/healthz', null),
      await send(port, t.adminKey, 'GET', '/openapi.json', null),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 201, 400, 404, 401, 200, 200]);
    for (const r of responses) {
      expect(r.headers['x-request-id']).toMatch(/^req_/);
      if (r.json.error) expect(r.json.error.request_id).toBe(r.headers['x-request-id']);
      for (const [name, value] of SECURITY_HEADERS) expect(r.headers[name], name).toBe(value);
    }
    expect(new Set(responses.map((r) => r.headers['x-request-id'])).size).toBe(responses.length);
    expect(SECURITY_HEADERS.map(([name]) => name)).toEqual(expect.arrayContaining(['content-security-policy', 'x-content-type-options', 'x-frame-options', 'strict-transport-security']));
  });
});
