import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import { killAllServerProcesses, startServerProcess } from '../support/server-process.ts';
import { createTestDataDir, describeEachStore } from '../support/stores.ts';
import { openTestApp } from '../support/test-app.ts';
import { httpWorkApi, must, type WorkApi } from './support/work-api.ts';
import { checkWork } from './support/work-invariants.ts';
import { createWorkProject, inviteHelpers, type Ack } from './support/work-load.ts';
import { runWorkScenario } from './support/work-scenario.ts';

/**
 * SPEC §2.2 under load: many helpers claim and submit at once over one project, and afterwards every task
 * is decided exactly once from exactly the answers it needed, no helper answered a task twice, and no
 * acknowledged answer is missing. PostgreSQL runs behind a real server process (its pool, its background
 * runner); SQLite runs in-process, where its one connection serialises the writes anyway.
 */
// The full size runs on PostgreSQL; SQLite proves the same rules at half the size to keep the file's run
// time down (each invite costs two scrypt hashes).
const SIZE = { postgres: { helpers: 200, tasks: 2_000 }, sqlite: { helpers: 100, tasks: 1_000 } } as const;
const TEST_TIMEOUT_MS = 240_000;

describeEachStore('work under concurrent helpers', (ctx) => {
  const { helpers, tasks } = SIZE[ctx.backend];
  // Registered after the store's own afterAll, so it runs first: the server dies before its store goes.
  afterAll(async () => {
    await killAllServerProcesses();
  });
  let api: WorkApi;
  beforeAll(async () => {
    if (ctx.backend === 'postgres') {
      const server = await startServerProcess({ dataDir: ctx.current.dataDir, databaseUrl: ctx.current.url });
      api = httpWorkApi(server.url, server.apiKey as string);
    } else {
      api = await openTestApp(ctx.store);
    }
  });

  it(`${helpers} helpers claim and submit at once over ${tasks} tasks with overlap 3: nothing lost, nothing doubled`, async () => {
    const summary = await runWorkScenario({ apis: [api], db: ctx.store.db, helpers, tasks, overlap: 3, seed: 7, loadMs: 200_000 });
    console.info(`[concurrency ${ctx.backend}] ${JSON.stringify(summary)}`);
  }, TEST_TIMEOUT_MS);

  it('a helper claiming and submitting many times at once gets each task once and each answer counted once', async () => {
    const TASKS = 30;
    const { projectId } = await createWorkProject(api, TASKS, 3);
    const [helper] = await inviteHelpers(api, projectId, 1);
    if (!helper) throw new Error('one helper expected');
    const post = (path: string, body: unknown) => api.call('POST', path, { token: helper.token, body });

    // Five bursts of twenty claims, as from a helper with many tabs open.
    const claims = [];
    for (let burst = 0; burst < 5; burst++) claims.push(...(await Promise.all(Array.from({ length: 20 }, () => post('/v1/work/claim', { project_id: projectId })))));
    expect(claims.filter((r) => r.status !== 200 && r.status !== 204).map((r) => `${r.status} ${r.text}`)).toEqual([]);
    const leases = claims.filter((r) => r.status === 200).map((r) => r.json);
    expect(leases).toHaveLength(TASKS);
    expect(new Set(leases.map((l) => l.task_id)).size).toBe(TASKS);

    // Each lease submitted three times at once: one answer counts, the other two are refused.
    const acks: Ack[] = [];
    await Promise.all(
      leases.map(async (l) => {
        const tries = await Promise.all([0, 1, 2].map(() => post(`/v1/work/assignments/${l.id}/submit`, { answer: 'positive', seconds_spent: 2 })));
        expect(tries.map((r) => r.status).sort()).toEqual([200, 409, 409]);
        acks.push({ assignmentId: l.id, taskId: l.task_id, helperId: helper.id, answer: 'positive' });
      }),
    );
    const work = await checkWork(ctx.store.db, projectId, acks, { finished: false });
    expect(work.violations).toEqual([]);
    expect(work.submissions).toBe(TASKS);
  });

  it('answers racing past an early decision are kept but not counted, the same on every backend', async () => {
    // unanimous stops at the first disagreement: of three answers sent at once, the first two decide the
    // task (needs_review) and the third arrives after the decision.
    const TASKS = 20;
    const project = await must(api, 'POST', '/v1/projects', { body: { name: 'Early decisions', quality: { control_rate: 0 } } });
    const projectId = project.json.project.id as string;
    const items = Array.from({ length: TASKS }, (_, i) => ({
      project_id: projectId,
      type: 'label_text',
      input: { text: `Review ${i}`, categories: ['positive', 'negative', 'neutral'] },
      overlap: 3,
      consensus_strategy: 'unanimous',
    }));
    await must(api, 'POST', '/v1/tasks', { body: items });
    const helpers = await inviteHelpers(api, projectId, 3);
    for (let i = 0; i < TASKS; i++) {
      const leases = [];
      for (const h of helpers) leases.push({ h, lease: (await must(api, 'POST', '/v1/work/claim', { token: h.token, body: { project_id: projectId } })).json });
      expect(new Set(leases.map((l) => l.lease.task_id)).size).toBe(1);
      const answers = ['positive', 'negative', 'neutral'];
      const replies = await Promise.all(leases.map(({ h, lease }, k) => api.call('POST', `/v1/work/assignments/${lease.id}/submit`, { token: h.token, body: { answer: answers[k], seconds_spent: 2 } })));
      expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
      const task = (await must(api, 'GET', `/v1/tasks/${leases[0]?.lease.task_id}`)).json;
      expect(task.status).toBe('needs_review');
      expect(task.submissions).toHaveLength(3);
      expect(task.answer_count, 'only the answers in before the decision count').toBe(2);
    }
    const stats = (await must(api, 'GET', `/v1/projects/${projectId}/stats`)).json;
    expect(stats.tasks.needs_review).toBe(TASKS);
    expect(stats.answers).toBe(TASKS * 3);
  });
});

/**
 * The same on SQLite behind a real server process serving HTTP on two threads: each thread writes through
 * its own connection to the one file, taking turns by the process's write lock.
 */
describe('work under concurrent helpers, SQLite served by two threads', () => {
  const dataDir = createTestDataDir('concurrency-threads');
  let store: Store | undefined;
  afterAll(async () => {
    await killAllServerProcesses();
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`${SIZE.sqlite.helpers} helpers claim and submit at once over ${SIZE.sqlite.tasks} tasks with overlap 3: nothing lost, nothing doubled`, async () => {
    const server = await startServerProcess({ dataDir, env: { MINGA_THREADS: '2' } });
    store = await openStore({ dataDir });
    const api = httpWorkApi(server.url, server.apiKey as string);
    const summary = await runWorkScenario({ apis: [api], db: store.db, ...SIZE.sqlite, overlap: 3, seed: 11, loadMs: 200_000 });
    console.info(`[concurrency sqlite, two threads] ${JSON.stringify(summary)}`);
  }, TEST_TIMEOUT_MS);
});
