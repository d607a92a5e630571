import { spawnSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A throwaway PostgreSQL cluster for benchmarks, adapted from the test harness
 * (packages/server/test/support/global-setup.ts) with one deliberate difference: durability stays at
 * PostgreSQL's defaults (fsync, synchronous_commit and full_page_writes on), so the numbers are what a
 * real deployment on this disk would see.
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

// PostgreSQL refuses to run as root, so as root the cluster belongs to this dedicated system user.
const PG_USER = 'minga-pg';
const isRoot = process.getuid?.() === 0;

const REPORTED_SETTINGS = ['fsync', 'synchronous_commit', 'full_page_writes', 'wal_level', 'shared_buffers', 'max_wal_size', 'checkpoint_timeout'];

/** Starts a cluster, or returns null (with the reason) when no PostgreSQL binaries are installed. */
export async function startPostgres(): Promise<{ cluster: PgCluster } | { cluster: null; reason: string }> {
  const external = process.env.MINGA_BENCH_DATABASE_URL;
  if (external) return { cluster: await externalCluster(external) };
  const bin = findPgBin();
  if (!bin) return { cluster: null, reason: 'PostgreSQL binaries not found (MINGA_BENCH_PG_BIN, /usr/lib/postgresql/*/bin, pg_config, PATH)' };

  const dir = mkdtempSync(join(tmpdir(), 'minga-bench-pg-'));
  const data = join(dir, 'data');
  let stopped = false;
  const stop = (mode: 'fast' | 'immediate') => {
    if (stopped) return;
    stopped = true;
    run(bin, 'pg_ctl', ['-D', data, '-m', mode, '-w', 'stop'], false);
    rmSync(dir, { recursive: true, force: true });
  };
  // Should the bench die without stopping it, do not leave a postmaster behind.
  const onExit = () => stop('immediate');
  process.once('exit', onExit);
  try {
    if (isRoot) {
      ensureUser();
      chownSync(dir, userId('-u'), userId('-g'));
    }
    // --no-sync only skips flushing initdb's own files; the running cluster keeps full durability.
    run(bin, 'initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C'], true);
    appendFileSync(join(data, 'postgresql.conf'), `\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${dir}'\n`);
    let adminUrl = '';
    // A port found free may be taken before postgres binds it; retry with another.
    for (let attempt = 1; !adminUrl; attempt++) {
      const port = await freePort();
      appendFileSync(join(data, 'postgresql.conf'), `port = ${port}\n`);
      if (run(bin, 'pg_ctl', ['-D', data, '-l', join(dir, 'postgres.log'), '-w', '-t', '60', 'start'], false)) {
        adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
      } else if (attempt >= 3) {
        const log = join(dir, 'postgres.log');
        throw new Error(`PostgreSQL did not start; its log:\n${existsSync(log) ? readFileSync(log, 'utf8') : '(none)'}`);
      }
    }
    const { settings, version } = await describe(adminUrl);
    return {
      cluster: {
        adminUrl,
        settings,
        version,
        postmasterPid: Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]) || null,
        createDatabase: (name) => createDatabase(adminUrl, name),
        stop: () => {
          stop('fast');
          process.off('exit', onExit);
        },
      },
    };
  } catch (error) {
    onExit();
    process.off('exit', onExit);
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

/** MINGA_BENCH_PG_BIN, else the newest /usr/lib/postgresql/<v>/bin, else `pg_config --bindir`, else PATH. */
function findPgBin(): string | null {
  const override = process.env.MINGA_BENCH_PG_BIN;
  if (override) return existsSync(join(override, 'pg_ctl')) ? override : null;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl'))) : [];
  versions.sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  if (versions[0]) return join(root, versions[0], 'bin');
  const bindir = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' }).stdout?.trim();
  if (bindir && existsSync(join(bindir, 'pg_ctl'))) return bindir;
  const onPath = spawnSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' }).stdout?.trim();
  return onPath ? join(onPath, '..') : null;
}

/** Runs a PostgreSQL tool, as the dedicated user when we are root; throws on failure when `must`. */
function run(bin: string, tool: string, args: string[], must: boolean): boolean {
  const cmd = join(bin, tool);
  const [file, argv] = isRoot ? ['runuser', ['-u', PG_USER, '--', cmd, ...args]] : [cmd, args];
  const r = spawnSync(file, argv, { encoding: 'utf8', cwd: tmpdir() });
  if (r.status === 0) return true;
  if (must) throw new Error(`${tool} failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stdout}\n${r.stderr}`);
  return false;
}

function ensureUser(): void {
  if (spawnSync('id', ['-u', PG_USER]).status === 0) return;
  const r = spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', PG_USER], { encoding: 'utf8' });
  // Another run (or the test harness) may have created it meanwhile.
  if (r.status !== 0 && spawnSync('id', ['-u', PG_USER]).status !== 0) throw new Error(`useradd ${PG_USER} failed: ${r.stderr}`);
}

function userId(flag: '-u' | '-g'): number {
  return Number(spawnSync('id', [flag, PG_USER], { encoding: 'utf8' }).stdout.trim());
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
