import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAllServerProcesses, startServerProcess, type ServerProcess } from '../../server/test/support/server-process.ts';
import { createTestDataDir } from '../../server/test/support/stores.ts';
import { runCliCaptured as cli } from './support/run-cli-captured.ts';

const row = (i: number) => ({ input: { text: `review ${i}`, categories: ['positive', 'negative'] }, tags: [`batch-${i % 3}`] });

// Against a real server process: the CLI as a requester runs it.
describe('minga tasks import / export', () => {
  let server: ServerProcess;
  let env: NodeJS.ProcessEnv;
  const dir = createTestDataDir('cli-tasks');

  beforeAll(async () => {
    server = await startServerProcess({ dataDir: join(dir, 'data') });
    env = { MINGA_URL: server.url, MINGA_API_KEY: server.apiKey as string };
  });
  afterAll(async () => {
    await killAllServerProcesses();
    rmSync(dir, { recursive: true, force: true });
  });

  const newProject = async () => (await cli(env, 'projects', 'create', '--name', 'import', '--type', 'label_text')).out.trim();
  const total = async (projectId: string) => {
    const r = await fetch(`${server.url}/v1/projects/${projectId}/stats`, { headers: { authorization: `Bearer ${env.MINGA_API_KEY}` } });
    return ((await r.json()) as { tasks: { total: number } }).tasks.total;
  };

  it('imports JSON Lines in batches, reports each refused item by its line, and a second run creates nothing twice', async () => {
    const project = await newProject();
    const lines = Array.from({ length: 2_500 }, (_, i) => JSON.stringify(i === 99 ? { ...row(i), priority: 'sky-high' } : row(i)));
    lines.splice(1_000, 0, '{not json');
    const file = join(dir, 'reviews.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);

    // An interrupted run: only the first 1,200 lines made it.
    writeFileSync(join(dir, 'part.jsonl'), `${lines.slice(0, 1_200).join('\n')}\n`);
    const partial = await cli(env, 'tasks', 'import', join(dir, 'part.jsonl'), '--project', project, '--batch', '500', '--id-prefix', 'reviews');
    expect(partial.err).toContain('1,198 created');

    const full = await cli(env, 'tasks', 'import', file, '--project', project, '--batch', '500', '--id-prefix', 'reviews');
    expect(full.code).toBe(1);
    expect(full.err).toMatch(/\[#+\] 100% {2}2,501 tasks .* \(1,301 created, 1,198 already there, 2 invalid\)/);
    expect(await total(project)).toBe(2_499);
    // Batches run side by side, so their refusals are written in the order the batches finish.
    const report = readFileSync(`${file}.errors.jsonl`, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: number; code: string; message: string })
      .sort((a, b) => a.line - b.line);
    expect(report.map((e) => [e.line, e.code])).toEqual([[100, 'validation_error'], [1_001, 'validation_error']]);
    expect(report[0]?.message).toContain('priority');
  });

  it('imports CSV (dotted columns nest, JSON cells parse) and a JSON array', async () => {
    const project = await newProject();
    const csv = join(dir, 'reviews.csv');
    writeFileSync(csv, 'input.text,input.categories,priority,metadata.source\n"good, really","[""positive"",""negative""]",7,shop\nbad,"[""positive"",""negative""]",urgent,\n');
    expect((await cli(env, 'tasks', 'import', csv, '--project', project)).err).toContain('(2 created, 0 already there, 0 invalid)');
    const json = join(dir, 'reviews.json');
    writeFileSync(json, JSON.stringify([row(1), row(2), row(3)], null, 2));
    expect((await cli(env, 'tasks', 'import', json, '--project', project)).err).toContain('(3 created, 0 already there, 0 invalid)');

    const exported = await cli(env, 'tasks', 'export', '--project', project);
    const tasks = exported.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(tasks).toHaveLength(5);
    const fromCsv = tasks.find((t: { unique_id: string }) => t.unique_id === 'import:reviews.csv:2');
    expect(fromCsv).toMatchObject({ input: { text: 'good, really', categories: ['positive', 'negative'] }, priority: 7, metadata: { source: 'shop' } });
    // A JSON array's items are named by the line each starts on.
    expect(tasks.filter((t: { unique_id: string }) => t.unique_id.startsWith('import:reviews.json:')).map((t: { input: { text: string } }) => t.input.text).sort()).toEqual(['review 1', 'review 2', 'review 3']);
    expect(new Set(tasks.map((t: { unique_id: string }) => t.unique_id)).size).toBe(5);
  });

  it('export writes JSON Lines that import back as the same tasks, and CSV with a header', async () => {
    const project = await newProject();
    const file = join(dir, 'round.jsonl');
    writeFileSync(file, `${Array.from({ length: 1_234 }, (_, i) => JSON.stringify(row(i))).join('\n')}\n`);
    await cli(env, 'tasks', 'import', file, '--project', project);
    const out = join(dir, 'export.jsonl');
    expect((await cli(env, 'tasks', 'export', '--project', project, '--output', out)).err).toContain('1234 tasks exported');
    const exported = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const source = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const byId = new Map(exported.map((t: { unique_id: string }) => [t.unique_id, t]));
    source.forEach((s, i) => expect(byId.get(`import:round.jsonl:${i + 1}`)).toMatchObject(s));
    // The export is itself an import file: every task is recognised, none created again.
    expect((await cli(env, 'tasks', 'import', out)).err).toContain('(0 created, 1,234 already there, 0 invalid)');
    const csv = await cli(env, 'tasks', 'export', '--project', project, '--format', 'csv');
    expect(csv.out.split('\n')[0]).toBe('id,project_id,unique_id,type,status,priority,overlap,consensus_strategy,created_at,completed_at,input,result,tags,metadata');
    expect(csv.out.trim().split('\n')).toHaveLength(1_235);
  });

  it('explains usage mistakes', async () => {
    expect((await cli(env, 'tasks', 'import')).err).toContain('name one file to import');
    expect((await cli(env, 'tasks', 'export')).err).toContain('--project is required');
    expect((await cli(env, 'tasks', 'import', 'x.jsonl', '--batch', '9000')).err).toContain('--batch must be a whole number from 1 to 5000');
    expect((await cli(env, 'tasks', '--help')).out).toContain('minga tasks import FILE');
    expect((await cli(env, 'keys', 'create', '--mode', 'sandbox')).code).toBe(2);
    expect((await cli(env, 'keys', 'create', '--name', 'ci')).out).toMatch(/^mk_live_/);
  });
});
