import { Minga } from '@minga/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './support/browser.ts';
import { chromiumForSuite, logInAsOwner } from './support/chromium-session.ts';

const PASSWORD = 'correct horse battery';

describe('the requester screens in Chromium', () => {
  const chromium = chromiumForSuite();

  beforeAll(async () => {
  });

  it('the owner logs in, sees progress, and accepts one reviewed task and fixes another; the API records both', async () => {
    const { minga, page } = chromium;
    const { owner, server } = minga;
    const { project } = await owner.projects.create({ name: 'Animal photos', description: 'Reviewed by the requester' });
    const review = { type: 'multi' as const, answers: ['Cat', 'Dog', 'Bird'], overlap: 1, consensus_strategy: 'requester_review' as const };
    const accepted = await owner.tasks.create({ ...review, project_id: project.id, content: 'Which animal is **first**?', priority: 90 });
    const fixed = await owner.tasks.create({ ...review, project_id: project.id, content: 'Which animal is **second**?', priority: 80 });
    const open = await owner.tasks.create({ ...review, project_id: project.id, content: 'Nobody answers this one', priority: 1 });

    // A helper answers the first two through the API, "Cat" both times.
    const invite = await owner.helpers.invite({ email: 'bo@example.com', name: 'Bo', project_ids: [project.id] });
    const session = await new Minga({ baseUrl: server.url }).auth.acceptInvite({ token: invite.invite_token, password: PASSWORD });
    const helper = new Minga({ apiKey: session.token, baseUrl: server.url });
    for (const expected of [accepted.id, fixed.id]) {
      const assignment = await helper.work.claim({ project_id: project.id });
      expect(assignment?.task?.id).toBe(expected);
      await helper.work.submit(assignment!.id, { answer: 'Cat', seconds_spent: 3 });
    }
    expect((await owner.tasks.get(accepted.id)).status).toBe('needs_review');

    await logInAsOwner(chromium);

    const card = page.getByRole('link', { name: 'Animal photos' });
    await card.waitFor();
    expect(await page.getByRole('progressbar', { name: 'Animal photos progress' }).getAttribute('value')).toBe('0');
    await page.getByText('0 of 3 completed').waitFor();
    await screenshot(page, 'requester-01-projects');
    await card.click();

    await page.getByRole('heading', { name: 'Animal photos' }).waitFor();
    await page.getByRole('table').waitFor();
    expect(await page.locator('tbody tr').count()).toBe(3);
    await page.getByLabel('Filter by status').selectOption('needs_review');
    await page.locator(`tbody tr[data-task-id="${open.id}"]`).waitFor({ state: 'detached' });
    // The table is gone while the filtered page loads; wait for the new one.
    await expect.poll(() => page.locator('tbody tr').count()).toBe(2);
    await screenshot(page, 'requester-02-project');
    await page.getByRole('link', { name: /Review queue/ }).click();

    await page.getByRole('heading', { name: 'Review queue' }).waitFor();
    const first = page.locator(`article[data-task-id="${accepted.id}"]`);
    const second = page.locator(`article[data-task-id="${fixed.id}"]`);
    await first.getByRole('region', { name: 'Submissions' }).getByText('Cat').waitFor();
    await second.getByRole('region', { name: 'Submissions' }).getByText('Bo:').waitFor();
    await screenshot(page, 'requester-03-review-queue');

    await first.getByRole('button', { name: 'Accept' }).click();
    await first.waitFor({ state: 'detached' });
    await second.getByRole('button', { name: 'Fix' }).click();
    await screenshot(page, 'requester-04-fixing');
    await second.getByRole('region', { name: 'Correct answer' }).getByRole('button', { name: 'Dog', exact: true }).click();
    await second.waitFor({ state: 'detached' });
    await page.getByText('Nothing waits for review.').waitFor();
    await screenshot(page, 'requester-05-review-done');

    const a = await owner.tasks.get(accepted.id);
    expect(a).toMatchObject({ status: 'completed', review_status: 'accepted' });
    expect(a.result?.answer).toBe('Cat');
    const f = await owner.tasks.get(fixed.id);
    expect(f).toMatchObject({ status: 'completed', review_status: 'fixed' });
    expect(f.result?.answer).toBe('Dog');

    await page.getByRole('link', { name: '← Project' }).click();
    await page.getByText('2 of 3 completed').waitFor();
  });

  it('the project page pages through its tasks with next_cursor', async () => {
    const { minga, page } = chromium;
    const { owner } = minga;
    const { project } = await owner.projects.create({ name: 'Many tasks' });
    await owner.tasks.createMany(Array.from({ length: 30 }, (_, i) => ({ project_id: project.id, type: 'yesno' as const, content: `Task ${i}`, tags: i % 10 === 0 ? ['tenth'] : [] })));
    await owner.tasks.create({ project_id: project.id, type: 'fill', content: 'Name a bird' });
    await page.goto(`${minga.server.url}/projects/${project.id}`);
    await page.getByRole('table').waitFor();
    expect(await page.locator('tbody tr').count()).toBe(25);
    const firstPage = await page.locator('tbody tr').first().getAttribute('data-task-id');
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText('Page 2').waitFor();
    await page.locator('tbody tr').nth(5).waitFor();
    expect(await page.locator('tbody tr').count()).toBe(6);
    expect(await page.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
    await screenshot(page, 'requester-06-project-page-2');
    await page.getByRole('button', { name: 'Previous page' }).click();
    await page.getByText('Page 1').waitFor();
    expect(await page.locator('tbody tr').first().getAttribute('data-task-id')).toBe(firstPage);

    // Filters by type and by tag, each starting again at page 1.
    await page.getByLabel('Filter by type').selectOption('fill');
    await page.getByText('Name a bird').waitFor();
    expect(await page.locator('tbody tr').count()).toBe(1);
    await page.getByLabel('Filter by type').selectOption('');
    await page.getByLabel('Filter by tag').fill('tenth');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('Task 10').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 3);
    expect(await page.locator('tbody tr').count()).toBe(3);
  });
});
