import { checkAllowance } from './check-allowance.ts';
import { ADMITTED, type RateLimiter } from './rate-limiter.ts';
import { rateCostOf, type RateLimitSettings } from './rate-limit-settings.ts';

/** Principals' buckets the table holds; each window of WINDOW slots is searched whole. */
const SLOTS = 1 << 17;
const WINDOW = 32;
/** Per slot: the key's hash (0 = never used), the requests TAT and the tasks TAT. */
const FIELDS = 3;

/** Shared memory for one limiter: a lock word, then the slots. Pass it to every thread of the process. */
export function sharedRateLimiterMemory(): SharedArrayBuffer {
  return new SharedArrayBuffer(8 + SLOTS * FIELDS * 8);
}

/**
 * The limiter of a store only one process uses (SQLite), when several threads of that process serve
 * requests: the buckets live in shared memory, so a principal has one allowance whichever thread its
 * connections land on. A bucket that is full again holds no information, so its slot is free for any
 * principal; when a whole window holds live buckets, the one nearest to full gives way. Keys are known by a
 * 53-bit hash: two principals sharing one would share an allowance, which at this width does not happen.
 */
export function createSharedRateLimiter(settings: RateLimitSettings, memory: SharedArrayBuffer, clock: () => number = Date.now): RateLimiter {
  const lock = new Int32Array(memory, 0, 1);
  const slots = new Float64Array(memory, 8, SLOTS * FIELDS);
  return {
    check: async (principalKey, tasks) => {
      const cost = rateCostOf(settings, tasks);
      if (cost.requests === 0 && cost.tasks === 0) return ADMITTED;
      const hash = hashOf(principalKey);
      const start = (hash % (SLOTS / WINDOW)) * WINDOW;
      const now = clock();
      // The critical section is a few dozen reads: spin rather than sleep.
      while (Atomics.compareExchange(lock, 0, 0, 1) !== 0);
      try {
        const slot = slotFor(slots, start, hash, now);
        const base = slot * FIELDS;
        const known = slots[base] === hash;
        const before = { requestsTat: known ? (slots[base + 1] as number) : now, tasksTat: known ? (slots[base + 2] as number) : now };
        const { decision, tats } = checkAllowance(before, now, cost);
        if (decision.ok) {
          slots[base] = hash;
          slots[base + 1] = tats.requestsTat;
          slots[base + 2] = tats.tasksTat;
        }
        return decision;
      } finally {
        Atomics.store(lock, 0, 0);
      }
    },
  };
}

/** The key's own slot in its window; else a free one (never used, or full again); else the nearest to full. */
function slotFor(slots: Float64Array, start: number, hash: number, now: number): number {
  let free = -1;
  let nearest = start;
  let nearestTat = Infinity;
  for (let slot = start; slot < start + WINDOW; slot++) {
    const base = slot * FIELDS;
    if (slots[base] === hash) return slot;
    const tat = Math.max(slots[base + 1] as number, slots[base + 2] as number);
    if (free < 0 && (slots[base] === 0 || tat <= now)) free = slot;
    if (tat < nearestTat) {
      nearestTat = tat;
      nearest = slot;
    }
  }
  return free >= 0 ? free : nearest;
}

/** FNV-1a over the UTF-16 code units, twice with different seeds, folded into a non-zero 53-bit integer. */
function hashOf(key: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff) + 1;
}
