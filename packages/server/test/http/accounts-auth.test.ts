import { beforeAll, expect, it } from 'vitest';
import { Me, User } from '@minga/api-contracts';
import { describeEachStore } from '../support/stores.ts';
import { openTestApp, type CallResult, type TestApp } from '../support/test-app.ts';

/** The error envelope, with its request id equal to the X-Request-Id header. */
function expectError(r: CallResult, status: number, code: string): void {
  expect(r.status, r.text).toBe(status);
  expect(r.json.error).toMatchObject({ code, message: expect.any(String), request_id: expect.stringMatching(/^req_/) });
  expect(r.headers.get('x-request-id')).toBe(r.json.error.request_id);
}

let seq = 0;
const email = (what: string) => `${what}-${Date.now()}-${seq++}@example.test`;
const PASSWORD = 'a long enough password';

describeEachStore('login and sessions', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(ctx.store);
  });

  it('the instance admin logs in with email and password and gets a session token usable as Bearer', async () => {
    const r = await t.call('POST', '/v1/auth/login', { token: null, body: { email: t.adminEmail, password: t.adminPassword } });
    expect(r.status, r.text).toBe(200);
    expect(Object.keys(r.json).sort()).toEqual(['token', 'user']);
    expect(r.json.token).toMatch(/^ms_[A-Za-z0-9_-]{40,}$/);
    const user = User.strict().parse(r.json.user);
    expect(user).toMatchObject({ email: t.adminEmail, role: 'owner', super_user: true, instance_admin: true });

    const me = await t.call('GET', '/v1/me', { token: r.json.token });
    expect(me.status, me.text).toBe(200);
    const parsed = Me.strict().parse(me.json);
    expect(parsed.user).toEqual(user);
    expect(parsed.api_key).toBeNull();
    expect(parsed.account.id).toBe(user.account_id);
  });

  it('each login opens its own session', async () => {
    const body = { email: t.adminEmail, password: t.adminPassword };
    const [a, b] = await Promise.all([t.call('POST', '/v1/auth/login', { token: null, body }), t.call('POST', '/v1/auth/login', { token: null, body })]);
    expect(a.json.token).not.toBe(b.json.token);
    for (const token of [a.json.token, b.json.token]) expect((await t.call('GET', '/v1/me', { token })).status).toBe(200);
  });

  it('the email is matched regardless of case', async () => {
    const r = await t.call('POST', '/v1/auth/login', { token: null, body: { email: t.adminEmail.toUpperCase(), password: t.adminPassword } });
    expect(r.status, r.text).toBe(200);
  });

  it('a wrong password is 401 unauthorized with the envelope', async () => {
    const r = await t.call('POST', '/v1/auth/login', { token: null, body: { email: t.adminEmail, password: `${t.adminPassword}x` } });
    expectError(r, 401, 'unauthorized');
  });

  it('an unknown email gets the very same answer as a wrong password (no account enumeration)', async () => {
    const wrong = await t.call('POST', '/v1/auth/login', { token: null, body: { email: t.adminEmail, password: 'not the password' } });
    const unknown = await t.call('POST', '/v1/auth/login', { token: null, body: { email: email('nobody'), password: 'not the password' } });
    expectError(unknown, 401, 'unauthorized');
    expect(unknown.json.error.message).toBe(wrong.json.error.message);
  });

  it('a malformed login body is 400 naming the field', async () => {
    const r = await t.call('POST', '/v1/auth/login', { token: null, body: { email: 'not-an-email', password: '' } });
    expectError(r, 400, 'validation_error');
    expect(r.json.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['email', 'password']);
  });

  it('login needs no credentials, and ignores a bad Authorization header', async () => {
    const r = await t.call('POST', '/v1/auth/login', { token: 'mk_live_' + 'x'.repeat(43), body: { email: t.adminEmail, password: t.adminPassword } });
    expect(r.status, r.text).toBe(200);
  });

  it('a session token with one character changed is refused', async () => {
    const r = await t.call('POST', '/v1/auth/login', { token: null, body: { email: t.adminEmail, password: t.adminPassword } });
    const token = r.json.token as string;
    const forged = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expectError(await t.call('GET', '/v1/me', { token: forged }), 401, 'unauthorized');
  });
});

describeEachStore('GET /v1/me', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(ctx.store);
  });

  it('with an API key: the key (by prefix, never its secret) and the account, no user', async () => {
    const r = await t.call('GET', '/v1/me');
    expect(r.status, r.text).toBe(200);
    const me = Me.strict().parse(r.json);
    expect(me.user).toBeNull();
    expect(me.api_key).toMatchObject({ prefix: t.adminKey.slice(0, 16), mode: 'live', project_id: null, revoked_at: null });
    expect(r.text).not.toContain(t.adminKey);
    expect(r.text).not.toMatch(/key_hash|password_hash/);
  });

  it('with a project key: the key names its project', async () => {
    const project = await t.newProject(t.adminKey);
    const r = await t.call('GET', '/v1/me', { token: project.key });
    expect(r.status, r.text).toBe(200);
    expect(r.json.api_key).toMatchObject({ project_id: project.id, prefix: project.key.slice(0, 16) });
  });

  it('with a session: the user and the account, no key', async () => {
    const r = await t.call('GET', '/v1/me', { token: await t.adminSession() });
    expect(r.json.user.email).toBe(t.adminEmail);
    expect(r.json.api_key).toBeNull();
    expect(r.text).not.toMatch(/password_hash|token_hash/);
  });

  it('a helper may ask who it is (the web app does so first)', async () => {
    const invite = await t.call('POST', '/v1/helpers', { body: { email: email('helper'), name: 'Hana' } });
    expect(invite.status, invite.text).toBe(201);
    const accepted = await t.call('POST', '/v1/auth/accept-invite', { token: null, body: { token: invite.json.invite_token, password: PASSWORD } });
    expect(accepted.status, accepted.text).toBe(200);
    const r = await t.call('GET', '/v1/me', { token: accepted.json.token });
    expect(r.status, r.text).toBe(200);
    expect(r.json.user).toMatchObject({ role: 'helper', name: 'Hana', instance_admin: false });
  });

  it('without credentials it is 401', async () => {
    expectError(await t.call('GET', '/v1/me', { token: null }), 401, 'unauthorized');
  });
});

describeEachStore('POST /v1/accounts', (ctx) => {
  let t: TestApp;
  let adminSession: string;
  beforeAll(async () => {
    t = await openTestApp(ctx.store);
    adminSession = await t.adminSession();
  });
  const body = (overrides: Record<string, unknown> = {}) => ({ name: 'Acme', owner_email: email('owner'), owner_password: PASSWORD, ...overrides });

  it('the instance admin (by its key) creates a tenant: 201 with the owner key shown once', async () => {
    const input = body();
    const r = await t.call('POST', '/v1/accounts', { body: input });
    expect(r.status, r.text).toBe(201);
    expect(Object.keys(r.json).sort()).toEqual(['account', 'api_key', 'owner']);
    expect(r.json.api_key).toMatch(/^mk_live_[A-Za-z0-9_-]{40,}$/);
    expect(r.json.account).toMatchObject({ id: expect.any(String), name: 'Acme' });
    expect(User.strict().parse(r.json.owner)).toMatchObject({ email: input.owner_email, role: 'owner', super_user: true, instance_admin: false, account_id: r.json.account.id });
    expect(r.text).not.toMatch(/password|hash/);

    const me = await t.call('GET', '/v1/me', { token: r.json.api_key });
    expect(me.status, me.text).toBe(200);
    expect(me.json.account.id).toBe(r.json.account.id);

    const login = await t.call('POST', '/v1/auth/login', { token: null, body: { email: input.owner_email, password: input.owner_password } });
    expect(login.status, login.text).toBe(200);
    expect(login.json.user.account_id).toBe(r.json.account.id);
  });

  it('the instance admin logged in may create tenants too', async () => {
    const r = await t.call('POST', '/v1/accounts', { token: adminSession, body: body() });
    expect(r.status, r.text).toBe(201);
  });

  it('a new tenant starts empty: it sees none of the admin account', async () => {
    const project = await t.newProject(t.adminKey);
    const tenant = await t.newAccount();
    const list = await t.call('GET', '/v1/projects', { token: tenant.apiKey });
    expect(list.json.data).toEqual([]);
    expectError(await t.call('GET', `/v1/projects/${project.id}`, { token: tenant.apiKey }), 404, 'not_found');
  });

  it('the owner of another tenant may not: 403 forbidden, by key or by session', async () => {
    const tenant = await t.newAccount();
    expectError(await t.call('POST', '/v1/accounts', { token: tenant.apiKey, body: body() }), 403, 'forbidden');
    const login = await t.call('POST', '/v1/auth/login', { token: null, body: { email: tenant.email, password: tenant.password } });
    expectError(await t.call('POST', '/v1/accounts', { token: login.json.token, body: body() }), 403, 'forbidden');
  });

  it("the admin account's project-scoped and test keys may not", async () => {
    const project = await t.newProject(t.adminKey);
    expectError(await t.call('POST', '/v1/accounts', { token: project.key, body: body() }), 403, 'forbidden');
    const testKey = await t.call('POST', '/v1/api-keys', { body: { mode: 'test' } });
    expectError(await t.call('POST', '/v1/accounts', { token: testKey.json.secret, body: body() }), 403, 'forbidden');
  });

  it('without credentials it is 401 unauthorized', async () => {
    expectError(await t.call('POST', '/v1/accounts', { token: null, body: body() }), 401, 'unauthorized');
  });

  it('with an invalid key it is 401, not a sign-up', async () => {
    expectError(await t.call('POST', '/v1/accounts', { token: 'mk_live_' + 'x'.repeat(43), body: body() }), 401, 'unauthorized');
  });

  it('a duplicate owner email is 409 conflict, whatever its case', async () => {
    const input = body();
    expect((await t.call('POST', '/v1/accounts', { body: input })).status).toBe(201);
    expectError(await t.call('POST', '/v1/accounts', { body: { ...input, name: 'Other' } }), 409, 'conflict');
    expectError(await t.call('POST', '/v1/accounts', { body: { ...input, owner_email: input.owner_email.toUpperCase() } }), 409, 'conflict');
    expectError(await t.call('POST', '/v1/accounts', { body: body({ owner_email: t.adminEmail }) }), 409, 'conflict');
  });

  it('bad fields are 400 naming each', async () => {
    const r = await t.call('POST', '/v1/accounts', { body: { name: '   ', owner_email: 'nope', owner_password: 'short', plan: 'gold' } });
    expectError(r, 400, 'validation_error');
    expect(r.json.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['name', 'owner_email', 'owner_password', 'plan']);
  });

  it('concurrent sign-ups with one email create exactly one account', async () => {
    const input = body();
    const results = await Promise.all(Array.from({ length: 4 }, () => t.call('POST', '/v1/accounts', { body: input })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
  });
});

describeEachStore('POST /v1/accounts with open sign-up', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(ctx.store, { openSignup: true });
  });

  it('anyone may create an account, without credentials', async () => {
    const r = await t.call('POST', '/v1/accounts', { token: null, body: { name: 'Walk-in', owner_email: email('walkin'), owner_password: PASSWORD } });
    expect(r.status, r.text).toBe(201);
    expect(r.json.api_key).toMatch(/^mk_live_/);
    expect(r.json.owner.instance_admin).toBe(false);
  });

  it('and so may the owner of another tenant', async () => {
    const tenant = await t.newAccount();
    const r = await t.call('POST', '/v1/accounts', { token: tenant.apiKey, body: { name: 'Second', owner_email: email('second'), owner_password: PASSWORD } });
    expect(r.status, r.text).toBe(201);
  });

  it('sign-up still validates and still refuses duplicates', async () => {
    expectError(await t.call('POST', '/v1/accounts', { token: null, body: { name: 'x', owner_email: 'bad', owner_password: PASSWORD } }), 400, 'validation_error');
    expectError(await t.call('POST', '/v1/accounts', { token: null, body: { name: 'x', owner_email: t.adminEmail, owner_password: PASSWORD } }), 409, 'conflict');
  });
});
