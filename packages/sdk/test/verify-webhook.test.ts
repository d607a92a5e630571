import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyWebhook, WebhookVerificationError } from '../src/index.ts';

/** Signs like the server does (core/webhooks/sign-payload.ts), independently of the SDK: node:crypto. */
const hmac = (secret: string, t: number, body: string) => createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');

const body = JSON.stringify({ id: 'evt_1', event: 'task.completed', task_id: 'tsk_1', created_at: '2026-01-01T00:00:00.000Z', data: { answer: 'ja ✓' } });
const t = 1_767_225_600;
const now = new Date(t * 1000 + 30_000);
const secret = 'whsec_current';

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebhookVerificationError);
  return (error as WebhookVerificationError).code;
}

describe('verifyWebhook', () => {
  it('accepts a valid v1 signature and returns the parsed event', async () => {
    const event = await verifyWebhook({ payload: body, header: `t=${t},v1=${hmac(secret, t, body)}`, secret, now });
    expect(event).toEqual(JSON.parse(body));
  });

  it('accepts the raw body as bytes', async () => {
    const event = await verifyWebhook({ payload: new TextEncoder().encode(body), header: `t=${t},v1=${hmac(secret, t, body)}`, secret, now });
    expect(event.id).toBe('evt_1');
  });

  it('accepts either secret during a rotation (v1 new, v0 old)', async () => {
    const header = `t=${t},v1=${hmac('whsec_new', t, body)},v0=${hmac('whsec_old', t, body)}`;
    await expect(verifyWebhook({ payload: body, header, secret: 'whsec_new', now })).resolves.toMatchObject({ id: 'evt_1' });
    await expect(verifyWebhook({ payload: body, header, secret: 'whsec_old', now })).resolves.toMatchObject({ id: 'evt_1' });
    expect(await refusal(verifyWebhook({ payload: body, header, secret: 'whsec_other', now }))).toBe('signature_mismatch');
  });

  it('refuses a tampered body', async () => {
    const header = `t=${t},v1=${hmac(secret, t, body)}`;
    expect(await refusal(verifyWebhook({ payload: body.replace('ja', 'no'), header, secret, now }))).toBe('signature_mismatch');
  });

  it('refuses a signature made with another secret', async () => {
    expect(await refusal(verifyWebhook({ payload: body, header: `t=${t},v1=${hmac('whsec_wrong', t, body)}`, secret, now }))).toBe('signature_mismatch');
  });

  it('refuses a timestamp that was changed after signing', async () => {
    expect(await refusal(verifyWebhook({ payload: body, header: `t=${t + 1},v1=${hmac(secret, t, body)}`, secret, now }))).toBe('signature_mismatch');
  });

  it('refuses a stale or future timestamp beyond the tolerance, and accepts one inside it', async () => {
    const header = `t=${t},v1=${hmac(secret, t, body)}`;
    const late = new Date((t + 301) * 1000);
    expect(await refusal(verifyWebhook({ payload: body, header, secret, now: late }))).toBe('timestamp_out_of_tolerance');
    expect(await refusal(verifyWebhook({ payload: body, header, secret, now: new Date((t - 301) * 1000) }))).toBe('timestamp_out_of_tolerance');
    await expect(verifyWebhook({ payload: body, header, secret, now: late, toleranceSeconds: 600 })).resolves.toMatchObject({ id: 'evt_1' });
  });

  it('refuses a missing or malformed header', async () => {
    expect(await refusal(verifyWebhook({ payload: body, header: null, secret, now }))).toBe('missing_signature');
    expect(await refusal(verifyWebhook({ payload: body, header: `v1=${hmac(secret, t, body)}`, secret, now }))).toBe('malformed_signature');
    expect(await refusal(verifyWebhook({ payload: body, header: `t=${t}`, secret, now }))).toBe('malformed_signature');
    expect(await refusal(verifyWebhook({ payload: body, header: `t=${t},v1=`, secret, now }))).toBe('signature_mismatch');
  });

  it('refuses a signed body that is not JSON', async () => {
    const text = 'not json';
    expect(await refusal(verifyWebhook({ payload: text, header: `t=${t},v1=${hmac(secret, t, text)}`, secret, now }))).toBe('invalid_payload');
  });
});
