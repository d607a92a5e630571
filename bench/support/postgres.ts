import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { findPgBin, startThrowawayCluster } from '../../tools/pg-cluster.ts';

/**
 * A throwaway PostgreSQL cluster for benchmarks (tools/pg-cluster.ts) with PostgreSQL's default durability
 * (fsync, synchronous_commit and full_page_writes on), so the numbers are what a real deployment on this
 * disk would see; or an existing server named by MINGA_BENCH_DATABASE_URL.
 */
export interface PgCluster {
  /** Admin URL (database `postgres`, superuser `postgres`). */
  adminUrl: string;
  /** Settings that matter for write throughput, as the running server reports them. */
  settings: Record<string, string>;
  version: string;
  /** The postmaster's pid (its backends are its children); null for an external server. */
  postmasterPid: number | null;
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): void;
}

const REPORTED_SETTINGS = ['fsync', 'synchronous_commit', 'full_page_writes', 'wal_level', 'shared_buffers', 'max_wal_size', 'checkpoint_timeout'];

/** Starts a cluster, or returns null (with the reason) when no PostgreSQL binaries are installed. */
export async function startPostgres(): Promise<{ cluster: PgCluster } | { cluster: null; reason: string }> {
  const external = process.env.MINGA_BENCH_DATABASE_URL;
  if (external) return { cluster: await externalCluster(external) };
  const bin = findPgBin(process.env.MINGA_BENCH_PG_BIN);
  if (!bin) return { cluster: null, reason: 'PostgreSQL binaries not found (MINGA_BENCH_PG_BIN, /usr/lib/postgresql/*/bin, pg_config, PATH)' };
  const throwaway = await startThrowawayCluster(bin, { durable: true, prefix: 'minga-bench-pg-' });
  try {
    const { adminUrl } = throwaway;
    const { settings, version } = await describe(adminUrl);
    return {
      cluster: {
        adminUrl,
        settings,
        version,
        postmasterPid: Number(readFileSync(join(throwaway.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]) || null,
        createDatabase: (name) => createDatabase(adminUrl, name),
        stop: () => throwaway.stop('fast'),
      },
    };
  } catch (error) {
    throwaway.stop('immediate');
    throw error;
  }
}

async function externalCluster(adminUrl: string): Promise<PgCluster> {
  const { settings, version } = await describe(adminUrl);
  return { adminUrl, settings, version, postmasterPid: null, createDatabase: (name) => createDatabase(adminUrl, name), stop: () => {} };
}

async function createDatabase(adminUrl: string, name: string): Promise<string> {
  await withClient(adminUrl, async (c) => {
    await c.query(`drop database if exists ${name}`);
    await c.query(`create database ${name}`);
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function describe(adminUrl: string): Promise<{ settings: Record<string, string>; version: string }> {
  for (let i = 0; ; i++) {
    try {
      return await withClient(adminUrl, async (c) => {
        const { rows } = await c.query<{ name: string; setting: string; unit: string | null }>(
          'select name, setting, unit from pg_settings where name = any($1)',
          [REPORTED_SETTINGS],
        );
        const settings: Record<string, string> = {};
        for (const r of rows) settings[r.name] = r.unit ? `${r.setting} (${r.unit})` : r.setting;
        const v = await c.query<{ server_version: string }>('show server_version');
        return { settings, version: v.rows[0]?.server_version ?? '?' };
      });
    } catch (error) {
      // pg_ctl -w already waits for readiness; this only covers a slow first TCP accept.
      if (i >= 50) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** The cluster a benchmark's PostgreSQL part runs on, or why it is skipped; logs what it started. */
export async function benchPostgres(disabled: boolean, log: (line: string) => void): Promise<{ cluster: PgCluster | null; skipped: string }> {
  if (disabled) return { cluster: null, skipped: 'disabled by --no-pg' };
  log('starting a throwaway PostgreSQL cluster (fsync, synchronous_commit and full_page_writes on)');
  const started = await startPostgres();
  if (!started.cluster) return { cluster: null, skipped: started.reason };
  log(`  PostgreSQL ${started.cluster.version}: ${Object.entries(started.cluster.settings).map(([k, v]) => `${k}=${v}`).join(', ')}`);
  return { cluster: started.cluster, skipped: '' };
}
