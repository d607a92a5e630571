import { createWriteStream, statSync, type WriteStream } from 'node:fs';
import { basename } from 'node:path';
import { callServer, type ServerTarget } from '../server-client.ts';
import type { ImportCounts, Progress } from './progress.ts';
import { readRecords, type RecordFormat } from './read-records.ts';

/** What the API returns about a task and never takes back: an exported task imports without them. */
const OUTPUT_ONLY = ['id', 'status', 'test', 'answer_count', 'result', 'submissions', 'created_at', 'updated_at', 'completed_at', 'callback_succeeded', 'review_status', 'audits', 'times_redone', 'credits_used', 'execution_mode'];

export interface ImportOptions {
  format: RecordFormat;
  projectId: string | undefined;
  batchSize: number;
  /** Items without a unique_id get `<prefix>:<line>`, so that running the import again creates nothing twice. */
  idPrefix: string;
  errorsPath: string;
  /** Batches in flight at once. */
  concurrency: number;
}

interface Item {
  line: number;
  task: Record<string, unknown>;
}

interface BatchReply {
  items: Record<string, unknown>;
  validation_errors: Record<string, { code: string; message: string; details?: unknown }>;
}

/**
 * `minga tasks import`: streams the file, sends batches of `batchSize` (with `skip_invalid_items`, so one bad
 * item does not hold back the others), and writes every refused item to the error report with its line.
 * Safe to run again after an interruption: each item carries a unique_id, and one the server already has is
 * counted as already there, not created twice.
 */
export async function importTasks(target: ServerTarget, path: string, o: ImportOptions, progress: (size: number) => Progress): Promise<ImportCounts> {
  const bar = progress(statSync(path).size);
  const counts: ImportCounts = { created: 0, existing: 0, invalid: 0 };
  let errors: WriteStream | null = null;
  const report = (line: number, e: { code: string; message: string; details?: unknown }) => {
    counts.invalid++;
    errors ??= createWriteStream(o.errorsPath);
    errors.write(`${JSON.stringify({ line, code: e.code, message: e.message, ...(e.details === undefined ? {} : { details: e.details }) })}\n`);
  };

  let bytes = 0;
  const inFlight = new Set<Promise<void>>();
  const send = async (batch: Item[]) => {
    const reply = await postBatch(target, batch);
    for (const [index, e] of Object.entries(reply.validation_errors)) {
      const item = batch[Number(index)] as Item;
      if (e.code === 'conflict' && (e.details as { existing_task_id?: string } | undefined)?.existing_task_id) counts.existing++;
      else report(item.line, e);
    }
    counts.created += Object.keys(reply.items).length;
    bar.update(bytes, counts);
  };
  const dispatch = async (batch: Item[]) => {
    const p = send(batch).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= o.concurrency) await Promise.race(inFlight);
  };

  let batch: Item[] = [];
  for await (const r of readRecords(path, o.format, (b) => (bytes = b))) {
    if ('error' in r) {
      report(r.line, { code: 'validation_error', message: r.error });
      continue;
    }
    batch.push({ line: r.line, task: importable(r.record, o, r.line) });
    if (batch.length >= o.batchSize) {
      await dispatch(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await dispatch(batch);
  await Promise.all(inFlight);
  const closing = errors as WriteStream | null;
  if (closing) await new Promise((resolve) => closing.end(resolve));
  bar.finish(counts);
  return counts;
}

function importable(record: Record<string, unknown>, o: ImportOptions, line: number): Record<string, unknown> {
  const task: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) if (v !== null && !OUTPUT_ONLY.includes(k)) task[k] = v;
  if (o.projectId !== undefined) task.project_id = o.projectId;
  task.unique_id ??= `${o.idPrefix}:${line}`;
  return task;
}

/** One batch, retried while the server is away or busy: the unique_ids make a second try harmless. */
async function postBatch(target: ServerTarget, batch: Item[]): Promise<BatchReply> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await callServer<BatchReply>(target, 'POST', '/v1/tasks?skip_invalid_items=true', batch.map((i) => i.task));
    } catch (error) {
      const message = (error as Error).message;
      const transient = /^(5\d\d|429) |cannot reach/.test(message);
      if (!transient || attempt >= 8) throw error;
      await new Promise((r) => setTimeout(r, Math.min(10_000, 250 * 2 ** attempt)));
    }
  }
}

/** The default unique_id prefix: the file's name, so that the same file imported again is recognised. */
export const defaultIdPrefix = (path: string) => `import:${basename(path)}`;
