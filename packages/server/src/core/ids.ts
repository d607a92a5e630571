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

const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
/** The id's 36 characters are written here and read out as one string: no intermediate strings. */
const text = Buffer.alloc(36, 0x2d);

/** Writes `value`'s low `digits` hex digits at `at`, most significant first. */
function writeHex(value: number, digits: number, at: number): void {
  for (let i = digits - 1; i >= 0; i--) {
    text[at + i] = HEX_DIGITS[value & 0xf] as number;
    value >>>= 4;
  }
}

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
  // xxxxxxxx-xxxx-7sss-Vxxx-xxxxxxxxxxxx: 48 bits of milliseconds, version 7 and the sequence, then the
  // variant bits (10) and 62 random bits. The dashes were written once, when `text` was made.
  writeHex(Math.floor(ms / 0x1000000), 6, 0);
  writeHex((ms % 0x1000000) >>> 16, 2, 6);
  writeHex(ms % 0x10000, 4, 9);
  writeHex(0x7000 | sequence, 4, 14);
  writeHex(((0x80 | ((r[0] as number) & 0x3f)) << 8) | (r[1] as number), 4, 19);
  for (let k = 2; k < 8; k++) writeHex(r[k] as number, 2, 24 + (k - 2) * 2);
  return text.toString('latin1');
}

/** A request id, `req_` and 96 random bits: unique, not secret, so it may come from the pool. */
export const newRequestId = (): string => `req_${pooledRandom(12).toString('base64url')}`;

/** A secret with a readable prefix: `mk_live_…`, `whsec_…`. 32 random bytes, base64url. */
export const newSecret = (prefix: string): string => `${prefix}${randomBytes(32).toString('base64url')}`;

/** Secrets are stored only as this digest; they carry 256 bits of entropy, so a fast hash suffices. */
export const secretHash = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export const nowIso = (): string => new Date().toISOString();
