import { describe, expect, it } from 'vitest';
import { newId, newRequestId } from '../src/core/ids.ts';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('object ids', () => {
  it('are UUIDv7 carrying their creation time, strictly increasing within the process', () => {
    const before = Date.now();
    const ids = Array.from({ length: 20_000 }, () => newId());
    const after = Date.now();
    for (const id of ids) expect(id).toMatch(UUID_V7);
    for (let i = 1; i < ids.length; i++) expect((ids[i] as string) > (ids[i - 1] as string), `${ids[i - 1]} then ${ids[i]}`).toBe(true);
    const first = ids[0] as string;
    const ms = Number.parseInt(first.slice(0, 8) + first.slice(9, 13), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    // More than 4,096 ids in a millisecond borrow the next millisecond; 20,000 ids may run a few ahead.
    expect(ms).toBeLessThanOrEqual(after + 5);
    // 62 random bits: no two alike even within one millisecond.
    expect(new Set(ids.map((id) => id.slice(19))).size).toBe(ids.length);
  });

  it('request ids are req_ and 16 url-safe characters, all different', () => {
    const ids = Array.from({ length: 5_000 }, () => newRequestId());
    for (const id of ids) expect(id).toMatch(/^req_[A-Za-z0-9_-]{16}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
