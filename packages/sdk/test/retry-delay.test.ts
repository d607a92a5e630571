import { describe, expect, it } from 'vitest';
import { parseRetryAfter, retryDelay } from '../src/internal/retry-delay.ts';

describe('retry delays', () => {
  it('backs off exponentially with jitter, up to a ceiling', () => {
    expect([0, 1, 2, 3].map((attempt) => retryDelay(attempt, null, () => 0))).toEqual([250, 500, 1000, 2000]);
    expect([0, 1, 2, 3].map((attempt) => retryDelay(attempt, null, () => 0.5))).toEqual([375, 750, 1500, 3000]);
    expect(retryDelay(20, null, () => 0.999)).toBeLessThan(8_000);
  });

  it('waits out Retry-After when the server gave one', () => {
    expect(retryDelay(0, 3, () => 0)).toBe(3_000);
    expect(retryDelay(5, 1, () => 0.5)).toBe(1_050);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
