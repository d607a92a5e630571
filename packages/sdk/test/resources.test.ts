import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError, Minga, NotFoundError } from '../src/index.ts';
import { collect } from './support/collect.ts';
import { answerTask, newHelperClient, startTestServer, stopTestServers, type TestServer } from './support/start-test-server.ts';

let server: TestServer;
let minga: Minga;

beforeAll(async () => {
  server = await startTestServer();
  minga = server.client();
});
afterAll(stopTestServers);

/** Every resource's paths against a real server; the task-specific behaviour is in tasks.test.ts. */
describe('the other resources against a real server', () => {
  it('projects: create, list, get, update, close, open, stats, aggregate', async () => {
    const { project } = await minga.projects.create({ name: 'Resources', defaults: { type: 'yesno' } });
    expect((await collect(minga.projects.list({ limit: 1 }))).map((p) => p.id)).toContain(project.id);
    expect(await minga.projects.get(project.id)).toMatchObject({ id: project.id, status: 'open' });
    expect(await minga.projects.update(project.id, { description: 'about cats' })).toMatchObject({ description: 'about cats' });
    expect((await minga.projects.close(project.id)).status).toBe('closed');
    expect((await minga.projects.open(project.id)).status).toBe('open');

    const helper = await newHelperClient(minga, server.url, project.id);
    const task = await minga.tasks.create({ project_id: project.id, content: 'Cat?' });
    await answerTask(helper, task.id, 'yes');
    expect(await minga.projects.stats(project.id)).toMatchObject({ project_id: project.id, tasks: { total: 1, completed: 1 }, answers: 1 });
    const aggregate = await minga.projects.aggregate(project.id, { method: 'majority_vote' });
    expect(aggregate.tasks).toEqual([expect.objectContaining({ task_id: task.id, answer: 'yes' })]);
  });

  it('helpers and work: invite, list, get, update, stats, heartbeat, release, remove', async () => {
    const { project } = await minga.projects.create({ name: 'Helpers', defaults: { type: 'yesno' } });
    const invite = await minga.helpers.invite({ email: 'resources@example.com', project_ids: [project.id] });
    const helperId = invite.helper.id;
    expect((await collect(minga.helpers.list())).map((h) => h.id)).toContain(helperId);
    expect(await minga.helpers.get(helperId)).toMatchObject({ email: 'resources@example.com', status: 'invited' });
    expect(await minga.helpers.update(helperId, { name: 'Res' })).toMatchObject({ name: 'Res' });

    const session = await new Minga({ baseUrl: server.url }).auth.acceptInvite({ token: invite.invite_token, password: 'a long enough password' });
    const helper = new Minga({ apiKey: session.token, baseUrl: server.url });
    expect((await helper.me()).user?.role).toBe('helper');
    const relogin = await new Minga({ baseUrl: server.url }).auth.login({ email: 'resources@example.com', password: 'a long enough password' });
    expect(relogin.user.id).toBe(session.user.id);
    expect((await helper.work.projects()).data.map((p) => p.id)).toEqual([project.id]);

    await minga.tasks.create({ project_id: project.id, content: 'Dog?' });
    const assignment = await helper.work.claim({ project_id: project.id });
    expect(assignment?.status).toBe('active');
    const id = assignment?.id ?? '';
    expect((await helper.work.heartbeat(id)).status).toBe('active');
    expect((await helper.work.release(id)).status).toBe('released');
    expect(await minga.helpers.stats(helperId)).toMatchObject({ helper_id: helperId, answers: 0 });

    await minga.helpers.remove(helperId);
    await expect(minga.helpers.get(helperId)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('API keys: create, list, revoke', async () => {
    const { api_key, secret } = await minga.apiKeys.create({ name: 'ci', mode: 'test' });
    expect(secret).toMatch(/^mk_test_/);
    expect((await new Minga({ apiKey: secret, baseUrl: server.url }).me()).api_key?.mode).toBe('test');
    expect((await collect(minga.apiKeys.list())).map((k) => k.id)).toContain(api_key.id);
    expect((await minga.apiKeys.revoke(api_key.id)).revoked_at).not.toBeNull();
    await expect(new Minga({ apiKey: secret, baseUrl: server.url, maxRetries: 0 }).me()).rejects.toBeInstanceOf(AuthError);
  });

  it('events: iterates the feed from the start, and from a cursor', async () => {
    const all = await collect(minga.events.list({ limit: 2 }));
    expect(all.length).toBeGreaterThan(4);
    expect(all.map((e) => e.event)).toContain('task.created');
    const first = await minga.events.listPage({ limit: 2 });
    const rest = await collect(minga.events.list({ after: first.next_cursor ?? undefined }));
    expect([...first.data, ...rest].map((e) => e.id)).toEqual(all.map((e) => e.id));
  });

  it('credits: with credits off, nothing to grant (granting with credits on is in errors.test.ts)', async () => {
    expect(await minga.credits.get()).toMatchObject({ enabled: false, available: 0 });
    await expect(minga.credits.grant({ amount: 10 })).rejects.toMatchObject({ name: 'ConflictError', status: 409 });
  });

  it('webhook endpoints and deliveries', async () => {
    const { endpoint, secret } = await minga.webhookEndpoints.create({ url: 'https://example.com/minga', events: ['task.completed'] });
    expect(secret).toMatch(/^whsec_/);
    expect((await collect(minga.webhookEndpoints.list())).map((e) => e.id)).toContain(endpoint.id);
    expect(await minga.webhookEndpoints.get(endpoint.id)).toMatchObject({ url: 'https://example.com/minga' });
    expect(await minga.webhookEndpoints.update(endpoint.id, { description: 'prod' })).toMatchObject({ description: 'prod' });
    const rotated = await minga.webhookEndpoints.rotateSecret(endpoint.id);
    expect(rotated.secret).not.toBe(secret);
    expect(rotated.endpoint.previous_secret_expires_at).not.toBeNull();
    expect((await minga.webhookEndpoints.rotateCallbackSecret()).secret).toMatch(/^whsec_/);

    expect(await collect(minga.webhookDeliveries.list({ endpoint_id: endpoint.id }))).toEqual(expect.any(Array));
    await expect(minga.webhookDeliveries.get('whd_missing')).rejects.toBeInstanceOf(NotFoundError);
    await expect(minga.webhookDeliveries.replay('whd_missing')).rejects.toBeInstanceOf(NotFoundError);

    await minga.webhookEndpoints.delete(endpoint.id);
    await expect(minga.webhookEndpoints.get(endpoint.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('accounts: the instance admin creates another tenant', async () => {
    const created = await minga.accounts.create({ name: 'Acme', owner_email: 'ops@acme.test', owner_password: 'a long enough password' });
    const acme = new Minga({ apiKey: created.api_key, baseUrl: server.url });
    expect((await acme.me()).account.id).toBe(created.account.id);
    // Tenants are isolated: Acme cannot see the first account's projects.
    expect(await collect(acme.projects.list())).toEqual([]);
  });
});
