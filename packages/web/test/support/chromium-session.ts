import { afterAll, beforeAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { startMinga, type RunningMinga } from './minga-server.ts';

/** A real Minga server and a Chromium page, what every browser test starts from. */
export interface ChromiumSession {
  minga: RunningMinga;
  browser: Browser;
  page: Page;
}

/**
 * Starts the server and Chromium side by side and opens a 1100×800 page with a 10 s default timeout.
 * `bypassCSP` turns off the server's Content-Security-Policy in the page, for tests of the app's own defences.
 */
export async function startChromiumSession(options: { bypassCSP?: boolean } = {}): Promise<ChromiumSession> {
  const [minga, browser] = await Promise.all([startMinga(), launchChromium()]);
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 }, ...(options.bypassCSP ? { bypassCSP: true } : {}) });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return { minga, browser, page };
}

/** Closes what startChromiumSession opened; safe when it never finished starting. */
export async function stopChromiumSession(session: ChromiumSession | undefined): Promise<void> {
  await session?.browser.close();
  await session?.minga.stop();
}

/**
 * Starts a session before the suite's tests and closes it after them. The returned object is filled in when
 * the session has started: read it inside hooks and tests.
 */
export function chromiumForSuite(options: { bypassCSP?: boolean } = {}): ChromiumSession {
  const suite = {} as ChromiumSession;
  let session: ChromiumSession | undefined;
  beforeAll(async () => {
    session = await startChromiumSession(options);
    Object.assign(suite, session);
  });
  afterAll(() => stopChromiumSession(session));
  return suite;
}

/** Opens the app and logs in as the owner the server printed at its first start. */
export async function logInAsOwner({ minga, page }: Pick<ChromiumSession, 'minga' | 'page'>): Promise<void> {
  const login = minga.server.ownerLogin;
  if (!login) throw new Error('the server printed no owner login');
  const space = login.indexOf(' ');
  await page.goto(`${minga.server.url}/`);
  await page.getByLabel('Email').fill(login.slice(0, space));
  await page.getByLabel('Password').fill(login.slice(space + 1));
  await page.getByRole('button', { name: 'Log in' }).click();
}
