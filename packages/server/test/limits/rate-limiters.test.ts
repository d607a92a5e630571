import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createMemoryRateLimiter } from '../../src/core/limits/create-memory-rate-limiter.ts';
import { createSharedRateLimiter, sharedRateLimiterMemory } from '../../src/core/limits/create-shared-rate-limiter.ts';
import { createTableRateLimiter } from '../../src/core/limits/create-table-rate-limiter.ts';
import { pruneRateLimits } from '../../src/core/limits/prune-rate-limits.ts';
import type { RateLimiter } from '../../src/core/limits/rate-limiter.ts';
import type { RateLimitSettings } from '../../src/core/limits/rate-limit-settings.ts';
import { describeEachStore } from '../support/stores.ts';

/** A clock the test moves by hand, starting at a realistic epoch time. */
function manualClock() {
  let now = Date.UTC(2026, 0, 1);
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

type MakeLimiter = (settings: RateLimitSettings, clock: () => number) => RateLimiter;

/** The behaviour both limiters promise; each test uses principal keys of its own. */
function limiterBehaviour(make: MakeLimiter): void {
  const key = () => `key:${randomUUID()}`;
  const passes = async (limiter: RateLimiter, principal: string, n: number, tasks = 0) => {
    let ok = 0;
    for (let i = 0; i < n; i++) if ((await limiter.check(principal, tasks)).ok) ok++;
    return ok;
  };

  it('lets a burst through, refuses the next request, and says when to come back', async () => {
    const clock = manualClock();
    const limiter = make({ requestsPerSecond: 10, requestsBurst: 5, tasksPerMinute: 0 }, clock.now);
    const k = key();
    expect(await passes(limiter, k, 5)).toBe(5);
    const refused = await limiter.check(k, 0);
    expect(refused).toEqual({ ok: false, limit: 'requests', retryAfterMs: 100 });
    clock.advance(99);
    expect((await limiter.check(k, 0)).ok).toBe(false);
    clock.advance(1);
    expect((await limiter.check(k, 0)).ok).toBe(true);
    expect((await limiter.check(k, 0)).ok).toBe(false);
  });

  it('refills at the rate and never beyond the burst', async () => {
    const clock = manualClock();
    const limiter = make({ requestsPerSecond: 10, requestsBurst: 5, tasksPerMinute: 0 }, clock.now);
    const k = key();
    expect(await passes(limiter, k, 8)).toBe(5);
    clock.advance(300);
    expect(await passes(limiter, k, 8)).toBe(3);
    clock.advance(60_000);
    expect(await passes(limiter, k, 8)).toBe(5);
  });

  it('keeps one allowance per principal', async () => {
    const clock = manualClock();
    const limiter = make({ requestsPerSecond: 1, requestsBurst: 2, tasksPerMinute: 0 }, clock.now);
    const [a, b] = [key(), `user:${randomUUID()}`];
    expect(await passes(limiter, a, 3)).toBe(2);
    expect(await passes(limiter, b, 3)).toBe(2);
  });

  it('counts every task of a batch against the tasks per minute', async () => {
    const clock = manualClock();
    const limiter = make({ requestsPerSecond: 0, requestsBurst: 0, tasksPerMinute: 60 }, clock.now);
    const k = key();
    expect((await limiter.check(k, 40)).ok).toBe(true);
    // 20 of the minute's 60 are left, and one more comes back each second: 30 need 10 s.
    expect(await limiter.check(k, 30)).toEqual({ ok: false, limit: 'tasks', retryAfterMs: 10_000 });
    expect((await limiter.check(k, 20)).ok).toBe(true);
    expect((await limiter.check(k, 1)).ok).toBe(false);
    // Requests that create no task are not held back by the tasks limit.
    expect((await limiter.check(k, 0)).ok).toBe(true);
    clock.advance(10_000);
    expect((await limiter.check(k, 10)).ok).toBe(true);
    expect((await limiter.check(k, 1)).ok).toBe(false);
  });

  it('lets a batch larger than a minute through only when the allowance is full, then makes the principal wait it off', async () => {
    const clock = manualClock();
    const limiter = make({ requestsPerSecond: 0, requestsBurst: 0, tasksPerMinute: 60 }, clock.now);
    const k = key();
    expect((await limiter.check(k, 1)).ok).toBe(true);
    expect(await limiter.check(k, 120)).toEqual({ ok: false, limit: 'tasks', retryAfterMs: 1_000 });
    clock.advance(1_000);
    expect((await limiter.check(k, 120)).ok).toBe(true);
    // 120 tasks are two minutes' worth: the next task waits until the allowance has one again.
    expect(await limiter.check(k, 1)).toEqual({ ok: false, limit: 'tasks', retryAfterMs: 61_000 });
  });

  it('spends nothing from either allowance when one of them refuses', async () => {
    const clock = manualClock();
    const limiter = make({ requestsPerSecond: 1, requestsBurst: 3, tasksPerMinute: 10 }, clock.now);
    const k = key();
    expect((await limiter.check(k, 10)).ok).toBe(true);
    const refused = await limiter.check(k, 5);
    expect(refused.ok === false && refused.limit).toBe('tasks');
    // The refused request did not spend a request: two of the three remain.
    expect(await passes(limiter, k, 3)).toBe(2);
  });

  it('admits exactly the burst from concurrent checks', async () => {
    const clock = manualClock();
    const limiter = make({ requestsPerSecond: 1, requestsBurst: 20, tasksPerMinute: 0 }, clock.now);
    const k = key();
    const results = await Promise.all(Array.from({ length: 60 }, () => limiter.check(k, 0)));
    expect(results.filter((r) => r.ok)).toHaveLength(20);
  });
}

describe('in-memory rate limiter', () => {
  limiterBehaviour((settings, clock) => createMemoryRateLimiter(settings, clock));
});

describe('rate limiter in shared memory (SQLite served by several threads)', () => {
  limiterBehaviour((settings, clock) => createSharedRateLimiter(settings, sharedRateLimiterMemory(), clock));

  it('keeps thousands of principals apart, each with its own allowance', async () => {
    const clock = manualClock();
    const limiter = createSharedRateLimiter({ requestsPerSecond: 1, requestsBurst: 1, tasksPerMinute: 0 }, sharedRateLimiterMemory(), clock.now);
    // Far more principals than a window holds: each still gets exactly its own burst of one.
    const keys = Array.from({ length: 5_000 }, (_, i) => `key:k${i}`);
    for (const k of keys) expect((await limiter.check(k, 0)).ok).toBe(true);
    const again = await Promise.all(keys.slice(0, 100).map((k) => limiter.check(k, 0)));
    expect(again.filter((r) => r.ok)).toHaveLength(0);
  });
});

describeEachStore('rate limiter on the rate_limits table', (ctx) => {
  limiterBehaviour((settings, clock) => createTableRateLimiter(ctx.store, settings, clock));

  it.runIf(ctx.backend === 'postgres')('keeps the buckets in an unlogged table, so a check waits for no disk flush', async () => {
    const { rows } = await sql<{ relpersistence: string }>`select relpersistence from pg_class where relname = 'rate_limits'`.execute(ctx.store.db);
    expect(rows).toEqual([{ relpersistence: 'u' }]);
  });

  it('prunes buckets that are full again and keeps the others', async () => {
    const store = ctx.store;
    const clock = manualClock();
    const limiter = createTableRateLimiter(store, { requestsPerSecond: 1, requestsBurst: 5, tasksPerMinute: 60 }, clock.now);
    const [idle, busy] = [`key:${randomUUID()}`, `key:${randomUUID()}`];
    await limiter.check(idle, 0);
    clock.advance(5_000);
    for (let i = 0; i < 5; i++) await limiter.check(busy, 0);
    await limiter.check(busy, 30);
    await pruneRateLimits(store, clock.now());
    const left = await store.db.selectFrom('rate_limits').select('principal').where('principal', 'in', [idle, busy]).execute();
    expect(left.map((r) => r.principal)).toEqual([busy]);
    // A pruned bucket starts full, exactly as it would have been.
    expect((await limiter.check(idle, 0)).ok).toBe(true);
    clock.advance(60_000);
    await pruneRateLimits(store, clock.now());
    expect(await store.db.selectFrom('rate_limits').select('principal').where('principal', 'in', [idle, busy]).execute()).toEqual([]);
  });
});
