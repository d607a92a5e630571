import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';

describe('rate limit configuration', () => {
  it('defaults to 100 requests per second in bursts of 1,000 and 600,000 tasks per minute', () => {
    expect(parseConfig({}).rateLimits).toEqual({ requestsPerSecond: 100, requestsBurst: 1_000, tasksPerMinute: 600_000 });
  });

  it('turns a limit off with 0 or off', () => {
    const config = parseConfig({ MINGA_RATE_LIMIT_REQUESTS_PER_SECOND: 'off', MINGA_RATE_LIMIT_TASKS_PER_MINUTE: '0' });
    expect(config.rateLimits).toMatchObject({ requestsPerSecond: 0, tasksPerMinute: 0 });
  });

  it('takes a burst of its own, and otherwise ten seconds of the rate', () => {
    expect(parseConfig({ MINGA_RATE_LIMIT_REQUESTS_PER_SECOND: '5', MINGA_RATE_LIMIT_REQUESTS_BURST: '7' }).rateLimits.requestsBurst).toBe(7);
    expect(parseConfig({ MINGA_RATE_LIMIT_REQUESTS_PER_SECOND: '0.5' }).rateLimits.requestsBurst).toBe(5);
  });

  it('refuses a value that is not a rate, naming the variable', () => {
    expect(() => parseConfig({ MINGA_RATE_LIMIT_REQUESTS_PER_SECOND: 'fast' })).toThrow(/MINGA_RATE_LIMIT_REQUESTS_PER_SECOND/);
    expect(() => parseConfig({ MINGA_RATE_LIMIT_TASKS_PER_MINUTE: '-1' })).toThrow(/MINGA_RATE_LIMIT_TASKS_PER_MINUTE/);
    expect(() => parseConfig({ MINGA_RATE_LIMIT_REQUESTS_BURST: '0' })).toThrow(/MINGA_RATE_LIMIT_REQUESTS_BURST/);
  });
});
