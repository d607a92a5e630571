import { afterAll, beforeAll, expect, it } from 'vitest';
import { mapLimit, sleep, waitFor } from '../crash/http.ts';
import { killAllServerProcesses, startServerProcess } from '../support/server-process.ts';
import { describeEachStore } from '../support/stores.ts';
import { httpWorkApi, must, type WorkApi } from './support/work-api.ts';
import { checkStatsAndEvents, checkWork } from './support/work-invariants.ts';
import { createWorkProject, helperStates, inviteHelpers, seededRandom, startHelpers, type Ack } from './support/work-load.ts';

/**
 * SPEC §2.2: an expired lease returns the task to the pool, and the lease it was is fenced off. The
 * shortest claim timeout is 5 minutes, so the tests age a lease by moving its `lease_expires_at` into the
 * past in the store, and let the background runner of a real server process (one pass every 0.5 s)
 * find it.
 */
const RETURN_WITHIN_MS = 5_000;

describeEachStore('lease expiry', (ctx) => {
  // Registered after the store's own afterAll, so it runs first: the server dies before its store goes.
  afterAll(async () => {
    await killAllServerProcesses();
  });
  let api: WorkApi;
  beforeAll(async () => {
    // On SQLite the server and the test share the file; the test only writes while the server idles.
    const server = await startServerProcess({ dataDir: ctx.current.dataDir, databaseUrl: ctx.current.url });
    api = httpWorkApi(server.url, server.apiKey as string);
  });

  /** Moves a lease's end to `offsetMs` from now (negative: already over). */
  const ageLease = (assignmentId: string, offsetMs: number) =>
    ctx.store.db.updateTable('assignments').set({ lease_expires_at: new Date(Date.now() + offsetMs).toISOString() }).where('id', '=', assignmentId).execute();

  const post = (path: string, token: string, body: unknown = {}) => api.call('POST', path, { token, body });

  /**
   * The `assignment.expired` events that match, once at least `count` of them show. On PostgreSQL the feed
   * holds an event back until every older transaction of the cluster has ended (another test's may be
   * running), so it is polled, within bounds.
   */
  type ExpiredEvent = { task_id: string; project_id: string; data: { assignment_id: string } };
  const expiredEvents = async (match: (e: ExpiredEvent) => boolean, count: number): Promise<ExpiredEvent[]> => {
    let found: ExpiredEvent[] = [];
    await waitFor(`${count} assignment.expired events`, 15_000, async () => {
      found = ((await must(api, 'GET', '/v1/events?type=assignment.expired&limit=1000')).json.data as ExpiredEvent[]).filter(match);
      return found.length >= count ? true : undefined;
    }, 200).catch(() => {});
    return found;
  };

  it('gives an expired task to another helper within 5 s and refuses the old lease its submit and heartbeat', async () => {
    const { projectId, taskIds } = await createWorkProject(api, 1, 1);
    const [a, b] = await inviteHelpers(api, projectId, 2);
    if (!a || !b) throw new Error('two helpers expected');

    const lease = await post('/v1/work/claim', a.token, { project_id: projectId });
    expect(lease.status).toBe(200);
    expect(lease.json.task_id).toBe(taskIds[0]);
    expect((await post('/v1/work/claim', b.token, { project_id: projectId })).status, 'one answer needed, one lease out').toBe(204);

    // A live lease can be extended.
    await ageLease(lease.json.id, 60_000);
    const beat = await post(`/v1/work/assignments/${lease.json.id}/heartbeat`, a.token);
    expect(beat.status).toBe(200);
    expect(Date.parse(beat.json.lease_expires_at)).toBeGreaterThan(Date.now() + 4 * 60_000);

    await ageLease(lease.json.id, -1_000);
    const agedAt = Date.now();
    // Refused by time alone, whether or not the runner has been by yet.
    const lateBeat = await post(`/v1/work/assignments/${lease.json.id}/heartbeat`, a.token);
    expect(lateBeat.status).toBe(409);
    expect(lateBeat.json.error.code).toBe('conflict');

    const taken = await waitFor('the task to be claimable again', RETURN_WITHIN_MS + 2_000, async () => {
      const r = await post('/v1/work/claim', b.token, { project_id: projectId });
      if (r.status === 200) return r;
      expect(r.status).toBe(204);
      return undefined;
    }, 100);
    const returnedMs = Date.now() - agedAt;
    expect(returnedMs).toBeLessThan(RETURN_WITHIN_MS);
    expect(taken.json.task_id).toBe(taskIds[0]);

    // The old lease is fenced: no submit, no heartbeat, no release; and A never gets the task again.
    const late = await post(`/v1/work/assignments/${lease.json.id}/submit`, a.token, { answer: 'negative', seconds_spent: 9 });
    expect(late.status).toBe(409);
    expect(late.json.error.details.status).toBe('expired');
    expect((await post(`/v1/work/assignments/${lease.json.id}/heartbeat`, a.token)).status).toBe(409);
    expect((await post(`/v1/work/assignments/${lease.json.id}/release`, a.token)).status).toBe(409);
    expect((await post('/v1/work/claim', a.token, { project_id: projectId })).status).toBe(204);

    expect((await post(`/v1/work/assignments/${taken.json.id}/submit`, b.token, { answer: 'positive', seconds_spent: 4 })).status).toBe(200);
    const task = (await must(api, 'GET', `/v1/tasks/${taskIds[0]}`)).json;
    expect(task.status).toBe('completed');
    expect(task.answer_count).toBe(1);
    expect(task.result.answer).toBe('positive');
    expect(task.submissions.map((s: { helper_id: string }) => s.helper_id)).toEqual([b.id]);

    const expired = await expiredEvents((e) => e.task_id === taskIds[0], 1);
    expect(expired.map((e) => e.data.assignment_id)).toEqual([lease.json.id]);
    console.info(`[lease expiry ${ctx.backend}] returned to the pool after ${returnedMs} ms`);
  });

  it('a lease that runs out while its helper submits is either answered or returned, never both', async () => {
    const HELPERS = 30;
    const OVERLAP = 2;
    const { projectId } = await createWorkProject(api, HELPERS, OVERLAP);
    const helpers = await inviteHelpers(api, projectId, HELPERS);
    // Each helper takes up to two leases at once (fewer when the slots left are on tasks it already holds).
    const leases = (
      await mapLimit(helpers, 10, async (h) => {
        const out = [];
        for (let i = 0; i < OVERLAP; i++) {
          const r = await post('/v1/work/claim', h.token, { project_id: projectId });
          if (r.status === 204) break;
          expect(r.status).toBe(200);
          out.push({ helper: h, id: r.json.id as string, taskId: r.json.task_id as string });
        }
        return out;
      })
    ).flat();
    expect(leases.length).toBeGreaterThan(HELPERS);

    // Leases end within the next second while their submits arrive within the same second, so submits
    // race both the end of their lease and the runner's expiry passes.
    const random = seededRandom(3);
    for (const l of leases) await ageLease(l.id, Math.floor(random() * 1_000));
    const outcomes = await Promise.all(
      leases.map(async (l) => {
        await sleep(Math.floor(random() * 1_000));
        const r = await post(`/v1/work/assignments/${l.id}/submit`, l.helper.token, { answer: 'neutral', seconds_spent: 2 });
        return { ...l, status: r.status, text: r.text };
      }),
    );
    expect(outcomes.filter((o) => o.status !== 200 && o.status !== 409).map((o) => `${o.status} ${o.text}`)).toEqual([]);
    const answered = outcomes.filter((o) => o.status === 200);
    console.info(`[lease expiry ${ctx.backend}] ${answered.length} of ${outcomes.length} racing submits were in time`);

    await waitFor('the runner to expire every lease that ran out', RETURN_WITHIN_MS, async () => {
      const left = await ctx.store.db.selectFrom('assignments').select('id').where('project_id', '=', projectId).where('status', '=', 'active').executeTakeFirst();
      return left ? undefined : true;
    }, 100);
    const rows = await ctx.store.db.selectFrom('assignments').select(['id', 'status']).where('project_id', '=', projectId).execute();
    const statusOf = new Map(rows.map((r) => [r.id, r.status]));
    for (const o of outcomes) expect(statusOf.get(o.id), `${o.id} answered ${o.status}`).toBe(o.status === 200 ? 'submitted' : 'expired');

    const acks: Ack[] = answered.map((o) => ({ assignmentId: o.id, taskId: o.taskId, helperId: o.helper.id, answer: 'neutral' }));
    const midway = await checkWork(ctx.store.db, projectId, acks, { finished: false });
    expect(midway.violations).toEqual([]);
    expect(midway.submissions).toBe(answered.length);

    // The returned slots go to other helpers, and the work finishes with exactly the answers it needs.
    const load = startHelpers({ projectId, workers: helperStates(helpers, 5).map((state) => ({ state, api })), deadline: Date.now() + 30_000 });
    const rest = await load.result;
    expect(rest.unexpected).toEqual([]);
    expect(rest.networkErrors, rest.firstNetworkError ?? '').toBe(0);
    const done = await checkWork(ctx.store.db, projectId, [...acks, ...rest.acks], { finished: true });
    expect(done.violations).toEqual([]);
    expect(done.submissions).toBe(HELPERS * OVERLAP);
    expect(await checkStatsAndEvents(api, projectId, done, { finished: true })).toEqual([]);
    const expired = await expiredEvents((e) => e.project_id === projectId, outcomes.length - answered.length);
    expect(expired.map((e) => e.data.assignment_id).sort()).toEqual(outcomes.filter((o) => o.status !== 200).map((o) => o.id).sort());
  });
});
