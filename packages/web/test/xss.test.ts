import { beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './support/browser.ts';
import { chromiumForSuite } from './support/chromium-session.ts';

// Each payload would set window.__xss (or the top window's, from inside a frame) if any script ran.
const SET = 'top.__xss=true';
const MARKDOWN = [
  'Pick one.',
  `<script>${SET}</script>`,
  `<img src=x onerror="${SET}">`,
  `<svg><script>${SET}</script></svg>`,
  `<svg onload="${SET}"><animate onbegin="${SET}" attributeName="x" dur="1s"/></svg>`,
  `[a markdown link](javascript:${SET})`,
  `<a href="javascript:${SET}">an html link</a>`,
  `<a href="jAvAsCrIpT&colon;${SET}">an encoded link</a>`,
  `<iframe srcdoc="<script>${SET}</script>"></iframe>`,
  `<math><mtext><table><mglyph><style><img src=x onerror="${SET}">`,
  `<details open ontoggle="${SET}">details</details>`,
  `<object data="javascript:${SET}"></object>`,
].join('\n\n');
const FORM = `<script>${SET}</script><img src=x onerror="${SET}"><svg onload="${SET}"></svg>
<form><label>Why <input name="why" autofocus onfocus="${SET}"></label></form>`;
const LABELS = [`<img src=x onerror="${SET}">`, `<script>${SET}</script>`, `<svg onload="${SET}"></svg>`];

describe('requester content in the helper screen', () => {
  // The server's CSP (no inline script) would stop most payloads by itself; bypassing it here tests what
  // the app does on its own: sanitised markdown, text-only labels and the iframe sandbox.
  const chromium = chromiumForSuite({ bypassCSP: true });
  let dialogs = 0;

  beforeAll(async () => {
    const { page } = chromium;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
  });

  /** Lets failed image loads and other async handlers run, then reads the flag in the app's page. */
  async function noScriptRan(): Promise<void> {
    const { page } = chromium;
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(await page.locator('a[href^="javascript:" i], script:not([src]), [onerror], [onload]').count()).toBe(0);
    expect(dialogs).toBe(0);
  }

  it('runs no script from markdown, choice labels, input text or form HTML', async () => {
    const { minga, page } = chromium;
    const { owner } = minga;
    const { project } = await owner.projects.create({ name: 'XSS corpus' });
    const create = (task: Parameters<typeof owner.tasks.create>[0]) => owner.tasks.create(task);
    const multi = await create({ project_id: project.id, type: 'multi', content: MARKDOWN, answers: LABELS, priority: 90 });
    const form = await create({ project_id: project.id, type: 'form', format: 'html', content: FORM, priority: 80 });
    const text = await create({ project_id: project.id, type: 'label_text', input: { text: MARKDOWN, categories: LABELS, question: `<img src=x onerror="${SET}">` }, priority: 70 });
    const site = await create({ project_id: project.id, type: 'categorization', input: { attachment_type: 'website', attachment: `javascript:${SET}`, categories: LABELS }, priority: 60 });
    const invite = await owner.helpers.invite({ email: 'eve@example.com', project_ids: [project.id] });

    await page.goto(invite.invite_url);
    await page.getByLabel('New password').fill('correct horse battery');
    await page.getByLabel('Repeat the password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Accept the invitation' }).click();
    await page.getByRole('link', { name: /XSS corpus/ }).click();

    await page.locator(`article[data-task-id="${multi.id}"]`).waitFor();
    await noScriptRan();
    // The labels are shown as the text the requester wrote, not as markup.
    await page.getByRole('button', { name: LABELS[1], exact: true }).waitFor();
    // Sanitised, the links have no href left: clicking them goes nowhere.
    await page.getByText('a markdown link').click();
    await noScriptRan();
    await screenshot(page, '10-xss-markdown');
    await page.keyboard.press('1');

    await page.locator(`article[data-task-id="${form.id}"]`).waitFor();
    await noScriptRan();
    expect(await page.locator('iframe.sandboxed').getAttribute('sandbox')).toBe('');
    await screenshot(page, '11-xss-form');
    await page.getByLabel('Why').fill('because');
    await page.getByRole('button', { name: /Submit/ }).click();

    await page.locator(`article[data-task-id="${text.id}"]`).waitFor();
    await noScriptRan();
    await page.keyboard.press('2');

    await page.locator(`article[data-task-id="${site.id}"]`).waitFor();
    await noScriptRan();
    await page.getByText('Open the website to categorise').click();
    await noScriptRan();
    await page.keyboard.press('3');
    await page.getByRole('heading', { name: 'No more tasks here for now' }).waitFor();

    expect((await owner.tasks.get(multi.id)).submissions?.map((s) => s.answer)).toEqual([LABELS[0]]);
    expect((await owner.tasks.get(form.id)).submissions?.map((s) => s.answer)).toEqual([{ why: 'because' }]);
    expect((await owner.tasks.get(text.id)).submissions?.map((s) => s.answer)).toEqual([LABELS[1]]);
    expect((await owner.tasks.get(site.id)).submissions?.map((s) => s.answer)).toEqual([LABELS[2]]);

    // The probe itself works: the same payload put into the page unsanitised does set the flag.
    await page.evaluate((html) => document.body.insertAdjacentHTML('beforeend', html), LABELS[0] as string);
    await expect.poll(() => page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBe(true);
  });
});
