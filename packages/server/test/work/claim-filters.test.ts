import { beforeAll, describe, expect, it } from 'vitest';
import { claim, newHelper } from '../support/helpers.ts';
import { describeEachStore } from '../support/stores.ts';
import { openTestApp, type TestApp } from '../support/test-app.ts';

/**
 * Who may claim what (SPEC §3.3): a task's `min_skill_level` against the helper's level in the project,
 * `reserved_for` and `unavailable_for`, the helper's permission and ban, a closed project. Each case runs
 * with `project_id` in the claim and without it: on PostgreSQL the first is one statement that reads the
 * permission and computes the level in SQL, the second reads the permitted projects first, as SQLite does.
 */
describeEachStore('claim filters', (ctx) => {
  let t: TestApp;
  let ownerToken: string;
  beforeAll(async () => {
    t = await openTestApp(ctx.store);
    ownerToken = await t.adminSession();
  });

  const newProject = async () => (await t.newProject(t.adminKey, { quality: { control_rate: 0 } })).id as string;
  const post = async (projectId: string, extra: Record<string, unknown>) => {
    const r = await t.call('POST', '/v1/tasks', { body: { project_id: projectId, type: 'yesno', content: 'Is it?', overlap: 10, ...extra } });
    expect(r.status, r.text).toBe(201);
    return r.json.id as string;
  };
  /** The helper's measured accuracy on control tasks in the project, as `control_score` of `control_answers`. */
  const setSkill = (helperId: string, projectId: string, controlAnswers: number, controlScore: number) =>
    ctx.store.db
      .insertInto('skills')
      .values({ helper_id: helperId, project_id: projectId, answers: controlAnswers, seconds: 0, control_answers: controlAnswers, control_score: controlScore, fast_answers: 0 })
      .execute();

  describe.each([
    ['in the named project', true],
    ['in any permitted project', false],
  ])('claiming %s', (_, named) => {
    const claimIn = (token: string, projectId: string) => claim(t, token, named ? projectId : undefined);

    it('hands each helper only tasks at or below their level: 1 below 60% on control tasks, then one per 10%', async () => {
      const projectId = await newProject();
      const byLevel = new Map<number, string>();
      // The higher the level a task asks for, the higher its priority: a helper gets the most demanding task allowed.
      for (const level of [1, 2, 3, 4, 5]) byLevel.set(level, await post(projectId, { min_skill_level: level, priority: level }));
      const cases: [controlAnswers: number, controlScore: number, level: number][] = [
        [0, 0, 1],
        [10, 5.9, 1],
        [10, 6, 2],
        [10, 6.9, 2],
        [10, 7, 3],
        [10, 8, 4],
        [10, 9, 5],
        [10, 10, 5],
      ];
      for (const [answers, score, level] of cases) {
        const helper = await newHelper(t, [projectId]);
        if (answers > 0) await setSkill(helper.id, projectId, answers, score);
        const lease = await claimIn(helper.token, projectId);
        expect(lease?.task_id, `${score}/${answers} right: level ${level}`).toBe(byLevel.get(level));
      }
    });

    it('keeps a reserved task for its helpers and an excluded helper away from a task', async () => {
      const projectId = await newProject();
      const [ana, bo] = [await newHelper(t, [projectId]), await newHelper(t, [projectId])];
      const reserved = await post(projectId, { reserved_for: [ana.id], priority: 3 });
      const notForAna = await post(projectId, { unavailable_for: [ana.id], priority: 2 });
      const plain = await post(projectId, { priority: 1 });
      expect((await claimIn(ana.token, projectId))?.task_id).toBe(reserved);
      expect((await claimIn(ana.token, projectId))?.task_id).toBe(plain);
      expect(await claimIn(ana.token, projectId)).toBeNull();
      expect((await claimIn(bo.token, projectId))?.task_id).toBe(notForAna);
      expect((await claimIn(bo.token, projectId))?.task_id).toBe(plain);
      expect(await claimIn(bo.token, projectId)).toBeNull();
    });

    it('gives nothing from a project the helper was banned from or is not in, nor from a closed one', async () => {
      const [banned, other, closed] = [await newProject(), await newProject(), await newProject()];
      for (const projectId of [banned, other, closed]) await post(projectId, {});
      const helper = await newHelper(t, [banned, closed]);
      await ctx.store.db.updateTable('helper_projects').set({ banned_at: new Date().toISOString(), ban_reason: 'too fast' }).where('user_id', '=', helper.id).where('project_id', '=', banned).execute();
      expect((await t.call('POST', `/v1/projects/${closed}/close`)).status).toBe(200);
      if (named) {
        const refused = await t.call('POST', '/v1/work/claim', { token: helper.token, body: { project_id: banned } });
        expect([refused.status, refused.json.error?.message]).toEqual([403, 'you may no longer work on this project: too fast']);
        expect((await t.call('POST', '/v1/work/claim', { token: helper.token, body: { project_id: other } })).status).toBe(404);
        expect((await t.call('POST', '/v1/work/claim', { token: helper.token, body: { project_id: closed } })).status).toBe(204);
        // The owner works on any open project of the account, with no permission of its own.
        expect((await claim(t, ownerToken, other))?.project_id).toBe(other);
      } else {
        expect(await claim(t, helper.token)).toBeNull();
      }
    });
  });
});
