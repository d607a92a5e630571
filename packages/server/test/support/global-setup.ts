import type { TestProject } from 'vitest/node';
import { findPgBin, startThrowawayCluster } from '../../../../tools/pg-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL (database `postgres`) of the test cluster; null when PostgreSQL is skipped. */
    pgUrl: string | null;
  }
}

/**
 * Starts a throwaway PostgreSQL cluster for the whole run, so every store test also runs on PostgreSQL,
 * and hands its URL to the tests (`inject('pgUrl')`) and to child processes (MINGA_TEST_DATABASE_URL).
 * An externally provided MINGA_TEST_DATABASE_URL (a superuser-ish URL that may CREATE DATABASE) wins.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.MINGA_TEST_DATABASE_URL;
  if (external) {
    project.provide('pgUrl', external);
    return async () => {};
  }
  const bin = findPgBin(process.env.MINGA_TEST_PG_BIN);
  if (!bin) {
    const how = 'install PostgreSQL server binaries (Debian: `apt-get install -y postgresql`), or set MINGA_TEST_DATABASE_URL to an existing server';
    if (/^(1|true|yes)$/i.test(process.env.CI ?? '')) throw new Error(`CI: PostgreSQL binaries not found; ${how}.`);
    if (process.env.MINGA_TEST_SKIP_PG === '1') {
      console.warn('\n[minga tests] WARNING: PostgreSQL not found, MINGA_TEST_SKIP_PG=1: store tests run on SQLite only.\n');
      project.provide('pgUrl', null);
      return async () => {};
    }
    throw new Error(`PostgreSQL binaries not found (looked in MINGA_TEST_PG_BIN, /usr/lib/postgresql/*/bin, pg_config --bindir, PATH): ${how}, or set MINGA_TEST_SKIP_PG=1 to run the store tests on SQLite only.`);
  }
  // Durability is worthless for a throwaway cluster; max_connections covers parallel files x pool size.
  const cluster = await startThrowawayCluster(bin, { durable: false, maxConnections: 300, prefix: 'minga-pg-' });
  process.env.MINGA_TEST_DATABASE_URL = cluster.adminUrl;
  project.provide('pgUrl', cluster.adminUrl);
  return async () => cluster.stop('fast');
}
