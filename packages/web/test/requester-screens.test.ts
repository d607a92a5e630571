import { Minga } from '@minga/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './support/browser.ts';
import { chromiumForSuite, logInAsOwner } from './support/chromium-session.ts';

const PASSWORD = 'correct horse battery';

/** Task detail, helpers, API keys, webhooks and the project charts, each driven in Chromium and checked through the API. */
describe('the remaining requester screens in Chromium', () => {
  const chromium = chromiumForSuite();
  let projectId: string;
  let helperId: string;

  beforeAll(async () => {
    const { minga, page } = chromium;
    page.on('dialog', (d) => void d.accept());

    const { owner, server } = minga;
    const { project } = await owner.projects.create({ name: 'Bird survey', description: 'Which bird is it?' });
    projectId = project.id;
    const invite = await owner.helpers.invite({ email: 'bo@example.com', name: 'Bo', project_ids: [project.id] });
    helperId = invite.helper.id;
    const helperSession = await new Minga({ baseUrl: server.url }).auth.acceptInvite({ token: invite.invite_token, password: PASSWORD });
    const helper = new Minga({ apiKey: helperSession.token, baseUrl: server.url });
    const review = { type: 'multi' as const, answers: ['Robin', 'Wren', 'Crow'], overlap: 1, consensus_strategy: 'requester_review' as const };
    await owner.tasks.create({ ...review, project_id: project.id, description: 'Garden bird', content: 'Which bird sings **loudest**?' });
    const assignment = await helper.work.claim({ project_id: project.id });
    await helper.work.submit(assignment!.id, { answer: 'Wren', seconds_spent: 7 });

    await logInAsOwner(chromium);
    await page.getByRole('link', { name: 'Bird survey' }).waitFor();
  });

  it('the project page charts answers per hour and agreement; the task page shows submissions and accepts', async () => {
    const { minga, page } = chromium;
    await page.getByRole('link', { name: 'Bird survey' }).click();
    const perHour = page.getByRole('img', { name: 'Answers per hour (last 24 hours, UTC)' });
    await perHour.waitFor();
    await page.getByRole('img', { name: 'Agreement' }).waitFor();
    expect(await perHour.locator('desc').textContent()).toMatch(/\d\d-\d\d \d\d:00: 1 \(0 completed\)/);
    await screenshot(page, 'requester-07-project-charts');

    await page.getByRole('link', { name: 'Garden bird' }).click();
    await page.getByRole('heading', { name: 'Garden bird' }).waitFor();
    const submissions = page.getByRole('region', { name: 'Submissions' });
    await submissions.getByText('Bo:').waitFor();
    await submissions.getByText('(7 s)').waitFor();
    expect(await page.getByTestId('task-status').textContent()).toBe('needs review');
    await page.getByText('Not reviewed.').waitFor();
    await screenshot(page, 'requester-08-task-detail');

    await page.getByRole('button', { name: 'Accept' }).click();
    await page.getByRole('region', { name: 'Audits' }).getByText('accepted').waitFor();
    await page.getByText('completed', { exact: true }).waitFor();
    const [task] = (await minga.owner.tasks.listPage({ project_id: projectId })).data;
    expect(task).toMatchObject({ status: 'completed', review_status: 'accepted' });
  });

  it('the helpers screen invites with a link shown once, toggles super-user and shows accuracy and speed', async () => {
    const { minga, page } = chromium;
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Helpers' }).click();
    await page.getByRole('heading', { name: 'Helpers', exact: true }).waitFor();
    await page.getByLabel('Helper email').fill('cy@example.com');
    await page.getByLabel('Helper name (optional)').fill('Cy');
    await page.getByRole('group', { name: 'Projects' }).getByLabel('Bird survey').check();
    await page.getByRole('button', { name: 'Invite' }).click();
    const link = page.getByLabel('Invite link for cy@example.com');
    await link.waitFor();
    expect(await link.inputValue()).toMatch(/\/invite\/./);
    const helpers = [];
    for await (const h of minga.owner.helpers.list()) helpers.push(h);
    const cy = helpers.find((h) => h.email === 'cy@example.com');
    expect(cy).toMatchObject({ name: 'Cy', status: 'invited', projects: [{ project_id: projectId }] });

    // Saved at once; the box shows the helper as the API returns it.
    await page.getByLabel('Bo is a super user').click();
    await expect.poll(async () => (await minga.owner.helpers.get(helperId)).super_user).toBe(true);
    await expect.poll(() => page.getByLabel('Bo is a super user').isChecked()).toBe(true);
    const stats = page.locator(`table:has(caption:text("Accuracy and speed")) tr[data-helper-id="${helperId}"]`);
    await stats.getByText('7.0').waitFor();
    await screenshot(page, 'requester-09-helpers');

    await page.getByRole('button', { name: 'Remove Cy' }).click();
    await page.getByRole('button', { name: 'Remove Cy' }).waitFor({ state: 'detached' });
    await expect.poll(async () => minga.owner.helpers.get(cy!.id).then(() => 'there', () => 'gone')).toBe('gone');
  });

  it('the API keys screen creates a key (secret shown once), lists it by prefix and revokes it', async () => {
    const { minga, page } = chromium;
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByLabel('Key name').fill('ci-key');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = page.getByLabel('Secret of ci-key');
    await secret.waitFor();
    const value = await secret.inputValue();
    const keys = (await minga.owner.apiKeys.listPage({ limit: 100 })).data;
    const made = keys.find((k) => k.name === 'ci-key');
    expect(made).toBeDefined();
    expect(value.startsWith(made!.prefix)).toBe(true);
    await page.getByText(`${made!.prefix}…`).waitFor();
    await screenshot(page, 'requester-10-api-keys');

    await page.getByRole('button', { name: `Revoke ${made!.prefix}` }).click();
    await page.getByRole('button', { name: `Revoke ${made!.prefix}` }).waitFor({ state: 'detached' });
    expect((await minga.owner.apiKeys.listPage({ limit: 100 })).data.find((k) => k.id === made!.id)?.revoked_at).not.toBeNull();
  });

  it('the webhooks screen adds an endpoint (secret shown once), disables it, and lists deliveries with Replay', async () => {
    const { minga, page } = chromium;
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByLabel('Endpoint URL').fill('https://example.com/minga-hook');
    await page.getByLabel(/^Events/).fill('task.*');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByLabel('Signing secret for https://example.com/minga-hook').waitFor();
    const [endpoint] = (await minga.owner.webhookEndpoints.listPage()).data;
    expect(endpoint).toMatchObject({ url: 'https://example.com/minga-hook', events: ['task.*'], status: 'enabled' });

    // An event for it: a new task; the delivery log lists it after a reload.
    await minga.owner.tasks.create({ project_id: projectId, type: 'yesno', content: 'Is it a robin?' });
    await expect.poll(async () => (await minga.owner.webhookDeliveries.listPage()).data.length, { timeout: 10_000 }).toBeGreaterThan(0);
    await page.reload();
    const replay = page.getByRole('button', { name: /^Replay task\.created/ }).first();
    await replay.waitFor();
    await screenshot(page, 'requester-11-webhooks');
    const deliveryId = await page.locator('tr[data-delivery-id]').first().getAttribute('data-delivery-id');
    await replay.click();
    // The API logs an attempt the replay asked for.
    await expect
      .poll(async () => (await minga.owner.webhookDeliveries.get(deliveryId!)).attempt_log?.some((a) => a.trigger === 'replay'), { timeout: 10_000 })
      .toBe(true);
    expect(await page.getByRole('alert').count()).toBe(0);

    await page.getByRole('button', { name: 'Disable https://example.com/minga-hook' }).click();
    await page.getByRole('button', { name: 'Enable https://example.com/minga-hook' }).waitFor();
    expect((await minga.owner.webhookEndpoints.get(endpoint!.id)).status).toBe('disabled');

    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'requester-12-webhooks-phone');
    await page.setViewportSize({ width: 1100, height: 800 });
  });
});
