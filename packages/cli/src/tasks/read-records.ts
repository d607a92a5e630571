import { createReadStream } from 'node:fs';
import { CsvParser } from '@minga/aggregation';
import { splitJsonArray } from './split-json-array.ts';

export type RecordFormat = 'jsonl' | 'csv' | 'json';

/** One item of an import file: its line (1-based, where it starts) and the task object, or why it is not one. */
export type FileRecord = { line: number; record: Record<string, unknown> } | { line: number; error: string };

/** The format from the file name: `.csv`, `.json` (an array), anything else JSON Lines. */
export function formatOf(path: string, given?: string): RecordFormat {
  if (given === 'jsonl' || given === 'csv' || given === 'json') return given;
  if (/\.csv$/i.test(path)) return 'csv';
  if (/\.json$/i.test(path)) return 'json';
  return 'jsonl';
}

/**
 * The items of an import file, streamed: the file is read in chunks and never held whole. `onBytes` reports
 * how far into the file reading has got, for progress.
 */
export async function* readRecords(path: string, format: RecordFormat, onBytes: (bytes: number) => void = () => {}): AsyncGenerator<FileRecord> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  let bytes = 0;
  const queue: FileRecord[] = [];
  const push = recordSink(format, queue);
  for await (const chunk of stream) {
    bytes += Buffer.byteLength(chunk as string);
    push.chunk(chunk as string);
    onBytes(bytes);
    yield* queue.splice(0);
  }
  push.end();
  yield* queue.splice(0);
}

function recordSink(format: RecordFormat, out: FileRecord[]): { chunk(text: string): void; end(): void } {
  if (format === 'csv') {
    let header: string[] | null = null;
    const parser = new CsvParser((fields, line) => {
      if (header === null) {
        header = fields.map((f) => f.trim());
        return;
      }
      out.push({ line, record: csvRecord(header, fields) });
    });
    return { chunk: (t) => parser.push(t), end: () => parser.end() };
  }
  if (format === 'json') {
    const splitter = splitJsonArray((text, line) => out.push(parseObject(text, line)));
    return { chunk: (t) => splitter.push(t), end: () => splitter.end() };
  }
  let rest = '';
  let line = 0;
  const take = (text: string) => {
    line++;
    if (text.trim() !== '') out.push(parseObject(text, line));
  };
  return {
    chunk: (t) => {
      const lines = (rest + t).split('\n');
      rest = lines.pop() as string;
      for (const l of lines) take(l);
    },
    end: () => {
      if (rest !== '') take(rest);
    },
  };
}

function parseObject(text: string, line: number): FileRecord {
  try {
    const value = JSON.parse(text) as unknown;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return { line, error: 'not a JSON object' };
    return { line, record: value as Record<string, unknown> };
  } catch (error) {
    return { line, error: `not valid JSON (${(error as Error).message})` };
  }
}

/**
 * A CSV row as a task: a column `input.text` nests as `{input: {text}}`; a value that reads as JSON (a
 * number, true/false, null, an array or an object) is taken as that, anything else as text.
 */
function csvRecord(header: string[], fields: string[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  header.forEach((name, i) => {
    const raw = fields[i];
    if (raw === undefined || raw === '' || name === '') return;
    let target = record;
    const path = name.split('.');
    for (const key of path.slice(0, -1)) target = (target[key] ??= {}) as Record<string, unknown>;
    target[path[path.length - 1] as string] = csvValue(raw);
  });
  return record;
}

function csvValue(raw: string): unknown {
  if (/^(-?\d+(\.\d+)?([eE][-+]?\d+)?|true|false|null)$/.test(raw) || /^[[{]/.test(raw)) {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return raw;
    }
  }
  return raw;
}
