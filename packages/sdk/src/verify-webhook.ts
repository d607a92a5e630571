import { WebhookVerificationError } from './errors.ts';
import type { WebhookEvent } from './types.ts';

export interface VerifyWebhookOptions {
  /** The request body exactly as received, before any JSON parsing. */
  payload: string | Uint8Array;
  /** The `Minga-Signature` header: `t=<unix seconds>,v1=<hex>[,v0=<hex>]`. */
  header: string | null | undefined;
  /** The endpoint's signing secret (`whsec_…`). */
  secret: string;
  /** How far the signature's time may be from now (default 300 s), against replays of old deliveries. */
  toleranceSeconds?: number;
  /** The time to check against (default now). */
  now?: Date;
}

const encoder = new TextEncoder();

async function hmacHex(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(message)));
  return Array.from(mac, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Compares in time that depends only on the lengths, so a forger learns nothing from how fast a guess fails. */
function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i % Math.max(1, b.length));
  return diff === 0;
}

function parseHeader(header: string): { timestamp: number; signatures: string[] } {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (eq < 0) continue;
    if (name === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    // v1 is signed with the current secret, v0 with the previous one during a rotation: either may be yours.
    if (name === 'v1' || name === 'v0') signatures.push(value.toLowerCase());
  }
  if (timestamp === null || signatures.length === 0) {
    throw new WebhookVerificationError('malformed_signature', 'the Minga-Signature header needs t=<unix seconds> and v1=<hex HMAC>');
  }
  return { timestamp, signatures };
}

/**
 * Checks a webhook delivery's `Minga-Signature` (HMAC-SHA256 of `<t>.<raw body>`, as `v1=` or, during a
 * secret rotation, `v0=`) in constant time and that its time is within `toleranceSeconds`, then returns the
 * parsed event. Throws `WebhookVerificationError` otherwise. Uses Web Crypto, so it runs in Node, browsers,
 * Deno and edge workers alike.
 *
 * @example
 * // In any handler that can read the raw body (here a fetch-style Request):
 * async function handle(request: Request): Promise<Response> {
 *   const event = await verifyWebhook({
 *     payload: await request.text(),
 *     header: request.headers.get('Minga-Signature'),
 *     secret: process.env.MINGA_WEBHOOK_SECRET ?? '',
 *   });
 *   if (event.event === 'task.completed') console.log('done:', event.task_id);
 *   return new Response(null, { status: 204 });
 * }
 */
export async function verifyWebhook(options: VerifyWebhookOptions): Promise<WebhookEvent> {
  if (!options.header) throw new WebhookVerificationError('missing_signature', 'no Minga-Signature header');
  const { timestamp, signatures } = parseHeader(options.header);
  const payload = typeof options.payload === 'string' ? options.payload : new TextDecoder('utf-8', { fatal: true }).decode(options.payload);
  const expected = await hmacHex(options.secret, `${timestamp}.${payload}`);
  let matched = false;
  for (const signature of signatures) matched = constantTimeEqual(signature, expected) || matched;
  if (!matched) throw new WebhookVerificationError('signature_mismatch', 'no signature in Minga-Signature matches this body and secret');
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const tolerance = options.toleranceSeconds ?? 300;
  if (Math.abs(now - timestamp) > tolerance) {
    throw new WebhookVerificationError('timestamp_out_of_tolerance', `the signature is ${Math.abs(now - timestamp)} s from now; at most ${tolerance} s is accepted`);
  }
  try {
    return JSON.parse(payload) as WebhookEvent;
  } catch {
    throw new WebhookVerificationError('invalid_payload', 'the signed body is not JSON');
  }
}
