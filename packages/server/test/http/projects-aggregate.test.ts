import { AGGREGATION_METHODS } from '@minga/api-contracts';
import { beforeAll, expect, it } from 'vitest';
import { claim, newHelper, submit } from '../support/helpers.ts';
import { describeEachStore } from '../support/stores.ts';
import { openTestApp, type TestApp } from '../support/test-app.ts';

const CATEGORIES = ['positive', 'negative', 'neutral'];
const TRUTH = ['positive', 'neutral', 'positive', 'negative', 'neutral', 'positive'];

describeEachStore('POST /v1/projects/{id}/aggregate', (ctx) => {
  let t: TestApp;
  let project: { id: string; key: string };
  let truthOf: Map<string, string>;
  let helpers: { id: string; token: string }[];

  // Six tasks, three answers each: two careful helpers always give the truth, a careless one always says
  // "negative" (right once). Answered through the real work loop, so what is aggregated is what was stored.
  beforeAll(async () => {
    t = await openTestApp(ctx.store);
    project = await t.newProject(t.adminKey, { quality: { control_rate: 0 }, defaults: { consensus_strategy: 'requester_review' } });
    const created = await t.call('POST', '/v1/tasks', {
      body: TRUTH.map((_, i) => ({ project_id: project.id, type: 'label_text', input: { text: `review ${i}`, categories: CATEGORIES }, overlap: 3 })),
    });
    expect(created.status).toBe(201);
    truthOf = new Map(TRUTH.map((label, i) => [created.json.items[String(i)].id as string, label]));
    helpers = await Promise.all([0, 1, 2].map(() => newHelper(t, [project.id])));
    for (const [h, helper] of helpers.entries()) {
      for (;;) {
        const a = await claim(t, helper.token, project.id);
        if (!a) break;
        const answer = h === 2 ? 'negative' : truthOf.get(a.task_id);
        expect((await submit(t, helper.token, a.id, answer)).status).toBe(200);
      }
    }
  });

  it.each(AGGREGATION_METHODS)('%s recovers every task’s truth and rates the careless helper lowest', async (method) => {
    const r = await t.call('POST', `/v1/projects/${project.id}/aggregate`, { body: { method, seed: 1 } });
    expect(r.status).toBe(200);
    expect(r.json.method).toBe(method);
    expect(r.json.answers).toBe(18);
    const byTask = new Map((r.json.tasks as { task_id: string; answer: string; confidence: number }[]).map((x) => [x.task_id, x]));
    expect([...byTask.keys()].sort()).toEqual([...truthOf.keys()].sort());
    for (const [taskId, truth] of truthOf) {
      expect(byTask.get(taskId)?.answer).toBe(truth);
      expect(byTask.get(taskId)?.confidence).toBeGreaterThan(0.3);
      expect(byTask.get(taskId)?.confidence).toBeLessThanOrEqual(1);
    }
    const quality = new Map((r.json.helpers as { helper_id: string; quality: number }[]).map((x) => [x.helper_id, x.quality]));
    expect(quality.size).toBe(3);
    // `weighted` reports the control-task accuracy it weighed by: none here, so all three are a coin's worth.
    if (method === 'weighted') expect([...quality.values()]).toEqual([0.5, 0.5, 0.5]);
    else for (const careful of helpers.slice(0, 2)) expect(quality.get(careful.id)).toBeGreaterThan(quality.get(helpers[2]!.id) as number);
  });

  it('defaults to Dawid-Skene and is deterministic', async () => {
    const first = await t.call('POST', `/v1/projects/${project.id}/aggregate`, { body: {} });
    const again = await t.call('POST', `/v1/projects/${project.id}/aggregate`, { body: { method: 'dawid_skene' } });
    expect(first.json.method).toBe('dawid_skene');
    expect(again.json).toEqual(first.json);
  });

  it('leaves out forms and test-mode tasks; an empty project aggregates to nothing', async () => {
    const other = await t.newProject(t.adminKey, { quality: { control_rate: 0 } });
    const form = await t.call('POST', '/v1/tasks', { body: { project_id: other.id, type: 'form', content: '<p>Fill in a</p>', input: { fields: [{ name: 'a' }] }, overlap: 1 } });
    expect(form.status, form.text).toBe(201);
    const helper = await newHelper(t, [other.id]);
    const a = await claim(t, helper.token, other.id);
    expect((await submit(t, helper.token, a.id, { a: 'x' })).status).toBe(200);
    const r = await t.call('POST', `/v1/projects/${other.id}/aggregate`, { body: { method: 'majority_vote' } });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ method: 'majority_vote', answers: 0, tasks: [], helpers: [], iterations: 0, converged: true, skills_updated: 0 });

    // A test key sees the test namespace only: the live answers are not its business.
    const testKey = await t.call('POST', '/v1/api-keys', { body: { mode: 'test', name: 'sandbox' } });
    const sandbox = await t.call('POST', `/v1/projects/${project.id}/aggregate`, { token: testKey.json.secret, body: {} });
    expect(sandbox.status).toBe(200);
    expect(sandbox.json.answers).toBe(0);
  });

  it('update_skills stores the estimates, and consensus then weighs helpers without control answers by them', async () => {
    const dynamicTask = async (priority = 10) => {
      const r = await t.call('POST', '/v1/tasks', {
        body: { project_id: project.id, type: 'label_text', input: { text: 'one more', categories: CATEGORIES }, consensus_strategy: 'dynamic', overlap: 1, max_overlap: 3, min_confidence: 0.9, priority },
      });
      expect(r.status).toBe(201);
      return r.json.id as string;
    };
    const answerAs = async (helper: { token: string }, taskId: string, answer: string) => {
      const a = await claim(t, helper.token, project.id);
      expect(a.task_id).toBe(taskId);
      expect((await submit(t, helper.token, a.id, answer)).status).toBe(200);
      return (await t.call('GET', `/v1/tasks/${taskId}`)).json;
    };
    const [careful, , careless] = helpers as [{ id: string; token: string }, unknown, { id: string; token: string }];

    // Unmeasured, one answer weighs as the default 0.7: not enough for 0.9, the task asks for more.
    const before = await answerAs(careful, await dynamicTask(), 'positive');
    expect(before.status).toBe('in_progress');

    const estimated = await t.call('POST', `/v1/projects/${project.id}/aggregate`, { body: { method: 'dawid_skene', update_skills: true } });
    expect(estimated.status).toBe(200);
    expect(estimated.json.skills_updated).toBe(3);

    // Estimated near-perfect, the careful helper's single answer now settles a task; the careless one's does not.
    const trusted = await answerAs(careful, await dynamicTask(), 'positive');
    expect(trusted.status).toBe('completed');
    expect(trusted.result.confidence).toBeGreaterThanOrEqual(0.9);
    const doubted = await answerAs(careless, await dynamicTask(20), 'negative');
    expect(doubted.status).toBe('in_progress');

    const weighted = await t.call('POST', `/v1/projects/${project.id}/aggregate`, { body: { method: 'weighted', update_skills: true } });
    expect(weighted.status).toBe(400);
    expect(JSON.stringify(weighted.json.error)).toContain('update_skills');
  });

  it('refuses an unknown method or option with the field named, and a project it cannot see with 404', async () => {
    const bad = await t.call('POST', `/v1/projects/${project.id}/aggregate`, { body: { method: 'median' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json.error)).toContain('method');
    const extra = await t.call('POST', `/v1/projects/${project.id}/aggregate`, { body: { method: 'glad', iterations: 5 } });
    expect(extra.status).toBe(400);
    expect(JSON.stringify(extra.json.error)).toContain('iterations');
    const other = await t.newAccount();
    expect((await t.call('POST', `/v1/projects/${project.id}/aggregate`, { token: other.apiKey, body: {} })).status).toBe(404);
  });
});
