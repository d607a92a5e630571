import { spawnSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL (database `postgres`) of the test cluster; null when PostgreSQL is skipped. */
    pgUrl: string | null;
  }
}

// PostgreSQL refuses to run as root, so as root the cluster belongs to this dedicated system user.
const PG_USER = 'minga-pg';
const isRoot = process.getuid?.() === 0;

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
  const bin = findPgBin();
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

  const dir = mkdtempSync(join(tmpdir(), 'minga-pg-'));
  const data = join(dir, 'data');
  const stop = (mode: 'fast' | 'immediate') => run(bin, 'pg_ctl', ['-D', data, '-m', mode, '-w', 'stop'], false);
  let stopped = false;
  // Should vitest die without calling teardown, do not leave a postmaster behind.
  const onExit = () => {
    if (!stopped) stop('immediate');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  try {
    if (isRoot) {
      ensureUser();
      chownSync(dir, userId('-u'), userId('-g'));
    }
    // C locale: byte-order text comparison, like SQLite's default collation, and no dependency on installed locales.
    run(bin, 'initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C'], true);
    appendFileSync(
      join(data, 'postgresql.conf'),
      // Durability is worthless for a throwaway cluster; max_connections covers parallel files x pool size.
      `\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${dir}'\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 300\n`,
    );
    let url = '';
    // A port found free may be taken before postgres binds it; retry with another.
    for (let attempt = 1; !url; attempt++) {
      const port = await freePort();
      appendFileSync(join(data, 'postgresql.conf'), `port = ${port}\n`);
      if (run(bin, 'pg_ctl', ['-D', data, '-l', join(dir, 'postgres.log'), '-w', '-t', '60', 'start'], false)) {
        url = `postgres://postgres@127.0.0.1:${port}/postgres`;
      } else if (attempt >= 3) {
        const log = join(dir, 'postgres.log');
        throw new Error(`PostgreSQL did not start; its log:\n${existsSync(log) ? readFileSync(log, 'utf8') : '(none)'}`);
      }
    }
    await waitForConnections(url);
    process.env.MINGA_TEST_DATABASE_URL = url;
    project.provide('pgUrl', url);
  } catch (error) {
    onExit();
    process.off('exit', onExit);
    throw error;
  }
  return async () => {
    stop('fast');
    stopped = true;
    onExit();
    process.off('exit', onExit);
  };
}

/**
 * MINGA_TEST_PG_BIN if set (an unusual install), else the newest /usr/lib/postgresql/<v>/bin (Debian),
 * else `pg_config --bindir`, else the directory of pg_ctl on PATH.
 */
function findPgBin(): string | null {
  const override = process.env.MINGA_TEST_PG_BIN;
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
  // Another run may have created it meanwhile.
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

/** pg_ctl -w already waits for readiness; this confirms TCP connections work before any test starts. */
async function waitForConnections(url: string): Promise<void> {
  for (let i = 0; ; i++) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('select 1');
      return;
    } catch (error) {
      if (i >= 50) throw error;
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await client.end().catch(() => {});
    }
  }
}
