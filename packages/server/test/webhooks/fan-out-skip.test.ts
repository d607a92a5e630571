import { expect, it } from 'vitest';
import { fanOutEvents } from '../../src/core/webhooks/fan-out-events.ts';
import { DEFAULT_WEBHOOK_SETTINGS } from '../../src/core/webhooks/webhook-settings.ts';
import { describeEachStore } from '../support/stores.ts';
import { openTestApp } from '../support/test-app.ts';

// A store without endpoints or callbacks: the fan-out passes the whole backlog in one step, and deliveries
// start with the first event that has a target.
describeEachStore('webhook fan-out without targets', (ctx) => {
  it('moves past a backlog with no target at once, then delivers what has one', async () => {
    const t = await openTestApp(ctx.store);
    const project = await t.newProject(t.adminKey, { defaults: { type: 'yesno' } });
    const batch = Array.from({ length: 2_500 }, (_, i) => ({ project_id: project.id, content: `q${i}` }));
    expect((await t.call('POST', '/v1/tasks', { body: batch })).status).toBe(201);

    let steps = 0;
    for (;;) {
      const r = await fanOutEvents(ctx.store, DEFAULT_WEBHOOK_SETTINGS);
      if (r.events === 0) break;
      expect(r.deliveries).toBe(0);
      steps++;
    }
    // 2,500 events without a target would take three reads of 1,000; skipping takes one step (PostgreSQL may
    // need a second while older transactions of the cluster finish).
    expect(steps).toBeLessThanOrEqual(2);

    const withCallback = await t.call('POST', '/v1/tasks', { body: { project_id: project.id, content: 'called back?', callback_url: 'https://example.com/hook' } });
    expect(withCallback.status).toBe(201);
    await t.fanOutWebhooks(async () => (await ctx.store.db.selectFrom('webhook_deliveries').select('task_id').execute()).length > 0);
    const deliveries = await ctx.store.db.selectFrom('webhook_deliveries').select(['task_id', 'event_type', 'url']).execute();
    expect(deliveries).toEqual([{ task_id: withCallback.json.id, event_type: 'task.created', url: 'https://example.com/hook' }]);
  });
});
