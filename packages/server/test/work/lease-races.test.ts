import pg from 'pg';
import { beforeAll, beforeEach, expect, it } from 'vitest';
import { expireLeases, returnLease } from '../../src/core/work/release-assignment.ts';
import { claim, newHelper } from '../support/helpers.ts';
import { describeEachStore } from '../support/stores.ts';
import { openTestApp, type TestApp } from '../support/test-app.ts';
import { waitFor } from '../crash/http.ts';

// What the background runner's lease pass does when a helper's own request came in between its read and
// its write: a heartbeat that extended the lease wins; a lease claimed just after its helper was removed
// does not hold the task's slot until it times out. And what a lease's release or answer does when another
// change of its task commits while it waits on the task's row.
describeEachStore('lease races', (ctx) => {
  let t: TestApp;
  let key: string;
  let projectId: string;

  beforeAll(async () => {
    t = await openTestApp(ctx.store);
    key = (await t.newAccount()).apiKey;
  });
  // Each test works in a project of its own, with one task.
  beforeEach(async () => {
    projectId = (await t.newProject(key, { quality: { control_rate: 0 } })).id;
  });

  const newTask = async (overlap = 1) => {
    const created = await t.call('POST', '/v1/tasks', { token: key, body: { project_id: projectId, type: 'label_text', input: { text: 'x', categories: ['a', 'b'] }, overlap } });
    expect(created.status).toBe(201);
    return created.json.id as string;
  };
  const assignment = (id: string) => ctx.store.db.selectFrom('assignments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const task = (id: string) => ctx.store.db.selectFrom('tasks').select(['status', 'open_slots']).where('id', '=', id).executeTakeFirstOrThrow();

  it('does not expire a lease a heartbeat extended after the pass read it as due', async () => {
    const taskId = await newTask();
    const helper = await newHelper(t, [projectId], { token: key });
    const lease = await claim(t, helper.token, projectId);
    expect(lease.task_id).toBe(taskId);
    // The pass read the lease as it was a moment ago, already due…
    await ctx.store.db.updateTable('assignments').set({ lease_expires_at: new Date(Date.now() - 1_000).toISOString() }).where('id', '=', lease.id).execute();
    const readByThePass = await assignment(lease.id);
    // …then the helper's heartbeat extended it (here, a moment before it ran out).
    await ctx.store.db.updateTable('assignments').set({ lease_expires_at: new Date(Date.now() + 60_000).toISOString() }).where('id', '=', lease.id).execute();
    expect(await ctx.store.transaction((tx) => returnLease(tx, ctx.store.caps, readByThePass, 'expired'))).toBe(false);
    expect((await assignment(lease.id)).status).toBe('active');
    expect(await task(taskId)).toEqual({ status: 'in_progress', open_slots: 0 });
    // The helper still answers on it.
    const submitted = await t.call('POST', `/v1/work/assignments/${lease.id}/submit`, { token: helper.token, body: { answer: 'a', seconds_spent: 3 } });
    expect(submitted.status, submitted.text).toBe(200);
  });

  it('refuses a heartbeat on a lease whose time ran out, and a release of an ended lease', async () => {
    await newTask();
    const helper = await newHelper(t, [projectId], { token: key });
    const lease = await claim(t, helper.token, projectId);
    await ctx.store.db.updateTable('assignments').set({ lease_expires_at: new Date(Date.now() - 1_000).toISOString() }).where('id', '=', lease.id).execute();
    const beat = await t.call('POST', `/v1/work/assignments/${lease.id}/heartbeat`, { token: helper.token });
    expect([beat.status, beat.json.error?.code]).toEqual([409, 'conflict']);
    expect(await expireLeases(ctx.store)).toBeGreaterThanOrEqual(1);
    const released = await t.call('POST', `/v1/work/assignments/${lease.id}/release`, { token: helper.token });
    expect([released.status, released.json.error?.details?.status]).toEqual([409, 'expired']);
  });

  // The release reads the lease as active, then waits on its row while an expiry that already ended it
  // commits. PostgreSQL only: on SQLite the two transactions run one after the other.
  it.runIf(ctx.backend === 'postgres')('answers 409 to a release that an expiry overtook under the row lock, and returns the slot once', async () => {
    const taskId = await newTask();
    const helper = await newHelper(t, [projectId], { token: key });
    const lease = await claim(t, helper.token, projectId);
    await ctx.store.db.updateTable('assignments').set({ lease_expires_at: new Date(Date.now() - 1_000).toISOString() }).where('id', '=', lease.id).execute();
    const due = await assignment(lease.id);
    const watcher = new pg.Client({ connectionString: ctx.current.url });
    await watcher.connect();
    try {
      // The expiry ends the lease and holds its row until the gate opens.
      let open = () => {};
      const gate = new Promise<void>((resolve) => (open = resolve));
      let held = false;
      const expiry = ctx.store.transaction(async (tx) => {
        const ended = await returnLease(tx, ctx.store.caps, due, 'expired');
        held = true;
        await gate;
        return ended;
      });
      await waitFor('the expiry to hold the lease', 10_000, () => (held ? true : undefined), 10);
      const release = t.call('POST', `/v1/work/assignments/${lease.id}/release`, { token: helper.token });
      await waitFor('the release to wait on the lease', 10_000, async () => {
        const { rows } = await watcher.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'");
        return (rows[0]?.n ?? 0) >= 1 ? true : undefined;
      }, 10);
      open();
      expect(await expiry).toBe(true);
      const released = await release;
      expect([released.status, released.json.error?.details?.status]).toEqual([409, 'expired']);
    } finally {
      await watcher.end();
    }
    expect((await assignment(lease.id)).status).toBe('expired');
    expect(await task(taskId)).toEqual({ status: 'pending', open_slots: 1 });
    const events = await ctx.store.db.selectFrom('events').select('type').where('task_id', '=', taskId).where('type', 'like', 'assignment.%').orderBy('seq').execute();
    expect(events.map((e) => e.type)).toEqual(['assignment.created', 'assignment.expired']);
  });

  // The last answer's batch reads the round's answers on its snapshot, then waits on the task row while the
  // answer before it commits: it must see that answer too (read again under the lock), or the task, with all
  // its answers in, would stay open. PostgreSQL only: on SQLite the two submits run one after the other.
  it.runIf(ctx.backend === 'postgres')('decides on every answer of the round when another answer commits while the last one waits on the task row', async () => {
    const taskId = await newTask(2);
    const helpers = [await newHelper(t, [projectId], { token: key }), await newHelper(t, [projectId], { token: key })];
    const leases = [];
    for (const h of helpers) leases.push(await claim(t, h.token, projectId));
    expect(leases.map((l) => l.task_id)).toEqual([taskId, taskId]);
    const locker = new pg.Client({ connectionString: ctx.current.url });
    await locker.connect();
    const waiting = (n: number) => async () => {
      const { rows } = await locker.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'");
      return (rows[0]?.n ?? 0) >= n ? true : undefined;
    };
    try {
      await locker.query('begin');
      await locker.query('select 1 from tasks where id = $1 for update', [taskId]);
      // The first answer queues on the row; the second, behind it, has read the round before the first commits.
      const first = t.call('POST', `/v1/work/assignments/${leases[0]?.id}/submit`, { token: helpers[0]?.token, body: { answer: 'a', seconds_spent: 3 } });
      await waitFor('the first answer to wait on the task', 10_000, waiting(1), 10);
      const second = t.call('POST', `/v1/work/assignments/${leases[1]?.id}/submit`, { token: helpers[1]?.token, body: { answer: 'a', seconds_spent: 3 } });
      await waitFor('the second answer to wait behind it', 10_000, waiting(2), 10);
      await locker.query('commit');
      expect([(await first).status, (await second).status]).toEqual([200, 200]);
    } finally {
      await locker.end();
    }
    const decided = await ctx.store.db.selectFrom('tasks').select(['status', 'answer_count', 'result']).where('id', '=', taskId).executeTakeFirstOrThrow();
    expect({ ...decided, result: JSON.parse(decided.result ?? 'null') }).toMatchObject({ status: 'completed', answer_count: 2, result: { answer: 'a', agreement: 1 } });
  });

  it('releases the lease of a helper removed before the lease committed', async () => {
    const taskId = await newTask();
    const helper = await newHelper(t, [projectId], { token: key });
    const lease = await claim(t, helper.token, projectId);
    expect(lease.task_id).toBe(taskId);
    // The removal committed first and released nothing: the lease was not yet there to see.
    await ctx.store.db.updateTable('users').set({ deleted_at: new Date().toISOString() }).where('id', '=', helper.id).execute();
    await expireLeases(ctx.store);
    expect((await assignment(lease.id)).status).toBe('released');
    expect(await task(taskId)).toEqual({ status: 'pending', open_slots: 1 });
    const other = await newHelper(t, [projectId], { token: key });
    expect((await claim(t, other.token, projectId)).task_id).toBe(taskId);
  });
});
