import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { serverTarget } from '../server-client.ts';
import { exportTasks } from '../tasks/export-tasks.ts';
import { defaultIdPrefix, importTasks } from '../tasks/import-tasks.ts';
import { progressBar } from '../tasks/progress.ts';
import { formatOf } from '../tasks/read-records.ts';
import { watchEvents } from '../tasks/watch-events.ts';
import { UsageError } from '../usage-error.ts';

export const TASKS_HELP = `Usage: minga tasks <import|export|watch> [options]

Talks to the server at MINGA_URL (default http://127.0.0.1:8080) with MINGA_API_KEY.

  minga tasks import FILE [--project ID] [--format jsonl|csv|json] [--batch 5000] [--errors FILE] [--id-prefix P]
      Creates a task per item of FILE: JSON Lines, CSV (a header row; a column input.text nests as
      {"input":{"text":…}}) or a JSON array. Streamed in batches, with a progress bar. Items without a
      unique_id get "<id-prefix>:<line>" (default prefix: import:<file name>), so running the same import
      again after an interruption creates nothing twice. Refused items go to the error report
      (default FILE.errors.jsonl) with their line numbers.
  minga tasks export --project ID [--format jsonl|csv] [--status S] [--output FILE]
      Writes every task of the project (JSON Lines import back as they are).
  minga tasks watch [--project ID] [--json] [--limit N]
      Prints events as they happen, until interrupted.

Options:
  -h, --help   show this help
`;

/** Runs `minga tasks …`; returns the process exit code. */
export async function tasksCommand(argv: string[], stdout: Writable, stderr: Writable, env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      project: { type: 'string' },
      format: { type: 'string' },
      batch: { type: 'string' },
      errors: { type: 'string' },
      'id-prefix': { type: 'string' },
      output: { type: 'string' },
      status: { type: 'string' },
      json: { type: 'boolean' },
      limit: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    stdout.write(TASKS_HELP);
    return 0;
  }
  const [action, ...rest] = positionals;
  if (action === 'import') {
    const [file, ...extra] = rest;
    if (!file || extra.length > 0) throw new UsageError('name one file to import');
    if (values.format !== undefined && !['jsonl', 'csv', 'json'].includes(values.format)) throw new UsageError(`--format must be jsonl, csv or json; got ${JSON.stringify(values.format)}`);
    const batchSize = values.batch === undefined ? 5_000 : Number(values.batch);
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 5_000) throw new UsageError(`--batch must be a whole number from 1 to 5000; got ${JSON.stringify(values.batch)}`);
    const target = serverTarget(env);
    const counts = await importTasks(
      target,
      file,
      { format: formatOf(file, values.format), projectId: values.project, batchSize, idPrefix: values['id-prefix'] ?? defaultIdPrefix(file), errorsPath: values.errors ?? `${file}.errors.jsonl`, concurrency: 2 },
      (size) => progressBar(stderr, size),
    );
    if (counts.invalid > 0) stderr.write(`${counts.invalid} items were refused; see ${values.errors ?? `${file}.errors.jsonl`} (one JSON line each, with its line number)\n`);
    return counts.invalid > 0 ? 1 : 0;
  }
  if (action === 'export') {
    if (!values.project) throw new UsageError('--project is required');
    const format = values.format ?? 'jsonl';
    if (format !== 'jsonl' && format !== 'csv') throw new UsageError(`--format must be jsonl or csv; got ${JSON.stringify(format)}`);
    const out = values.output ? createWriteStream(values.output) : stdout;
    const n = await exportTasks(serverTarget(env), { projectId: values.project, format, status: values.status }, out);
    if (values.output) {
      out.end();
      await once(out, 'finish');
    }
    stderr.write(`${n} tasks exported\n`);
    return 0;
  }
  if (action === 'watch') {
    const limit = values.limit === undefined ? undefined : Number(values.limit);
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new UsageError(`--limit must be a whole number ≥ 1; got ${JSON.stringify(values.limit)}`);
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once('SIGINT', onSignal);
    try {
      await watchEvents(serverTarget(env), { projectId: values.project, json: values.json ?? false, limit, intervalMs: 1_000, signal: stop.signal }, stdout);
    } finally {
      process.off('SIGINT', onSignal);
    }
    return 0;
  }
  throw new UsageError(action === undefined ? 'name an action: import, export or watch' : `unknown action ${JSON.stringify(action)}: import, export or watch`);
}
