import { beforeAll, expect, it } from 'vitest';
import { claim, newHelper, submit } from '../support/helpers.ts';
import { describeEachStore } from '../support/stores.ts';
import { openTestApp, type TestApp } from '../support/test-app.ts';

const labelText = (projectId: string, extra: Record<string, unknown> = {}) => ({
  project_id: projectId,
  type: 'label_text',
  input: { text: 'Battery lasts two days', categories: ['positive', 'negative', 'neutral'] },
  ...extra,
});

describeEachStore('work flow', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(ctx.store);
  });

  it('completes a majority-vote task after three helpers answer, with submissions and summary', async () => {
    const project = await t.newProject(t.adminKey, { quality: { control_rate: 0 } });
    const task = (await t.call('POST', '/v1/tasks', { body: labelText(project.id, { overlap: 3 }) })).json;
    const helpers = await Promise.all([0, 1, 2].map(() => newHelper(t, [project.id])));
    const answers = ['positive', 'positive', 'negative'];
    for (const [i, h] of helpers.entries()) {
      const a = await claim(t, h.token, project.id);
      expect(a.task_id).toBe(task.id);
      expect(a.task.input.categories).toEqual(['positive', 'negative', 'neutral']);
      expect(a.task).not.toHaveProperty('known_solutions');
      expect((await submit(t, h.token, a.id, answers[i], 4 + i)).status).toBe(200);
    }
    const done = (await t.call('GET', `/v1/tasks/${task.id}`)).json;
    expect(done.status).toBe('completed');
    expect(done.answer_count).toBe(3);
    expect(done.result.answer).toBe('positive');
    expect(done.result.summary).toContain('2/3');
    expect(done.submissions.map((s: { answer: string }) => s.answer)).toEqual(answers);
    expect(done.submissions[0].seconds_spent).toBe(4);
    const stats = (await t.call('GET', `/v1/projects/${project.id}/stats`)).json;
    expect(stats.tasks.completed).toBe(1);
    expect(stats.answers).toBe(3);
    // Per hour (one hour, unless the clock passed the hour mid-test): three answers, one task completed.
    const hourly = stats.throughput.hourly as { hour: string; answers: number; completed: number }[];
    expect([hourly.reduce((n, h) => n + h.answers, 0), hourly.reduce((n, h) => n + h.completed, 0)]).toEqual([3, 1]);
    expect(hourly.every((h) => /^\d{4}-\d\d-\d\dT\d\d$/.test(h.hour))).toBe(true);
  });

  it('never hands a helper the same task twice and never more leases than answers needed', async () => {
    const project = await t.newProject(t.adminKey, { quality: { control_rate: 0 } });
    await t.call('POST', '/v1/tasks', { body: labelText(project.id, { overlap: 2 }) });
    const [a, b, c] = await Promise.all([0, 1, 2].map(() => newHelper(t, [project.id])));
    const first = await claim(t, a!.token, project.id);
    expect(first).not.toBeNull();
    expect(await claim(t, a!.token, project.id)).toBeNull();
    expect(await claim(t, b!.token, project.id)).not.toBeNull();
    expect(await claim(t, c!.token, project.id)).toBeNull();
  });

  it('refuses an answer that does not fit the task type and keeps the lease', async () => {
    const project = await t.newProject(t.adminKey, { quality: { control_rate: 0 } });
    await t.call('POST', '/v1/tasks', { body: labelText(project.id) });
    const h = await newHelper(t, [project.id]);
    const a = await claim(t, h.token, project.id);
    const bad = await submit(t, h.token, a.id, 'maybe');
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('validation_error');
    expect((await submit(t, h.token, a.id, 'neutral')).status).toBe(200);
    const again = await submit(t, h.token, a.id, 'neutral');
    expect(again.status).toBe(409);
  });

  it('gives a skipped task to the next helper and not back to the one who skipped', async () => {
    const project = await t.newProject(t.adminKey, { quality: { control_rate: 0 } });
    const task = (await t.call('POST', '/v1/tasks', { body: labelText(project.id) })).json;
    const [a, b] = await Promise.all([0, 1].map(() => newHelper(t, [project.id])));
    const lease = await claim(t, a!.token, project.id);
    expect((await t.call('POST', `/v1/work/assignments/${lease.id}/release`, { token: a!.token })).status).toBe(200);
    expect(await claim(t, a!.token, project.id)).toBeNull();
    expect((await claim(t, b!.token, project.id)).task_id).toBe(task.id);
  });

  it('scores a missed control task and shows the hint, never making it a result', async () => {
    const project = await t.newProject(t.adminKey, { quality: { control_rate: 1 } });
    const control = (
      await t.call('POST', '/v1/tasks', {
        body: labelText(project.id, { known_solutions: [{ output_values: { answer: 'positive' } }], message_on_unknown_solution: 'Two days is good.' }),
      })
    ).json;
    const h = await newHelper(t, [project.id]);
    const a = await claim(t, h.token, project.id);
    expect(a.task_id).toBe(control.id);
    const r = await submit(t, h.token, a.id, 'negative');
    expect(r.json.feedback).toEqual({ correct: false, expected: 'positive', message: 'Two days is good.' });
    const stats = (await t.call('GET', `/v1/helpers/${h.id}/stats`)).json;
    expect(stats.control_answers).toBe(1);
    expect(stats.accuracy).toBe(0);
    expect((await t.call('GET', `/v1/tasks/${control.id}`)).json.result).toBeNull();
  });

  it('completes at once on a super user answer when override is on', async () => {
    const project = await t.newProject(t.adminKey, { quality: { control_rate: 0 } });
    const task = (await t.call('POST', '/v1/tasks', { body: labelText(project.id, { overlap: 3 }) })).json;
    const su = await newHelper(t, [project.id], { superUser: true });
    const a = await claim(t, su.token, project.id);
    await submit(t, su.token, a.id, 'neutral');
    const done = (await t.call('GET', `/v1/tasks/${task.id}`)).json;
    expect(done.status).toBe('completed');
    expect(done.result.answer).toBe('neutral');
  });

  it('lets the requester fix a task in review, redo it, and reads it all from the event feed', async () => {
    const project = await t.newProject(t.adminKey, { quality: { control_rate: 0 } });
    const task = (await t.call('POST', '/v1/tasks', { body: labelText(project.id, { overlap: 2, consensus_strategy: 'unanimous' }) })).json;
    const [a, b] = await Promise.all([0, 1].map(() => newHelper(t, [project.id])));
    await submit(t, a!.token, (await claim(t, a!.token, project.id)).id, 'positive');
    await submit(t, b!.token, (await claim(t, b!.token, project.id)).id, 'negative');
    expect((await t.call('GET', `/v1/tasks/${task.id}`)).json.status).toBe('needs_review');
    const fixed = await t.call('POST', `/v1/tasks/${task.id}/audits`, { body: { result: 'fixed', response: 'neutral' } });
    expect(fixed.status).toBe(201);
    expect(fixed.json.status).toBe('completed');
    expect(fixed.json.review_status).toBe('fixed');
    expect(fixed.json.result.answer).toBe('neutral');
    expect(fixed.json.audits[0].audit_result).toBe('fixed');
    const redone = await t.call('POST', `/v1/tasks/${task.id}/redo`);
    expect(redone.json.status).toBe('pending');
    expect(redone.json.times_redone).toBe(1);
    // On PostgreSQL the feed holds events back while an older transaction anywhere on the server runs
    // (other test files share the cluster): poll, boundedly, until the last one shows.
    const taskEvents = async () =>
      (await t.call('GET', `/v1/events?limit=1000`)).json.data.filter((e: { task_id: string }) => e.task_id === task.id).map((e: { event: string }) => e.event);
    let types = await taskEvents();
    for (let i = 0; i < 150 && types.at(-1) !== 'task.redone'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      types = await taskEvents();
    }
    expect(types).toEqual(['task.created', 'assignment.created', 'assignment.submitted', 'assignment.created', 'assignment.submitted', 'task.needs_review', 'audit.created', 'task.completed', 'task.redone']);
  });

  // On PostgreSQL a claim is one statement, run on its own, or inside the transaction that marks the
  // request's Idempotency-Key (Store.statement): both must write the same lease, event and counters.
  it('writes the same lease, event and counters for a claim with or without an Idempotency-Key', async () => {
    const project = await t.newProject(t.adminKey, { quality: { control_rate: 0 } });
    const tasks = await Promise.all(
      [90, 10].map(async (priority) => (await t.call('POST', '/v1/tasks', { body: labelText(project.id, { priority, claim_timeout_minutes: 7 }) })).json),
    );
    const [a, b] = await Promise.all([0, 1].map(() => newHelper(t, [project.id])));
    const plain = await claim(t, a!.token, project.id);
    const keyed = await t.call('POST', '/v1/work/claim', { token: b!.token, body: { project_id: project.id }, headers: { 'Idempotency-Key': 'claim-1' } });
    expect(keyed.status).toBe(200);
    const replay = await t.call('POST', '/v1/work/claim', { token: b!.token, body: { project_id: project.id }, headers: { 'Idempotency-Key': 'claim-1' } });
    expect(replay.text).toBe(keyed.text);

    const leases = [plain, keyed.json];
    expect(leases.map((l) => l.task_id)).toEqual(tasks.map((x) => x.id));
    for (const [i, lease] of leases.entries()) {
      expect(lease.status).toBe('active');
      expect(lease.lease_expires_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(Date.parse(lease.lease_expires_at) - Date.parse(lease.claimed_at)).toBe(7 * 60_000);
      expect(lease.task.claim_timeout_minutes).toBe(7);
      const stored = await ctx.store.db.selectFrom('assignments').selectAll().where('id', '=', lease.id).executeTakeFirstOrThrow();
      expect(stored).toMatchObject({ task_id: tasks[i].id, helper_id: [a, b][i]!.id, status: 'active', claimed_at: lease.claimed_at, lease_expires_at: lease.lease_expires_at, finished_at: null });
      expect((await t.call('GET', `/v1/tasks/${lease.task_id}`)).json.status).toBe('in_progress');
    }
    const stats = (await t.call('GET', `/v1/projects/${project.id}/stats`)).json;
    expect([stats.tasks.pending, stats.tasks.in_progress]).toEqual([0, 2]);
    const created = async () =>
      (await t.call('GET', '/v1/events?type=assignment.created&limit=1000')).json.data.filter((e: { project_id: string }) => e.project_id === project.id);
    let events = await created();
    for (let i = 0; i < 150 && events.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
      events = await created();
    }
    expect(events.map((e: { task_id: string; data: unknown }) => [e.task_id, e.data]).sort()).toEqual(
      leases.map((l, i) => [l.task_id, { assignment_id: l.id, helper_id: [a, b][i]!.id }]).sort(),
    );
  });
});
