import { beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from '@minga/api-contracts';
import { describeEachStore } from '../support/stores.ts';
import { openTestApp, type CallResult, type TestApp } from '../support/test-app.ts';

function expectError(r: CallResult, status: number, code: string): void {
  expect(r.status, r.text).toBe(status);
  expect(r.json.error).toMatchObject({ code, message: expect.any(String), request_id: expect.stringMatching(/^req_/) });
  expect(r.headers.get('x-request-id')).toBe(r.json.error.request_id);
}

type Key = { id: string; prefix: string; mode: string; project_id: string | null; revoked_at: string | null };

describeEachStore('API keys', (ctx) => {
  let t: TestApp;
  const listAll = async (token?: string): Promise<{ keys: Key[]; texts: string[] }> => {
    const keys: Key[] = [];
    const texts: string[] = [];
    let cursor: string | null = null;
    do {
      const r: CallResult = await t.call('GET', `/v1/api-keys?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token });
      expect(r.status, r.text).toBe(200);
      texts.push(r.text);
      keys.push(...(r.json.data as Key[]));
      cursor = r.json.next_cursor;
      expect(r.json.has_more).toBe(cursor !== null);
    } while (cursor);
    return { keys, texts };
  };

  beforeAll(async () => {
    t = await openTestApp(ctx.store);
  });

  describe('create', () => {
    it('a live account-wide key: the secret is shown once and works', async () => {
      const r = await t.call('POST', '/v1/api-keys', { body: { name: 'ci' } });
      expect(r.status, r.text).toBe(201);
      expect(Object.keys(r.json).sort()).toEqual(['api_key', 'secret']);
      expect(r.json.secret).toMatch(/^mk_live_[A-Za-z0-9_-]{43}$/);
      const key = ApiKey.strict().parse(r.json.api_key);
      expect(key).toMatchObject({ name: 'ci', mode: 'live', project_id: null, revoked_at: null, last_used_at: null, prefix: r.json.secret.slice(0, 16) });
      const me = await t.call('GET', '/v1/me', { token: r.json.secret });
      expect(me.status, me.text).toBe(200);
      expect(me.json.api_key.id).toBe(key.id);
    });

    it('mode defaults to live; a test key is mk_test_', async () => {
      const live = await t.call('POST', '/v1/api-keys', { body: {} });
      expect(live.json.api_key.mode).toBe('live');
      const test = await t.call('POST', '/v1/api-keys', { body: { mode: 'test' } });
      expect(test.status, test.text).toBe(201);
      expect(test.json.secret).toMatch(/^mk_test_/);
      expect(test.json.api_key).toMatchObject({ mode: 'test', name: null });
      expect((await t.call('GET', '/v1/me', { token: test.json.secret })).json.api_key.mode).toBe('test');
    });

    it('a project-scoped key names its project', async () => {
      const project = await t.newProject(t.adminKey);
      const r = await t.call('POST', '/v1/api-keys', { body: { project_id: project.id, name: 'scoped' } });
      expect(r.status, r.text).toBe(201);
      expect(r.json.api_key.project_id).toBe(project.id);
      const own = await t.call('GET', `/v1/projects/${project.id}`, { token: r.json.secret });
      expect(own.status, own.text).toBe(200);
    });

    it("a key for an unknown project, or another account's, is 404", async () => {
      expectError(await t.call('POST', '/v1/api-keys', { body: { project_id: '01900000-0000-7000-8000-000000000000' } }), 404, 'not_found');
      const other = await t.newAccount();
      const foreign = await t.newProject(other.apiKey);
      expectError(await t.call('POST', '/v1/api-keys', { body: { project_id: foreign.id } }), 404, 'not_found');
    });

    it('bad fields are 400 naming each', async () => {
      const r = await t.call('POST', '/v1/api-keys', { body: { mode: 'prod', name: '', scopes: ['all'] } });
      expectError(r, 400, 'validation_error');
      expect(r.json.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['mode', 'name', 'scopes']);
    });

    it('the owner logged in may create keys', async () => {
      const r = await t.call('POST', '/v1/api-keys', { token: await t.adminSession(), body: { name: 'from the web' } });
      expect(r.status, r.text).toBe(201);
    });
  });

  describe('list', () => {
    it('shows every key by prefix only: never a secret, never a hash', async () => {
      const created = await Promise.all([0, 1, 2].map((i) => t.call('POST', '/v1/api-keys', { body: { name: `listed ${i}` } })));
      const { keys, texts } = await listAll();
      for (const c of created) expect(keys.map((k) => k.id)).toContain(c.json.api_key.id);
      for (const k of keys) expect(ApiKey.strict().safeParse(k).success, JSON.stringify(k)).toBe(true);
      const all = texts.join('\n');
      for (const secret of [t.adminKey, ...created.map((c) => c.json.secret as string)]) {
        expect(all).not.toContain(secret);
        expect(all).toContain(secret.slice(0, 16));
      }
      expect(all).not.toMatch(/secret|hash/i);
      // Each key once, in id order: the keyset pages neither skip nor repeat.
      const ids = keys.map((k) => k.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual(ids);
    });

    it("lists only the caller's account", async () => {
      const other = await t.newAccount();
      const { keys } = await listAll(other.apiKey);
      expect(keys).toHaveLength(1);
      expect(keys[0]?.prefix).toBe(other.apiKey.slice(0, 16));
    });

    it('a forged cursor is 400', async () => {
      expectError(await t.call('GET', '/v1/api-keys?cursor=not-a-cursor'), 400, 'validation_error');
    });
  });

  describe('revoke', () => {
    it('stops the key at once (401) and shows revoked_at; revoking again changes nothing', async () => {
      const created = await t.call('POST', '/v1/api-keys', { body: { name: 'to revoke' } });
      const secret = created.json.secret as string;
      expect((await t.call('GET', '/v1/me', { token: secret })).status).toBe(200);

      const revoked = await t.call('DELETE', `/v1/api-keys/${created.json.api_key.id}`);
      expect(revoked.status, revoked.text).toBe(200);
      expect(revoked.json).toMatchObject({ id: created.json.api_key.id, revoked_at: expect.any(String) });
      expect(revoked.text).not.toContain(secret);

      expectError(await t.call('GET', '/v1/me', { token: secret }), 401, 'unauthorized');
      expectError(await t.call('POST', '/v1/projects', { token: secret, body: { name: 'after revoke' } }), 401, 'unauthorized');

      const again = await t.call('DELETE', `/v1/api-keys/${created.json.api_key.id}`);
      expect(again.status, again.text).toBe(200);
      expect(again.json.revoked_at).toBe(revoked.json.revoked_at);
      const { keys } = await listAll();
      expect(keys.find((k) => k.id === created.json.api_key.id)?.revoked_at).toBe(revoked.json.revoked_at);
    });

    it('a key may revoke itself; its next request is refused', async () => {
      const created = await t.call('POST', '/v1/api-keys', { body: { name: 'self' } });
      const r = await t.call('DELETE', `/v1/api-keys/${created.json.api_key.id}`, { token: created.json.secret });
      expect(r.status, r.text).toBe(200);
      expectError(await t.call('GET', '/v1/me', { token: created.json.secret }), 401, 'unauthorized');
    });

    it("revoking a project's key leaves the project and other keys working", async () => {
      const project = await t.newProject(t.adminKey);
      const me = await t.call('GET', '/v1/me', { token: project.key });
      expect((await t.call('DELETE', `/v1/api-keys/${me.json.api_key.id}`)).status).toBe(200);
      expectError(await t.call('GET', `/v1/projects/${project.id}`, { token: project.key }), 401, 'unauthorized');
      expect((await t.call('GET', `/v1/projects/${project.id}`)).status).toBe(200);
    });

    it('an unknown key id is 404', async () => {
      expectError(await t.call('DELETE', '/v1/api-keys/01900000-0000-7000-8000-000000000000'), 404, 'not_found');
    });
  });

  describe('what a project-scoped key may not do', () => {
    let project: { id: string; key: string };
    let sibling: { id: string; key: string };
    beforeAll(async () => {
      project = await t.newProject(t.adminKey, { name: 'Scoped home' });
      sibling = await t.newProject(t.adminKey, { name: 'Sibling' });
    });

    it('create, list or revoke keys: 403 forbidden', async () => {
      expectError(await t.call('POST', '/v1/api-keys', { token: project.key, body: {} }), 403, 'forbidden');
      expectError(await t.call('POST', '/v1/api-keys', { token: project.key, body: { project_id: project.id } }), 403, 'forbidden');
      expectError(await t.call('GET', '/v1/api-keys', { token: project.key }), 403, 'forbidden');
      const victim = await t.call('POST', '/v1/api-keys', { body: { name: 'victim' } });
      expectError(await t.call('DELETE', `/v1/api-keys/${victim.json.api_key.id}`, { token: project.key }), 403, 'forbidden');
      expect((await t.call('GET', '/v1/me', { token: victim.json.secret })).status).toBe(200);
    });

    it('create projects: 403 forbidden', async () => {
      expectError(await t.call('POST', '/v1/projects', { token: project.key, body: { name: 'escape' } }), 403, 'forbidden');
    });

    it("see another project of its own account: 404, on every project route", async () => {
      for (const [method, path, body] of [
        ['GET', `/v1/projects/${sibling.id}`],
        ['PATCH', `/v1/projects/${sibling.id}`, { name: 'taken over' }],
        ['POST', `/v1/projects/${sibling.id}/close`],
        ['POST', `/v1/projects/${sibling.id}/open`],
        ['GET', `/v1/projects/${sibling.id}/stats`],
      ] as const) {
        expectError(await t.call(method, path, { token: project.key, ...(body ? { body } : {}) }), 404, 'not_found');
      }
      const list = await t.call('GET', '/v1/projects', { token: project.key });
      expect(list.json.data.map((p: { id: string }) => p.id)).toEqual([project.id]);
      const sib = await t.call('GET', `/v1/projects/${sibling.id}`);
      expect(sib.json).toMatchObject({ name: 'Sibling', status: 'open' });
    });

    it('but it works on its own project', async () => {
      const r = await t.call('PATCH', `/v1/projects/${project.id}`, { token: project.key, body: { description: 'from its key' } });
      expect(r.status, r.text).toBe(200);
      expect((await t.call('GET', `/v1/projects/${project.id}/stats`, { token: project.key })).status).toBe(200);
    });
  });

  it('a key records when it was last used', async () => {
    const created = await t.call('POST', '/v1/api-keys', { body: { name: 'used' } });
    await t.call('GET', '/v1/me', { token: created.json.secret });
    const { keys } = await listAll();
    const used = keys.find((k) => k.id === created.json.api_key.id) as Key & { last_used_at: string | null };
    expect(used.last_used_at).not.toBeNull();
  });
});
