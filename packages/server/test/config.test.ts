import { describe, expect, it } from 'vitest';
import { parseConfig, pgPoolPerThread } from '../src/config.ts';

describe('PostgreSQL connections', () => {
  it('are ten per process by default, shared out among the threads, at least two each', () => {
    expect(parseConfig({}).pgConnections).toBe(10);
    expect(parseConfig({ MINGA_PG_CONNECTIONS: '24' }).pgConnections).toBe(24);
    expect(pgPoolPerThread({ pgConnections: 10, threads: 1 })).toBe(10);
    expect(pgPoolPerThread({ pgConnections: 10, threads: 2 })).toBe(5);
    expect(pgPoolPerThread({ pgConnections: 10, threads: 3 })).toBe(4);
    expect(pgPoolPerThread({ pgConnections: 10, threads: 8 })).toBe(2);
    expect(pgPoolPerThread({ pgConnections: 1, threads: 1 })).toBe(2);
  });

  it('refuses a count that is no positive integer', () => {
    expect(() => parseConfig({ MINGA_PG_CONNECTIONS: '0' })).toThrow(/MINGA_PG_CONNECTIONS/);
    expect(() => parseConfig({ MINGA_PG_CONNECTIONS: 'many' })).toThrow(/MINGA_PG_CONNECTIONS/);
  });
});
