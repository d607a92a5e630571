import { createHash, randomBytes } from 'node:crypto';
import { v7 } from 'uuid';

/**
 * Object ids are UUIDv7: unique across processes without coordination, and ordered by creation time,
 * so keyset pages in id order are pages in creation order.
 */
export const newId = (): string => v7();

/** A secret with a readable prefix: `mk_live_…`, `whsec_…`. 32 random bytes, base64url. */
export const newSecret = (prefix: string): string => `${prefix}${randomBytes(32).toString('base64url')}`;

/** Secrets are stored only as this digest; they carry 256 bits of entropy, so a fast hash suffices. */
export const secretHash = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export const nowIso = (): string => new Date().toISOString();
