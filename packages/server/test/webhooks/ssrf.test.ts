import { lookup } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressPolicy } from '../../src/webhooks/address-policy.ts';
import { createWebhookSender, type Resolve } from '../../src/webhooks/send-webhook.ts';
import { describeEachStore } from '../support/stores.ts';
import { eventually, openHarness } from './support/harness.ts';
import { startReceiver, type Receiver } from './support/receiver.ts';

/**
 * The SSRF guard (issue 4): loopback, private, link-local, CGNAT, ULA and IPv4-mapped targets are refused
 * by default in every spelling, by name, and behind a redirect; an operator can allow all or some ranges.
 */
let receiver: Receiver;
let port: number;
/** The system resolver, plus names of our own: `loopback.test` resolves to 127.0.0.1, as a rebinding name would. */
const resolve: Resolve = (hostname, callback) => {
  if (hostname === 'loopback.test') return callback(null, [{ address: '127.0.0.1', family: 4 }]);
  if (hostname === 'mixed.test') return callback(null, [{ address: '10.1.2.3', family: 4 }, { address: '127.0.0.1', family: 4 }]);
  // Anything else (localhost) through the system resolver, as in production.
  lookup(hostname, { all: true, verbatim: true }, (error, addresses) => callback(error, addresses ?? []));
};

beforeAll(async () => {
  receiver = await startReceiver();
  port = Number(new URL(receiver.url).port);
});
afterAll(async () => {
  await receiver.close();
});

/** Every spelling of the loopback receiver: these reach it when allowed. */
const loopbackSpellings = () => [
  `http://127.0.0.1:${port}/`,
  `http://2130706433:${port}/`,
  `http://0x7f000001:${port}/`,
  `http://0177.0.0.1:${port}/`,
  `http://0x7f.0.0.1:${port}/`,
  `http://127.1:${port}/`,
  `http://017700000001:${port}/`,
  `http://127.0.0.1.:${port}/`,
  `http://[::ffff:127.0.0.1]:${port}/`,
  `http://[::ffff:7f00:1]:${port}/`,
  `http://[0:0:0:0:0:ffff:7f00:0001]:${port}/`,
  `http://localhost:${port}/`,
  `http://LocalHost:${port}/`,
  `http://loopback.test:${port}/`,
];
/** Other ranges no receiver listens on (a refused one never connects; an allowed one fails to). */
const otherPrivate = [
  'http://10.0.0.1/',
  'http://172.16.5.4/',
  'http://192.168.1.1/',
  'http://169.254.169.254/latest/meta-data/',
  'http://100.64.0.1/',
  'http://0.0.0.0/',
  'http://[::1]/',
  'http://[::]/',
  'http://[fc00::1]/',
  'http://[fd12:3456::1]/',
  'http://[fe80::1]/',
  'http://[::127.0.0.1]/',
  'http://[64:ff9b::7f00:1]/',
  'http://[2002:a00:1::1]/',
  'http://[ff02::1]/',
  'http://mixed.test/',
];

const sender = (allow: string | undefined, timeoutMs = 1_000) => createWebhookSender({ policy: addressPolicy(allow), timeoutMs, resolve });
const post = (s: ReturnType<typeof sender>, url: string) => s.send(url, '{"probe":true}', { 'content-type': 'application/json' });

describe('SSRF guard', () => {
  it('refuses every private target in every spelling by default, and never connects', async () => {
    const s = sender(undefined);
    const before = receiver.received.length;
    for (const url of [...loopbackSpellings(), ...otherPrivate]) {
      const r = await post(s, url);
      expect(r.statusCode, url).toBeNull();
      expect(r.error, url).toMatch(/^refused: /);
    }
    expect(receiver.received.length).toBe(before);
    s.close();
  });

  it('says why an address is refused', () => {
    const p = addressPolicy(undefined);
    expect(p.refusal('127.0.0.1')).toMatch(/loopback/);
    expect(p.refusal('169.254.169.254')).toMatch(/link-local/);
    expect(p.refusal('100.100.1.1')).toMatch(/CGNAT/);
    expect(p.refusal('fd00::1')).toMatch(/ULA/);
    expect(p.refusal('::ffff:10.0.0.1')).toMatch(/private/);
    expect(p.refusal('64:ff9b::a00:1')).toMatch(/private/);
    for (const open of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808', '172.32.0.1', '100.128.0.1']) expect(p.refusal(open), open).toBeNull();
  });

  it('reaches every spelling of loopback when the operator allows all', async () => {
    const s = sender('true');
    for (const url of loopbackSpellings()) {
      const r = await post(s, url);
      expect(r.statusCode, `${url}: ${r.error}`).toBe(200);
    }
    const others = await Promise.all(otherPrivate.map(async (url) => [url, await post(sender('all', 300), url)] as const));
    for (const [url, r] of others) expect(r.error ?? '', url).not.toMatch(/^refused/);
    s.close();
  });

  it('allows only the ranges the operator lists', async () => {
    const s = sender('127.0.0.0/8, fd00::/8');
    expect((await post(s, `http://0x7f.1:${port}/`)).statusCode).toBe(200);
    expect((await post(s, `http://loopback.test:${port}/`)).statusCode).toBe(200);
    expect((await post(s, 'http://10.0.0.1/')).error).toMatch(/^refused: 10\.0\.0\.1 is a private address/);
    expect((await post(s, 'http://169.254.169.254/')).error).toMatch(/^refused/);
    expect(addressPolicy('127.0.0.0/8, fd00::/8').refusal('fd00::5')).toBeNull();
    expect(addressPolicy('127.0.0.0/8, fd00::/8').refusal('fc00::5')).toMatch(/ULA/);
    expect(() => addressPolicy('10.0.0.0/33')).toThrow(/MINGA_WEBHOOK_ALLOW_PRIVATE/);
    expect(() => addressPolicy('intranet')).toThrow(/not an IP address or CIDR/);
    s.close();
  });

  it('never follows a redirect, so a redirect to a private address goes nowhere', async () => {
    const target = await startReceiver();
    const redirecting = await startReceiver(() => ({ status: 302, headers: { location: target.url } }), '127.0.0.2');
    try {
      for (const allow of ['127.0.0.2/32', 'true']) {
        const s = sender(allow);
        const r = await post(s, redirecting.url);
        expect(r.statusCode).toBe(302);
        s.close();
      }
      expect(redirecting.received).toHaveLength(2);
      expect(target.received).toHaveLength(0);
    } finally {
      await target.close();
      await redirecting.close();
    }
  });
});

describeEachStore('SSRF guard on deliveries', (ctx) => {
  it("refuses a task's callback_url and an endpoint on loopback by default, and logs why", async () => {
    const h = await openHarness(ctx.store, {}, { allowPrivate: '', resolve });
    try {
      const account = await h.t.newAccount();
      const project = await h.t.newProject(account.apiKey, { defaults: { type: 'yesno' } });
      await h.t.call('POST', '/v1/webhook-endpoints', { token: account.apiKey, body: { url: `http://2130706433:${port}/` } });
      const before = receiver.received.length;
      await h.t.call('POST', '/v1/tasks', { token: account.apiKey, body: { project_id: project.id, content: 'SSRF?', callback_url: `http://localhost:${port}/cb` } });
      const attempts = await eventually('two refused attempts', async () => {
        const list = (await h.t.call('GET', '/v1/webhook-deliveries', { token: account.apiKey })).json.data;
        return list.length === 2 && list.every((d: { attempts: number }) => d.attempts > 0) ? list : undefined;
      });
      for (const d of attempts) expect(d.last_error).toMatch(/^refused: .*loopback/);
      expect(receiver.received.length).toBe(before);
    } finally {
      await h.close();
    }
  });
});
