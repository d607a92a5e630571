import { createHmac } from 'node:crypto';

/**
 * The `Minga-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, keyed with the
 * current secret, plus `v0=` keyed with the previous secret while a rotation's grace period lasts.
 *
 * @example
 * signatureHeader('{"id":"e1"}', 1767225600, 'whsec_new', 'whsec_old')
 * // 't=1767225600,v1=…,v0=…'
 */
export function signatureHeader(body: string, unixSeconds: number, secret: string, previousSecret: string | null): string {
  const signed = `${unixSeconds}.${body}`;
  const v1 = createHmac('sha256', secret).update(signed).digest('hex');
  if (previousSecret === null) return `t=${unixSeconds},v1=${v1}`;
  return `t=${unixSeconds},v1=${v1},v0=${createHmac('sha256', previousSecret).update(signed).digest('hex')}`;
}
