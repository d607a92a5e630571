import pino from 'pino';
import { DEFAULT_WEBHOOK_SETTINGS, type WebhookSettings } from '../../../src/core/webhooks/webhook-settings.ts';
import type { Store } from '../../../src/store/store.ts';
import { addressPolicy } from '../../../src/webhooks/address-policy.ts';
import { createWebhookSender, type Resolve } from '../../../src/webhooks/send-webhook.ts';
import { startDeliverer, type Deliverer } from '../../../src/webhooks/start-deliverer.ts';
import { openTestApp, type TestApp } from '../../support/test-app.ts';

/** Short timings, so that retries happen within a test. */
export const FAST: WebhookSettings = {
  ...DEFAULT_WEBHOOK_SETTINGS,
  timeoutMs: 1_000,
  retryBaseMs: 150,
  retryMaxMs: 1_000,
  retryWindowMs: 60_000,
  concurrencyPerTarget: 4,
};

export interface Harness {
  t: TestApp;
  deliverer: Deliverer;
  settings: WebhookSettings;
  close(): Promise<void>;
}

/** The real app and a real deliverer (as a server process runs them) over one store; loopback allowed. */
export async function openHarness(store: Store, settings: Partial<WebhookSettings> = {}, options: { allowPrivate?: string; resolve?: Resolve } = {}): Promise<Harness> {
  const s = { ...FAST, ...settings };
  const sender = createWebhookSender({ policy: addressPolicy(options.allowPrivate ?? 'true'), timeoutMs: s.timeoutMs, ...(options.resolve ? { resolve: options.resolve } : {}) });
  let wake = () => {};
  const t = await openTestApp(store, {}, { webhooks: s, onWebhookReplayed: () => wake() });
  const deliverer = startDeliverer(store, pino({ level: 'silent' }), s, sender, { pollMs: 25 });
  wake = () => deliverer.wake();
  return { t, deliverer, settings: s, close: () => deliverer.stop() };
}

/** Polls until `check` returns something other than undefined. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
