import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { WEB_DIST_DIR } from '../../src/http/web-app.ts';
import { describeEachStore } from '../support/stores.ts';
import { openTestApp, type TestApp } from '../support/test-app.ts';

const HTML = { 'Accept': 'text/html,application/xhtml+xml' };

describeEachStore('web app at /', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(ctx.store);
  });

  // `npm install` builds packages/web, so the built app is always there in CI.
  it('is built by npm install', () => {
    expect(existsSync(join(WEB_DIST_DIR, 'index.html'))).toBe(true);
  });

  it('GET / returns the app page, with the CSP that keeps scripts to this origin', async () => {
    const r = await t.call('GET', '/', { token: null, headers: HTML });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/html');
    expect(r.text).toBe(readFileSync(join(WEB_DIST_DIR, 'index.html'), 'utf8'));
    expect(r.text).toContain('<div id="root">');
    expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(r.headers.get('content-security-policy')).not.toContain('unsafe-eval');
  });

  it('serves the bundle with a long cache, and the app page for deep links', async () => {
    const index = readFileSync(join(WEB_DIST_DIR, 'index.html'), 'utf8');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(index)?.[1];
    expect(script).toBeDefined();
    const js = await t.call('GET', script as string, { token: null });
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('javascript');
    expect(js.headers.get('cache-control')).toContain('immutable');
    const deep = await t.call('GET', '/invite?token=abc', { token: null, headers: HTML });
    expect(deep.status).toBe(200);
    expect(deep.text).toBe(index);
  });

  it('keeps the API, the docs and the health check as they were', async () => {
    expect((await t.call('GET', '/healthz', { token: null })).json).toEqual({ status: 'ok' });
    expect((await t.call('GET', '/openapi.json', { token: null })).json.openapi).toBeDefined();
    expect((await t.call('GET', '/docs', { token: null, headers: HTML })).text).toContain('swagger-ui');
    const api = await t.call('GET', '/v1/nothing-here', { token: null, headers: HTML });
    expect(api.status).toBe(404);
    expect(api.json.error.code).toBe('not_found');
  });

  it('refuses paths outside the build and unknown files', async () => {
    expect((await t.call('GET', '/assets/../../package.json', { token: null })).status).toBe(404);
    expect((await t.call('GET', '/%2e%2e/%2e%2e/package.json', { token: null })).status).toBe(404);
    expect((await t.call('GET', '/nothing.js', { token: null })).status).toBe(404);
  });
});
