/**
 * What CI shows of the command line (issue 6): a generated 200,000-row JSON Lines file imported by
 * `minga tasks import` with its progress output; the same import killed (SIGKILL) half-way and run again,
 * leaving exactly 200,000 tasks; and `minga tasks export` giving back the same tasks.
 *
 * Runs a real server (SQLite, in a temp dir) and the real `minga` bin as child processes. Exit code 0 when
 * every check holds. `--rows=N` changes the size.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = resolve(import.meta.dirname, '..');
const ROWS = Number(process.argv.find((a) => a.startsWith('--rows='))?.slice(7) ?? 200_000);
const dir = mkdtempSync(join(tmpdir(), 'minga-ci-import-'));
const say = (line: string) => process.stdout.write(`[cli import] ${line}\n`);

async function freePort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await once(s, 'listening');
  const port = (s.address() as { port: number }).port;
  s.close();
  return port;
}

async function startServer(): Promise<{ child: ChildProcess; url: string; apiKey: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'packages/server/src/main.ts')], {
    env: { PATH: process.env.PATH, PORT: String(port), MINGA_DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let apiKey = '';
  for await (const line of createInterface({ input: child.stdout as NodeJS.ReadableStream })) {
    if (line.startsWith('API key: ')) apiKey = line.slice(9);
    if (line.startsWith('Listening on ')) return { child, url: line.slice(13), apiKey };
  }
  throw new Error('the server exited before listening');
}

function minga(args: string[], env: NodeJS.ProcessEnv, stdout: 'inherit' | 'pipe' = 'inherit'): ChildProcess {
  return spawn(process.execPath, [join(ROOT, 'node_modules/.bin/minga'), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', stdout, 'inherit'] });
}

async function exitOf(child: ChildProcess): Promise<number | null> {
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

async function main(): Promise<void> {
  const server = await startServer();
  const env = { MINGA_URL: server.url, MINGA_API_KEY: server.apiKey };
  const api = async <T>(path: string): Promise<T> => (await (await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${server.apiKey}` } })).json()) as T;
  try {
    const created = minga(['projects', 'create', '--name', 'CI import', '--type', 'label_text', '--overlap', '3'], env, 'pipe');
    let projectId = '';
    (created.stdout as NodeJS.ReadableStream).on('data', (c: Buffer) => (projectId += c.toString()));
    if ((await exitOf(created)) !== 0) throw new Error('minga projects create failed');
    projectId = projectId.trim();

    const file = join(dir, 'tasks.jsonl');
    const out = createWriteStream(file);
    for (let i = 0; i < ROWS; i++) {
      const line = `${JSON.stringify({ input: { text: `Review ${i}: the battery lasts two days and the camera is sharp.`, categories: ['positive', 'negative', 'neutral'] }, priority: i % 100, tags: ['ci'], metadata: { row: i } })}\n`;
      if (!out.write(line)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    say(`generated ${ROWS.toLocaleString('en-US')} rows in ${file}`);

    const total = async () => (await api<{ tasks: { total: number } }>(`/v1/projects/${projectId}/stats`)).tasks.total;
    say('first run, killed with SIGKILL once about half the tasks are in:');
    const first = minga(['tasks', 'import', file, '--project', projectId], env);
    const firstExit = exitOf(first);
    for (;;) {
      await new Promise((r) => setTimeout(r, 100));
      if ((await total()) >= ROWS / 2) break;
      if (first.exitCode !== null) throw new Error('the first import finished before it could be interrupted');
    }
    first.kill('SIGKILL');
    await firstExit;
    const half = await total();
    say(`killed: ${half.toLocaleString('en-US')} tasks in the project`);

    say('second run, the whole file again:');
    if ((await exitOf(minga(['tasks', 'import', file, '--project', projectId], env))) !== 0) throw new Error('the second import reported errors');
    const after = await total();
    if (after !== ROWS) throw new Error(`expected exactly ${ROWS} tasks after the re-run, found ${after}`);
    say(`exactly ${after.toLocaleString('en-US')} tasks after the re-run: none lost, none doubled`);

    const exported = join(dir, 'export.jsonl');
    if ((await exitOf(minga(['tasks', 'export', '--project', projectId, '--output', exported], env))) !== 0) throw new Error('export failed');
    const seen = new Set<number>();
    for await (const line of createInterface({ input: createReadStream(exported) })) {
      const t = JSON.parse(line) as { unique_id: string; input: { text: string }; priority: number; metadata: { row: number } };
      const row = Number(t.unique_id.split(':').pop()) - 1;
      if (t.metadata.row !== row || t.priority !== row % 100 || t.input.text !== `Review ${row}: the battery lasts two days and the camera is sharp.`) throw new Error(`exported task ${t.unique_id} differs from row ${row}`);
      seen.add(row);
    }
    if (seen.size !== ROWS) throw new Error(`export gave ${seen.size} distinct rows, expected ${ROWS}`);
    say(`export round-trips: ${seen.size.toLocaleString('en-US')} tasks, each equal to its source row`);
  } finally {
    server.child.kill('SIGTERM');
    await once(server.child, 'exit').catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[cli import] FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
