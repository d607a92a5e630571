import { expect, it } from 'vitest';
import { describeEachStore } from './support/stores.ts';
import { openTestApp, type TestApp } from './support/test-app.ts';
import { beforeAll } from 'vitest';

describeEachStore('app smoke', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(ctx.store);
  });
  it('creates a project and a task and reads it back', async () => {
    const project = await t.newProject(t.adminKey);
    const created = await t.call('POST', '/v1/tasks', { body: { project_id: project.id, type: 'yesno', content: 'Is the sky blue?' } });
    expect(created.status).toBe(201);
    const read = await t.call('GET', `/v1/tasks/${created.json.id}`);
    expect(read.status).toBe(200);
    expect(read.json.content).toBe('Is the sky blue?');
    expect(read.json.submissions).toEqual([]);
  });
});
