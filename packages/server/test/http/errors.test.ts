import { beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@minga/api-contracts';
import { ERROR_STATUS } from '../../src/http/error-status.ts';
import { describeEachStore } from '../support/stores.ts';
import { openTestApp, type CallResult, type TestApp } from '../support/test-app.ts';

/** Asserts the error envelope of spec §2.3 and returns the error, with its request id tied to the header. */
function expectError(r: CallResult, status: number, code: string) {
  expect(r.status, r.text).toBe(status);
  expect(r.headers.get('content-type')).toMatch(/^application\/json/);
  expect(Object.keys(r.json)).toEqual(['error']);
  const error = r.json.error as { code: string; message: string; details?: unknown; request_id: string };
  expect(error.code).toBe(code);
  expect(typeof error.message).toBe('string');
  expect(error.message.length).toBeGreaterThan(0);
  expect(error.request_id).toMatch(/^req_/);
  expect(r.headers.get('x-request-id')).toBe(error.request_id);
  return error;
}

describe('error codes', () => {
  it('every code maps to one status, and only 5xx codes are server errors', () => {
    expect(Object.keys(ERROR_STATUS).sort()).toEqual([...ERROR_CODES].sort());
    for (const code of ERROR_CODES) {
      expect(ERROR_STATUS[code] >= 500, code).toBe(code === 'internal_error' || code === 'unavailable');
    }
  });
});

describeEachStore('error envelope', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(ctx.store);
  });

  describe('authentication', () => {
    it('a missing Authorization header is 401 unauthorized', async () => {
      expectError(await t.call('GET', '/v1/projects', { token: null }), 401, 'unauthorized');
      expectError(await t.call('POST', '/v1/projects', { token: null, body: { name: 'x' } }), 401, 'unauthorized');
    });

    it.each([
      ['an unknown live key', 'mk_live_' + 'A'.repeat(43)],
      ['an unknown test key', 'mk_test_' + 'A'.repeat(43)],
      ['an unknown session token', 'ms_' + 'A'.repeat(43)],
      ['a token of no known kind', 'sk_live_' + 'A'.repeat(43)],
      ['a token too short to be one', 'mk_live_x'],
      ['a token far too long', 'mk_live_' + 'A'.repeat(5000)],
    ])('%s is 401 unauthorized', async (_name, token) => {
      expectError(await t.call('GET', '/v1/me', { token }), 401, 'unauthorized');
    });

    it.each([
      ['Basic auth', `Basic ${Buffer.from('user:pass').toString('base64')}`],
      ['Bearer without a token', 'Bearer'],
      ['Bearer with two tokens', 'Bearer abc def'],
      ['a bare key without the scheme', 'mk_live_' + 'A'.repeat(43)],
      ['another scheme', 'Token abc'],
      ['an empty value', ''],
    ])('a malformed Authorization header (%s) is 401 unauthorized', async (_name, value) => {
      expectError(await t.call('GET', '/v1/me', { token: null, headers: { authorization: value } }), 401, 'unauthorized');
    });

    it('the Bearer scheme is case-insensitive', async () => {
      const r = await t.call('GET', '/v1/me', { token: null, headers: { authorization: `bearer ${t.adminKey}` } });
      expect(r.status, r.text).toBe(200);
    });

    it('the real key with one character changed is refused', async () => {
      const last = t.adminKey.at(-1) === 'A' ? 'B' : 'A';
      expectError(await t.call('GET', '/v1/me', { token: t.adminKey.slice(0, -1) + last }), 401, 'unauthorized');
    });
  });

  describe('routing and request format', () => {
    it.each([
      ['GET', '/v1/nothing-here'],
      ['POST', '/v1/nothing-here'],
      ['GET', '/nothing'],
      ['GET', '/v2/projects'],
      ['DELETE', '/v1/projects'],
      ['PUT', '/v1/projects'],
    ])('%s %s is 404 not_found with the envelope', async (method, path) => {
      const error = expectError(await t.call(method, path), 404, 'not_found');
      expect(error.message).toContain(path.split('?')[0]);
    });

    it('an unknown route is 404 even without credentials (nothing else is revealed)', async () => {
      expectError(await t.call('GET', '/v1/nothing-here', { token: null }), 404, 'not_found');
    });

    it.each([
      ['text/plain', '{"name":"x"}'],
      ['application/x-www-form-urlencoded', 'name=x'],
      ['multipart/form-data; boundary=b', '--b\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n--b--'],
      ['application/xml', '<name>x</name>'],
    ])('a body sent as %s is 415 unsupported_media_type', async (type, rawBody) => {
      expectError(await t.call('POST', '/v1/projects', { rawBody, headers: { 'content-type': type } }), 415, 'unsupported_media_type');
    });

    it('a body without a Content-Type is 415 unsupported_media_type', async () => {
      const r = await t.app.request('/v1/projects', { method: 'POST', headers: { authorization: `Bearer ${t.adminKey}` }, body: '{"name":"x"}' });
      const text = await r.text();
      expectError({ status: r.status, headers: r.headers, text, json: JSON.parse(text) }, 415, 'unsupported_media_type');
    });

    it('JSON with a charset parameter, or a +json type, is accepted', async () => {
      for (const type of ['application/json; charset=utf-8', 'application/merge-patch+json']) {
        const r = await t.call('POST', '/v1/projects', { rawBody: '{"name":"typed"}', headers: { 'content-type': type } });
        expect(r.status, `${type}: ${r.text}`).toBe(201);
      }
    });

    it.each(['{', '{"name":', "{'name':'x'}", '{"name":"x",}', 'undefined', '', '{"name":"x"}{}'])('malformed JSON %j is 400 validation_error naming the body', async (rawBody) => {
      const error = expectError(await t.call('POST', '/v1/projects', { rawBody }), 400, 'validation_error');
      expect(error.details).toEqual([{ field: '(body)', message: 'invalid JSON' }]);
    });

    it('a valid JSON body of the wrong shape is 400 with details naming each bad field', async () => {
      const error = expectError(await t.call('POST', '/v1/projects', { body: { name: 5, description: ['x'], colour: 'red' } }), 400, 'validation_error');
      const fields = (error.details as { field: string }[]).map((d) => d.field).sort();
      expect(fields).toEqual(['colour', 'description', 'name']);
    });

    it('a bad query parameter is 400 naming it with its place', async () => {
      const error = expectError(await t.call('GET', '/v1/projects?limit=0'), 400, 'validation_error');
      expect(error.details).toEqual([expect.objectContaining({ field: 'query.limit' })]);
      const unknown = expectError(await t.call('GET', '/v1/projects?colour=red'), 400, 'validation_error');
      expect(unknown.details).toEqual([expect.objectContaining({ field: 'query.colour' })]);
    });

    it('a path id longer than any id is 400 naming path.id', async () => {
      const error = expectError(await t.call('GET', `/v1/projects/${'a'.repeat(65)}`), 400, 'validation_error');
      expect(error.details).toEqual([expect.objectContaining({ field: 'path.id' })]);
    });

    it('an Idempotency-Key over 255 characters is 400 naming the header', async () => {
      const error = expectError(await t.call('POST', '/v1/projects', { body: { name: 'x' }, headers: { 'idempotency-key': 'k'.repeat(256) } }), 400, 'validation_error');
      expect(error.details).toEqual([expect.objectContaining({ field: 'header.Idempotency-Key' })]);
    });
  });

  // PostgreSQL text cannot hold U+0000: before these checks such input was a 500 on PostgreSQL (and stored
  // as is on SQLite). Both stores now refuse it the same way, naming the field.
  describe('NUL characters and forged positions (were 500s on PostgreSQL)', () => {
    it.each([
      ['GET', '/v1/projects/a%00b', undefined, 'path.id'],
      ['GET', '/v1/tasks/%00', undefined, 'path.id'],
      ['DELETE', '/v1/api-keys/%00', undefined, 'path.id'],
      ['GET', '/v1/tasks?tag=a%00b', undefined, 'query.tag'],
      ['GET', '/v1/tasks?project_id=%00', undefined, 'query.project_id'],
      ['POST', '/v1/projects', { name: 'a\u0000b' }, 'name'],
      ['POST', '/v1/projects', { name: 'ok', defaults: { tags: ['x', 'y\u0000'] } }, 'defaults.tags[1]'],
      ['POST', '/v1/api-keys', { ['na\u0000me']: 'x' }, 'na\u0000me'],
      ['POST', '/v1/auth/login', { email: 'a@b.co', password: 'pass\u0000word' }, 'password'],
    ] as const)('%s %s is 400 naming %s', async (method, path, body, field) => {
      const r = await t.call(method, path, body === undefined ? {} : { body, token: path.includes('login') ? null : undefined });
      const error = expectError(r, 400, 'validation_error');
      expect(error.details).toEqual([{ field, message: 'must not contain the NUL character (U+0000)' }]);
    });

    it('a NUL inside a batch of tasks names the item and field', async () => {
      const project = await t.newProject(t.adminKey);
      const r = await t.call('POST', '/v1/tasks', { body: [{ project_id: project.id, type: 'yesno', content: 'fine' }, { project_id: project.id, type: 'yesno', unique_id: 'u\u0000' }] });
      const error = expectError(r, 400, 'validation_error');
      expect(error.details).toEqual([{ field: '[1].unique_id', message: 'must not contain the NUL character (U+0000)' }]);
    });

    it('an escaped backslash before u0000 is not a NUL and is accepted', async () => {
      const r = await t.call('POST', '/v1/projects', { rawBody: '{"name":"back\\\\u0000slash"}' });
      expect(r.status, r.text).toBe(201);
      expect(r.json.project.name).toBe('back\\u0000slash');
    });

    it('a cursor that decodes to a NUL is 400, not a 500', async () => {
      const cursor = Buffer.from('v1:a\u0000b').toString('base64url');
      for (const path of ['/v1/projects', '/v1/tasks', '/v1/api-keys', '/v1/helpers']) {
        expectError(await t.call('GET', `${path}?cursor=${cursor}`), 400, 'validation_error');
      }
    });

    it('an events position beyond 64-bit integers is 400, not a 500', async () => {
      const after = Buffer.from('e1:99999999999999999999999:1').toString('base64url');
      const error = expectError(await t.call('GET', `/v1/events?after=${after}`), 400, 'validation_error');
      expect(error.details).toEqual([expect.objectContaining({ field: 'query.after' })]);
    });
  });

  describe('X-Request-Id', () => {
    it('a replayed refusal is the first response byte for byte: its request_id names the first request', async () => {
      const headers = { 'idempotency-key': `replay-${ctx.backend}-${Date.now()}` };
      const first = await t.call('POST', '/v1/tasks/01900000-0000-7000-8000-000000000000/cancel', { headers });
      const again = await t.call('POST', '/v1/tasks/01900000-0000-7000-8000-000000000000/cancel', { headers });
      expectError(first, 404, 'not_found');
      expect(again.status).toBe(404);
      expect(again.text).toBe(first.text);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      // The header still names this request, so that its own log line can be found.
      expect(again.headers.get('x-request-id')).toMatch(/^req_/);
      expect(again.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
    });

    it('is on every response, success or not, and differs per request', async () => {
      const responses = await Promise.all([
        t.call('GET', '/healthz', { token: null }),
        t.call('GET', '/v1/me'),
        t.call('GET', '/v1/me', { token: null }),
        t.call('GET', '/v1/nothing'),
        t.call('GET', '/openapi.json', { token: null }),
        t.call('POST', '/v1/projects', { rawBody: '{' }),
      ]);
      const ids = responses.map((r) => r.headers.get('x-request-id'));
      for (const id of ids) expect(id).toMatch(/^req_[A-Za-z0-9_-]{16,}$/);
      expect(new Set(ids).size).toBe(ids.length);
      for (const r of responses.filter((x) => x.status >= 400)) expect(r.json.error.request_id).toBe(r.headers.get('x-request-id'));
    });
  });
});

describeEachStore('body size limit', (ctx) => {
  const LIMIT = 2048;
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(ctx.store, { maxBodyBytes: LIMIT });
  });

  it('a body under the limit goes through', async () => {
    const r = await t.call('POST', '/v1/projects', { body: { name: 'small', description: 'x'.repeat(LIMIT - 100) } });
    expect(r.status, r.text).toBe(201);
  });

  it('a body over the limit is 413 payload_too_large, with or without Content-Length', async () => {
    const rawBody = JSON.stringify({ name: 'big', description: 'x'.repeat(LIMIT + 10) });
    const withLength = await t.call('POST', '/v1/projects', { rawBody, headers: { 'content-length': String(Buffer.byteLength(rawBody)) } });
    expectError(withLength, 413, 'payload_too_large');
    const streamed = await t.call('POST', '/v1/projects', { rawBody });
    expectError(streamed, 413, 'payload_too_large');
    const batch = await t.call('POST', '/v1/tasks', { body: Array.from({ length: 50 }, () => ({ type: 'yesno', content: 'Is this too much?' })) });
    expectError(batch, 413, 'payload_too_large');
  });

  it('nothing of a refused body is created', async () => {
    const name = `too-big-${ctx.backend}`;
    await t.call('POST', '/v1/projects', { body: { name, description: 'x'.repeat(LIMIT * 2) } });
    const list = await t.call('GET', '/v1/projects?limit=1000');
    expect(list.json.data.map((p: { name: string }) => p.name)).not.toContain(name);
  });
});
