import { createHash, randomBytes, randomFillSync } from 'node:crypto';

const POOL_SIZE = 16 * 1024;
const pool = Buffer.alloc(POOL_SIZE);
let poolOffset = POOL_SIZE;
let lastMs = 0;
let sequence = 0;

/** `n` random bytes from a pooled buffer: one fill per 16 KiB instead of one call per id. */
function pooledRandom(n: number): Buffer {
  if (poolOffset + n > POOL_SIZE) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  poolOffset += n;
  return pool.subarray(poolOffset - n, poolOffset);
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * Object ids are UUIDv7 (RFC 9562): unique across processes without coordination, and ordered by creation
 * time, so keyset pages in id order are pages in creation order. Within one millisecond a 12-bit counter
 * keeps this process's ids strictly increasing.
 */
export function newId(): string {
  let ms = Date.now();
  if (ms > lastMs) {
    lastMs = ms;
    sequence = 0;
  } else if (++sequence > 0xfff) {
    lastMs += 1;
    sequence = 0;
  }
  ms = lastMs;
  const r = pooledRandom(10);
  const hi = Math.floor(ms / 0x1000000);
  const lo = ms % 0x1000000;
  return (
    HEX[(hi >>> 16) & 0xff]! + HEX[(hi >>> 8) & 0xff]! + HEX[hi & 0xff]! + HEX[(lo >>> 16) & 0xff]! + '-' +
    HEX[(lo >>> 8) & 0xff]! + HEX[lo & 0xff]! + '-' +
    HEX[0x70 | (sequence >>> 8)]! + HEX[sequence & 0xff]! + '-' +
    HEX[0x80 | (r[0]! & 0x3f)]! + HEX[r[1]!]! + '-' +
    HEX[r[2]!]! + HEX[r[3]!]! + HEX[r[4]!]! + HEX[r[5]!]! + HEX[r[6]!]! + HEX[r[7]!]!
  );
}

/** A request id, `req_` and 96 random bits: unique, not secret, so it may come from the pool. */
export const newRequestId = (): string => `req_${pooledRandom(12).toString('base64url')}`;

/** A secret with a readable prefix: `mk_live_…`, `whsec_…`. 32 random bytes, base64url. */
export const newSecret = (prefix: string): string => `${prefix}${randomBytes(32).toString('base64url')}`;

/** Secrets are stored only as this digest; they carry 256 bits of entropy, so a fast hash suffices. */
export const secretHash = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export const nowIso = (): string => new Date().toISOString();
