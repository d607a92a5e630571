import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readAnswersCsv, readLabelsCsv, type EncodedAnswers } from '@minga/aggregation';

export interface Dataset {
  name: string;
  answers: EncodedAnswers;
  gold: Map<string, string>;
  loadSeconds: number;
}

/** Every folder of `dir` holding both answers.csv and gold.csv, by name. */
export function datasetNames(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'answers.csv')) && existsSync(join(dir, e.name, 'gold.csv')))
    .map((e) => e.name)
    .sort();
}

export async function loadDataset(dir: string, name: string): Promise<Dataset> {
  const t0 = performance.now();
  const answers = await readAnswersCsv(join(dir, name, 'answers.csv'));
  const gold = await readLabelsCsv(join(dir, name, 'gold.csv'));
  return { name, answers, gold, loadSeconds: (performance.now() - t0) / 1000 };
}
