import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import type { AnyRoute } from '../../src/http/route.ts';
import { ROUTES } from '../../src/routes/index.ts';
import { describeEachStore } from '../support/stores.ts';
import { openTestApp, type CallResult, type TestApp } from '../support/test-app.ts';

/**
 * Tenant isolation (spec §2.4): for every route of ROUTES that takes an `{id}`, account A's object is
 * 404 `not_found` to everyone else — never 403, never 200 — and stays exactly as it was. The routes are
 * read from ROUTES, so a new `{id}` route is covered automatically, and this file fails until its kind of
 * object has a fixture below.
 */

type Audience = NonNullable<AnyRoute['audience']>;
interface Caller {
  name: string;
  token: string;
  /** Which routes the caller may use at all: keys and owners call requester routes, people do work. */
  kind: 'key' | 'projectKey' | 'owner' | 'helper';
}

/** Everything the tests act with: two tenants, A (the victim) and B (the other), with their people. */
interface World {
  a: { key: string; session: string; accountId: string; emails: string[] };
  b: { key: string; session: string; helperSession: string; projectKey: string };
  p1: { id: string; key: string };
  /** Another project of A: its key must not reach P1's objects. */
  p2: { id: string; key: string };
  /** A's test-mode key: it sees the test namespace only. */
  aTestKey: string;
  helper: { id: string; session: string };
  otherHelper: { id: string; session: string };
}

/** One of A's objects: its id, and how A reads it back to show it unchanged. */
interface Fixture {
  id: string;
  read(): Promise<unknown>;
  /** Callers of A's own account that must not reach it either (a key of another project, a test key…). */
  sameAccountOutsiders: Caller[];
  /** Account-level objects that no project-scoped key may manage: 403 for any id, A's or none. */
  projectKeysRefused?: boolean;
}

const ok = (r: CallResult, what: string): CallResult => {
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.text}`);
  return r;
};

/**
 * How to make one of A's objects, by the path prefix of the routes that take its id. A new kind of object
 * behind an `{id}` route needs an entry here (the test says which).
 */
const FIXTURES: Record<string, (t: TestApp, w: World) => Promise<Fixture>> = {
  '/v1/projects/': async (t, w) => ({
    id: w.p1.id,
    read: async () => ({
      project: ok(await t.call('GET', `/v1/projects/${w.p1.id}`, { token: w.a.key }), 'read project').json,
      stats: ok(await t.call('GET', `/v1/projects/${w.p1.id}/stats`, { token: w.a.key }), 'read stats').json,
    }),
    sameAccountOutsiders: [{ name: "A's key for another project", token: w.p2.key, kind: 'projectKey' }],
  }),
  '/v1/tasks/': async (t, w) => {
    const task = ok(await t.call('POST', '/v1/tasks', { token: w.a.key, body: { project_id: w.p1.id, content: 'Is this task safe?', priority: 'low', tags: ['a-only'] } }), 'create task');
    return {
      id: task.json.id,
      read: async () => ok(await t.call('GET', `/v1/tasks/${task.json.id}`, { token: w.a.key }), 'read task').json,
      sameAccountOutsiders: [
        { name: "A's key for another project", token: w.p2.key, kind: 'projectKey' },
        { name: "A's test-mode key (live task)", token: w.aTestKey, kind: 'key' },
      ],
    };
  },
  '/v1/api-keys/': async (t, w) => {
    const created = ok(await t.call('POST', '/v1/api-keys', { token: w.a.key, body: { name: 'A spare key' } }), 'create key');
    const id = created.json.api_key.id as string;
    // Used once now, so that the uses in read() below fall within last_used_at's one-minute resolution.
    ok(await t.call('GET', '/v1/me', { token: created.json.secret }), 'use key');
    return {
      id,
      // Keys have no GET by id: A finds it in its list, and checks that it still works.
      read: async () => {
        const list = ok(await t.call('GET', '/v1/api-keys?limit=1000', { token: w.a.key }), 'list keys');
        return [list.json.data.find((k: { id: string }) => k.id === id), ok(await t.call('GET', '/v1/me', { token: created.json.secret }), 'key still works').status];
      },
      sameAccountOutsiders: [],
      projectKeysRefused: true,
    };
  },
  '/v1/operations/': async (t, w) => {
    // Started by P1's key, so that it belongs to P1 (as a project key's operations do).
    const op = ok(await t.call('POST', '/v1/tasks?async_mode=true', { token: w.p1.key, body: [{ content: 'Queued by A', priority: 'low' }] }), 'create operation');
    await t.drainOperations();
    return {
      id: op.json.id,
      read: async () => ok(await t.call('GET', `/v1/operations/${op.json.id}`, { token: w.a.key }), 'read operation').json,
      sameAccountOutsiders: [
        { name: "A's key for another project", token: w.p2.key, kind: 'projectKey' },
        { name: "A's test-mode key (live operation)", token: w.aTestKey, kind: 'key' },
      ],
    };
  },
  '/v1/helpers/': async (t, w) => ({
    id: w.helper.id,
    read: async () => ({
      helper: ok(await t.call('GET', `/v1/helpers/${w.helper.id}`, { token: w.a.key }), 'read helper').json,
      stats: ok(await t.call('GET', `/v1/helpers/${w.helper.id}/stats`, { token: w.a.key }), 'read helper stats').json,
    }),
    // Helpers belong to the account; project-scoped keys manage none (403 for any id). Another helper may
    // only reach the routes open to helpers (its stats).
    sameAccountOutsiders: [{ name: "A's other helper", token: w.otherHelper.session, kind: 'helper' }],
    projectKeysRefused: true,
  }),
  '/v1/webhook-endpoints/': async (t, w) => {
    const created = ok(await t.call('POST', '/v1/webhook-endpoints', { token: w.a.key, body: { url: 'https://a.example.test/hook', project_id: w.p1.id } }), 'create endpoint');
    const id = created.json.endpoint.id as string;
    return {
      id,
      read: async () => ok(await t.call('GET', `/v1/webhook-endpoints/${id}`, { token: w.a.key }), 'read endpoint').json,
      sameAccountOutsiders: [{ name: "A's key for another project", token: w.p2.key, kind: 'projectKey' }],
    };
  },
  '/v1/webhook-deliveries/': async (t, w) => {
    ok(await t.call('POST', '/v1/webhook-endpoints', { token: w.p1.key, body: { url: 'https://a.example.test/deliveries', events: ['task.created'] } }), 'create endpoint');
    const task = ok(await t.call('POST', '/v1/tasks', { token: w.a.key, body: { project_id: w.p1.id, content: 'Delivered to A', priority: 'low' } }), 'create task');
    const find = async () => ok(await t.call('GET', `/v1/webhook-deliveries?task_id=${task.json.id}`, { token: w.a.key }), 'list deliveries').json.data[0];
    await t.fanOutWebhooks(async () => (await find()) !== undefined);
    const id = (await find()).id as string;
    return {
      id,
      read: async () => ok(await t.call('GET', `/v1/webhook-deliveries/${id}`, { token: w.a.key }), 'read delivery').json,
      sameAccountOutsiders: [{ name: "A's key for another project", token: w.p2.key, kind: 'projectKey' }],
    };
  },
  '/v1/work/assignments/': async (t, w) => {
    const task = ok(await t.call('POST', '/v1/tasks', { token: w.a.key, body: { project_id: w.p1.id, content: 'Claimed by A', priority: 'urgent' } }), 'create task to claim');
    const claim = ok(await t.call('POST', '/v1/work/claim', { token: w.helper.session, body: { project_id: w.p1.id } }), 'claim');
    expect(claim.json.task_id).toBe(task.json.id);
    return {
      id: claim.json.id,
      // No GET for an assignment: its task shows the lease (status, submissions), A's helper its stats.
      read: async () => ({
        task: ok(await t.call('GET', `/v1/tasks/${task.json.id}`, { token: w.a.key }), 'read claimed task').json,
        stats: ok(await t.call('GET', `/v1/projects/${w.p1.id}/stats`, { token: w.a.key }), 'read stats').json,
      }),
      sameAccountOutsiders: [
        { name: "A's other helper", token: w.otherHelper.session, kind: 'helper' },
        { name: "A's owner (not the helper holding the lease)", token: w.a.session, kind: 'owner' },
      ],
    };
  },
};

/** Bodies that pass validation, so that the call reaches the lookup; routes without an entry send `{}`. */
const ATTACK_BODIES: Record<string, unknown> = {
  'patch /v1/projects/{id}': { name: 'taken over', description: 'by B', defaults: { priority: 1 } },
  'patch /v1/tasks/{id}': { priority: 99, tags: ['b-was-here'], metadata: { owner: 'B' } },
  'post /v1/tasks/{id}/audits': { result: 'fixed', response: 'no' },
  'patch /v1/helpers/{id}': { name: 'Mallory', super_user: true, project_ids: [] },
  'post /v1/work/assignments/{id}/submit': { answer: 'yes', seconds_spent: 5 },
  'patch /v1/webhook-endpoints/{id}': { url: 'https://b.example.test/stolen', events: ['*'], description: 'B was here', enabled: false },
};

const ID_ROUTES = ROUTES.filter((r) => r.path.includes('{id}'));
const prefixOf = (r: AnyRoute) => r.path.slice(0, r.path.indexOf('{'));
const label = (r: AnyRoute) => `${r.method.toUpperCase()} ${r.path}`;
const takesLimit = (r: AnyRoute) => 'limit' in ((r.query as { shape?: object } | undefined)?.shape ?? {});

/**
 * Who may call a route at all: requester routes refuse helpers, work routes refuse keys, each with a 403
 * whatever the id (so it reveals nothing); those callers are left out rather than expected to get 404.
 */
const MAY_CALL: Record<Audience, Caller['kind'][]> = { requester: ['key', 'projectKey', 'owner'], worker: ['owner', 'helper'], anyone: ['key', 'projectKey', 'owner', 'helper'] };

/** Who tries A's object: every credential of B, and A's own credentials that must not reach it. */
function outsiders(route: AnyRoute, w: World, fixture: Fixture): Caller[] {
  const b: Caller[] = [
    { name: "B's key", token: w.b.key, kind: 'key' },
    { name: "B's project key", token: w.b.projectKey, kind: 'projectKey' },
    { name: "B's owner (session)", token: w.b.session, kind: 'owner' },
    { name: "B's helper", token: w.b.helperSession, kind: 'helper' },
  ];
  const allowed = MAY_CALL[route.audience ?? 'requester'];
  return [...b, ...fixture.sameAccountOutsiders].filter((c) => allowed.includes(c.kind));
}

/** The status, code and message of an answer: what a caller learns from it. */
const gist = (r: CallResult) => ({ status: r.status, code: r.json?.error?.code, message: r.json?.error?.message });

describeEachStore('cross-tenant isolation', (ctx) => {
  let t: TestApp;
  let w: World;
  const fixtures = new Map<string, Fixture>();
  /** Every id of A's, to look for in B's answers. */
  const aIds: string[] = [];

  const events = async (token: string) => ok(await t.call('GET', '/v1/events?limit=1000', { token }), 'events').json.data;
  // The feed on PostgreSQL holds events back while any older transaction on the server is still running
  // (other test files share the cluster), so events written before an attack may surface after it. What
  // matters is that the attack wrote none: no event of A's dated at or after the attack began.
  const eventsSince = async (token: string, since: string) =>
    (await events(token)).filter((e: { created_at: string }) => e.created_at >= since);

  beforeAll(async () => {
    t = await openTestApp(ctx.store);
    const login = async (email: string, password: string) => ok(await t.call('POST', '/v1/auth/login', { token: null, body: { email, password } }), 'login').json.token as string;
    const helperOf = async (key: string, projectId: string, name: string) => {
      const invite = ok(await t.call('POST', '/v1/helpers', { token: key, body: { email: `${name}-${randomUUID()}@example.test`, name, project_ids: [projectId] } }), 'invite');
      const accepted = ok(await t.call('POST', '/v1/auth/accept-invite', { token: null, body: { token: invite.json.invite_token, password: 'helper password 1' } }), 'accept');
      return { id: invite.json.helper.id as string, session: accepted.json.token as string, email: invite.json.helper.email as string };
    };

    const a = await t.newAccount('Tenant A');
    const b = await t.newAccount('Tenant B');
    const p1 = await t.newProject(a.apiKey, { name: 'A one', defaults: { type: 'yesno' } });
    const p2 = await t.newProject(a.apiKey, { name: 'A two', defaults: { type: 'yesno' } });
    const bp = await t.newProject(b.apiKey, { name: 'B one', defaults: { type: 'yesno' } });
    const aTest = ok(await t.call('POST', '/v1/api-keys', { token: a.apiKey, body: { mode: 'test', name: 'A test' } }), 'test key');
    const helper = await helperOf(a.apiKey, p1.id, 'ahelper');
    const otherHelper = await helperOf(a.apiKey, p1.id, 'aother');
    const bHelper = await helperOf(b.apiKey, bp.id, 'bhelper');
    // B has objects of its own, so that its lists are not trivially empty.
    ok(await t.call('POST', '/v1/tasks', { token: b.apiKey, body: { project_id: bp.id, content: 'B task' } }), 'B task');

    w = {
      a: { key: a.apiKey, session: await login(a.email, a.password), accountId: a.accountId, emails: [a.email, helper.email, otherHelper.email] },
      b: { key: b.apiKey, session: await login(b.email, b.password), helperSession: bHelper.session, projectKey: bp.key },
      p1,
      p2,
      aTestKey: aTest.json.secret,
      helper,
      otherHelper,
    };
    for (const prefix of new Set(ID_ROUTES.map(prefixOf))) {
      const make = FIXTURES[prefix];
      if (make) fixtures.set(prefix, await make(t, w));
    }
    aIds.push(a.accountId, p1.id, p2.id, helper.id, otherHelper.id, aTest.json.api_key.id, ...[...fixtures.values()].map((f) => f.id));
    for (const r of [ok(await t.call('GET', '/v1/tasks?limit=1000', { token: a.apiKey }), 'A tasks'), ok(await t.call('GET', '/v1/api-keys?limit=1000', { token: a.apiKey }), 'A keys')]) {
      for (const item of r.json.data as { id: string; prefix?: string }[]) aIds.push(item.id, ...(item.prefix ? [item.prefix] : []));
    }
  });

  it('every route with an {id} has a fixture (add one to FIXTURES for a new kind of object)', () => {
    const missing = ID_ROUTES.filter((r) => !(prefixOf(r) in FIXTURES)).map(label);
    expect(missing).toEqual([]);
    expect(ID_ROUTES.length).toBeGreaterThan(10);
  });

  it.each(ID_ROUTES.map((r) => [label(r), r] as const))("%s with A's id is 404 to everyone else, and A's object stays the same", async (_label, route) => {
    const fixture = fixtures.get(prefixOf(route));
    if (!fixture) throw new Error(`no fixture for ${label(route)}: add one to FIXTURES under '${prefixOf(route)}'`);
    const before = await fixture.read();
    const attackStart = new Date().toISOString();
    const path = route.path.replace('{id}', fixture.id);
    const key = `${route.method} ${route.path}`;
    const body = key in ATTACK_BODIES ? ATTACK_BODIES[key] : route.body || route.bodyDoc ? {} : undefined;
    const all = outsiders(route, w, fixture);
    const callers = all.filter((c) => !(fixture.projectKeysRefused && c.kind === 'projectKey'));
    expect(callers.length).toBeGreaterThan(1);
    // Project keys are refused on account-level objects before any lookup: the answer for A's id must be
    // the very answer for an id that does not exist, so it reveals nothing.
    for (const caller of all.filter((c) => !callers.includes(c))) {
      const send = (p: string) => t.call(route.method.toUpperCase(), p, { token: caller.token, ...(body === undefined ? {} : { body }) });
      const mine = await send(path);
      expect(mine.status, `${caller.name}: ${mine.text}`).toBe(403);
      expect(gist(mine)).toEqual(gist(await send(route.path.replace('{id}', randomUUID()))));
    }
    for (const caller of callers) {
      // With and without an Idempotency-Key: a replayed refusal must not differ from a fresh one.
      for (const headers of [{}, { 'idempotency-key': `attack-${randomUUID()}` }] as Record<string, string>[]) {
        const r = await t.call(route.method.toUpperCase(), path, { token: caller.token, headers, ...(body === undefined ? {} : { body }) });
        if (r.status === 400) throw new Error(`${caller.name}: ${label(route)} refused the attack body (${r.text}); add a valid body to ATTACK_BODIES`);
        expect(r.status, `${caller.name} -> ${r.status} ${r.text}`).toBe(404);
        expect(r.json.error.code).toBe('not_found');
        for (const id of aIds) expect(r.text, `${caller.name} saw ${id}`).not.toContain(id);
      }
    }
    expect(await fixture.read()).toEqual(before);
    expect(await eventsSince(w.a.key, attackStart)).toEqual([]);
  });

  it("A still owns and uses every object afterwards (the attacks took nothing away)", async () => {
    expect((await t.call('PATCH', `/v1/projects/${w.p1.id}`, { token: w.a.key, body: { description: 'still mine' } })).status).toBe(200);
    const helper = await t.call('GET', `/v1/helpers/${w.helper.id}`, { token: w.a.key });
    expect(helper.json).toMatchObject({ super_user: false, projects: [expect.objectContaining({ project_id: w.p1.id })] });
    const assignment = fixtures.get('/v1/work/assignments/');
    if (assignment) {
      const r = await t.call('POST', `/v1/work/assignments/${assignment.id}/submit`, { token: w.helper.session, body: { answer: 'yes', seconds_spent: 4 } });
      expect(r.status, r.text).toBe(200);
    }
  });

  it("B's lists never show A's objects, with any of B's credentials", async () => {
    const lists = ROUTES.filter((r) => r.method === 'get' && !r.path.includes('{'));
    expect(lists.length).toBeGreaterThan(3);
    const callers = [
      { name: "B's key", token: w.b.key },
      { name: "B's project key", token: w.b.projectKey },
      { name: "B's owner", token: w.b.session },
      { name: "B's helper", token: w.b.helperSession },
    ];
    let seenData = 0;
    for (const route of lists) {
      for (const caller of callers) {
        const r = await t.call('GET', `${route.path}${takesLimit(route) ? '?limit=1000' : ''}`, { token: caller.token });
        expect([200, 403], `${caller.name} ${route.path}: ${r.text}`).toContain(r.status);
        for (const id of [...aIds, ...w.a.emails]) expect(r.text, `${caller.name} ${route.path} shows ${id}`).not.toContain(id);
        if (r.status === 200 && Array.isArray(r.json.data) && r.json.data.length > 0) seenData++;
      }
    }
    // B's own objects do show: the lists were not empty by accident.
    expect(seenData).toBeGreaterThan(3);
  });

  it("filtering B's lists by A's ids finds nothing", async () => {
    for (const path of [`/v1/tasks?project_id=${w.p1.id}`, `/v1/tasks?tag=a-only`]) {
      for (const token of [w.b.key, w.p2.key]) {
        const r = await t.call('GET', path, { token });
        expect(r.status === 404 || (r.status === 200 && r.json.data.length === 0), `${path}: ${r.text}`).toBe(true);
      }
    }
  });

  it("A's key for another project lists none of P1's objects", async () => {
    const p1Only = [w.p1.id, ...[fixtures.get('/v1/tasks/'), fixtures.get('/v1/work/assignments/')].flatMap((f) => (f ? [f.id] : []))];
    for (const path of ['/v1/projects', '/v1/tasks', '/v1/events']) {
      const r = await t.call('GET', `${path}?limit=1000`, { token: w.p2.key });
      expect(r.status, r.text).toBe(200);
      for (const id of p1Only) expect(r.text, `${path} shows ${id}`).not.toContain(id);
    }
  });

  it("B cannot point its own writes at A's objects: every reference is 404", async () => {
    const attempts: [string, string, string, unknown][] = [
      ["B's key", 'POST', '/v1/tasks', { project_id: w.p1.id, type: 'yesno', content: 'Into A?' }],
      ["B's key", 'POST', '/v1/tasks?async_mode=true', [{ project_id: w.p1.id, type: 'yesno', content: 'Into A later?' }]],
      ["B's key", 'POST', '/v1/api-keys', { project_id: w.p1.id }],
      ["B's key", 'POST', '/v1/helpers', { email: `b-${randomUUID()}@example.test`, project_ids: [w.p1.id] }],
      ["B's owner", 'POST', '/v1/work/claim', { project_id: w.p1.id }],
      ["B's helper", 'POST', '/v1/work/claim', { project_id: w.p1.id }],
    ];
    const tokens: Record<string, string> = { "B's key": w.b.key, "B's owner": w.b.session, "B's helper": w.b.helperSession };
    const attackStart = new Date().toISOString();
    for (const [who, method, path, body] of attempts) {
      const r = await t.call(method, path, { token: tokens[who] as string, body });
      const refused = r.status === 404 || (r.status === 400 && JSON.stringify(r.json.error.details).includes('not found'));
      expect(refused, `${who} ${method} ${path} -> ${r.status} ${r.text}`).toBe(true);
    }
    await t.drainOperations();
    expect(await eventsSince(w.a.key, attackStart)).toEqual([]);
    const aTasks = await t.call('GET', '/v1/tasks?limit=1000', { token: w.a.key });
    const contents = aTasks.json.data.map((x: { content: string }) => x.content);
    expect(contents).not.toContain('Into A?');
    expect(contents).not.toContain('Into A later?');
  });

  it("B's Idempotency-Key never replays A's response", async () => {
    const key = `shared-${randomUUID()}`;
    const body = { name: 'Same body' };
    const first = await t.call('POST', '/v1/projects', { token: w.a.key, body, headers: { 'idempotency-key': key } });
    expect(first.status, first.text).toBe(201);
    const other = await t.call('POST', '/v1/projects', { token: w.b.key, body, headers: { 'idempotency-key': key } });
    expect(other.status, other.text).toBe(201);
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    expect(other.json.project.id).not.toBe(first.json.project.id);
    expect(other.json.api_key).not.toBe(first.json.api_key);
    const replay = await t.call('POST', '/v1/projects', { token: w.a.key, body, headers: { 'idempotency-key': key } });
    expect(replay.text).toBe(first.text);
  });
});
