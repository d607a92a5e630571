import { spawnSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A throwaway PostgreSQL cluster in a temp directory, for the test suite and the benchmarks. PostgreSQL
 * refuses to run as root, so as root the cluster belongs to a dedicated system user, created when missing.
 */
export interface ThrowawayCluster {
  /** Superuser URL of the `postgres` database. */
  adminUrl: string;
  /** The cluster's data directory. */
  dataDir: string;
  /** Stops the server and removes its directory; safe to call twice. */
  stop(mode?: 'fast' | 'immediate'): void;
}

const PG_USER = 'minga-pg';
const isRoot = process.getuid?.() === 0;

/**
 * `override` if given (an unusual install), else the newest /usr/lib/postgresql/<v>/bin (Debian), else
 * `pg_config --bindir`, else the directory of pg_ctl on PATH; null when PostgreSQL is not installed.
 */
export function findPgBin(override?: string): string | null {
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

/**
 * Starts a cluster on 127.0.0.1 and a free port. `durable: false` turns fsync and synchronous commit off
 * (tests); `durable: true` keeps PostgreSQL's defaults (benchmarks measure what a deployment would see).
 * The C locale compares text byte by byte, like SQLite, and needs no installed locales.
 */
export async function startThrowawayCluster(bin: string, options: { durable: boolean; maxConnections?: number; prefix: string }): Promise<ThrowawayCluster> {
  const dir = mkdtempSync(join(tmpdir(), options.prefix));
  const dataDir = join(dir, 'data');
  let stopped = false;
  const stop = (mode: 'fast' | 'immediate' = 'fast') => {
    if (stopped) return;
    stopped = true;
    process.off('exit', onExit);
    run(bin, 'pg_ctl', ['-D', dataDir, '-m', mode, '-w', 'stop'], false);
    rmSync(dir, { recursive: true, force: true });
  };
  // Should the process die without stopping it, do not leave a postmaster behind.
  const onExit = () => stop('immediate');
  process.once('exit', onExit);
  try {
    if (isRoot) {
      ensureUser();
      chownSync(dir, userId('-u'), userId('-g'));
    }
    // --no-sync only skips flushing initdb's own files.
    run(bin, 'initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C'], true);
    const speed = options.durable ? '' : 'fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n';
    const connections = options.maxConnections ? `max_connections = ${options.maxConnections}\n` : '';
    appendFileSync(join(dataDir, 'postgresql.conf'), `\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${dir}'\n${speed}${connections}`);
    let adminUrl = '';
    // A port found free may be taken before postgres binds it; retry with another.
    for (let attempt = 1; !adminUrl; attempt++) {
      const port = await freePort();
      appendFileSync(join(dataDir, 'postgresql.conf'), `port = ${port}\n`);
      if (run(bin, 'pg_ctl', ['-D', dataDir, '-l', join(dir, 'postgres.log'), '-w', '-t', '60', 'start'], false)) {
        adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
      } else if (attempt >= 3) {
        const log = join(dir, 'postgres.log');
        throw new Error(`PostgreSQL did not start; its log:\n${existsSync(log) ? readFileSync(log, 'utf8') : '(none)'}`);
      }
    }
    await waitForConnections(adminUrl);
    return { adminUrl, dataDir, stop };
  } catch (error) {
    stop('immediate');
    throw error;
  }
}

/** pg_ctl -w already waits for readiness; this confirms TCP connections work before anything uses them. */
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

/** A port free right now; another process may still take it before ours binds it, so callers retry. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
