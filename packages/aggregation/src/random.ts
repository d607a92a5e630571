/**
 * Mulberry32: a small, fast 32-bit PRNG, plenty for seeding restarts and generating test data. Returns
 * uniform numbers in [0, 1); the same seed gives the same sequence.
 *
 * @example
 * const random = mulberry32(42);
 * random(); // 0.6011037519201636
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
}
