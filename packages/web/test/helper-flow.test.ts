import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot } from './support/browser.ts';
import { chromiumForSuite } from './support/chromium-session.ts';
import { everyType } from './support/every-type.ts';

const PASSWORD = 'correct horse battery';

/** Waits until the work screen shows the given task. */
async function shows(page: Page, taskId: string): Promise<void> {
  await page.locator(`article.task[data-task-id="${taskId}"]`).waitFor({ timeout: 10_000 });
}

describe('the helper screens in Chromium', () => {
  const chromium = chromiumForSuite();

  it('an invited helper answers one task of every type, by mouse and by keyboard, and the API records those answers', async () => {
    const { minga, page } = chromium;
    const { owner, server } = minga;
    const { project } = await owner.projects.create({ name: 'Every type', description: 'One task of each of the 13 types' });
    const cases = everyType(server.url);
    // Claims serve the highest priority first, so the tasks come in this order; the first one is skipped.
    const skipped = await owner.tasks.create({ project_id: project.id, type: 'yesno', content: 'Skip me', priority: 100 });
    const tasks = [];
    for (const [i, c] of cases.entries()) tasks.push(await owner.tasks.create({ ...c.task, project_id: project.id, priority: 99 - i }));
    const invite = await owner.helpers.invite({ email: 'ana@example.com', name: 'Ana', project_ids: [project.id] });

    await page.goto(invite.invite_url);
    await screenshot(page, '01-accept-invite');
    await page.getByLabel('New password').fill(PASSWORD);
    await page.getByLabel('Repeat the password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Accept the invitation' }).click();

    await page.getByRole('link', { name: /Every type/ }).waitFor();
    await screenshot(page, '02-projects');
    await page.getByRole('link', { name: /Every type/ }).click();

    await shows(page, skipped.id);
    expect(await page.getByRole('timer').textContent()).toMatch(/^\d+:\d\d left$/);
    await page.keyboard.press('s');
    for (const [i, c] of cases.entries()) {
      const task = tasks[i]!;
      await shows(page, task.id);
      await screenshot(page, `03-task-${String(i + 1).padStart(2, '0')}-${c.name}`);
      await c.act(page);
    }
    await page.getByRole('heading', { name: 'No more tasks here for now' }).waitFor();
    await page.getByRole('region', { name: 'Your stats' }).getByText(String(cases.length), { exact: true }).first().waitFor();
    await screenshot(page, '04-no-more-tasks');

    for (const [i, c] of cases.entries()) {
      const stored = await owner.tasks.get(tasks[i]!.id);
      expect(stored.submissions?.map((s) => s.answer), c.name).toEqual([c.expected]);
      expect(stored.submissions?.[0]?.seconds_spent, c.name).toBeGreaterThanOrEqual(0);
    }
    expect((await owner.tasks.get(skipped.id)).submissions).toEqual([]);
  });

  it('the helper logs out and in again with email and password, and sees their stats', async () => {
    const { page } = chromium;
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByLabel('Email').fill('ana@example.com');
    await page.getByLabel('Password').fill(PASSWORD);
    await screenshot(page, '05-login');
    await page.getByRole('button', { name: 'Log in' }).click();
    const stats = page.getByRole('region', { name: 'Your stats' });
    await stats.waitFor();
    await stats.getByText('Answers today').waitFor();
    expect(await stats.locator('dd').allTextContents()).toContain('13');
    await screenshot(page, '06-projects-with-stats');
    await page.setViewportSize({ width: 390, height: 800 });
    await screenshot(page, '07-projects-phone');
    await page.setViewportSize({ width: 1100, height: 800 });
  });
});
