import { createReadStream } from 'node:fs';
import { CsvParser } from './csv-parser.ts';
import { AnswerEncoder } from './encode-answers.ts';
import type { EncodedAnswers } from './types.ts';

/**
 * Streams a CSV file through the parser, row by row. The first row is a header when it names every column
 * in `columns` (in any order, extra columns allowed); otherwise the columns are taken in `columns` order.
 * `onRow` receives the fields in `columns` order.
 */
export async function readCsvColumns(path: string, columns: readonly string[], onRow: (fields: string[], line: number) => void): Promise<void> {
  let order: number[] | null = null;
  const parser = new CsvParser((fields, line) => {
    if (order === null) {
      const names = fields.map((f) => f.trim().toLowerCase());
      const header = columns.map((c) => names.indexOf(c));
      if (header.every((i) => i >= 0)) {
        order = header;
        return;
      }
      order = columns.map((_, i) => i);
    }
    const picked = order.map((i) => fields[i]);
    if (picked.some((f) => f === undefined)) throw new SyntaxError(`${path}:${line}: expected ${columns.length} columns (${columns.join(',')}), got ${fields.length}`);
    onRow(picked as string[], line);
  });
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  for await (const chunk of stream) parser.push(chunk as string);
  parser.end();
}

/**
 * Reads a `task,worker,label` CSV (header optional) into encoded answers.
 *
 * @example
 * const answers = await readAnswersCsv('answers.csv');
 * const result = dawidSkene(answers);
 */
export async function readAnswersCsv(path: string): Promise<EncodedAnswers> {
  const encoder = new AnswerEncoder();
  await readCsvColumns(path, ['task', 'worker', 'label'], ([task, worker, label]) => encoder.add(task as string, worker as string, label as string));
  return encoder.finish();
}

/**
 * Reads a `task,label` CSV (header optional), e.g. gold labels, into a map task → label.
 *
 * @example
 * const gold = await readLabelsCsv('gold.csv');
 * accuracy(dawidSkene(answers), gold).accuracy;
 */
export async function readLabelsCsv(path: string): Promise<Map<string, string>> {
  const labels = new Map<string, string>();
  await readCsvColumns(path, ['task', 'label'], ([task, label]) => labels.set(task as string, label as string));
  return labels;
}
