import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { accuracy, dawidSkene, majorityVote, readAnswersCsv, readLabelsCsv, wawa } from '../src/index.ts';

// The public datasets live beside the repository (../shared/datasets, see bench/aggregation); this test
// runs when they are there. bench/aggregation checks every dataset and method.
const dir = fileURLToPath(new URL('../../../../shared/datasets/bluebird/', import.meta.url));

describe.skipIf(!existsSync(`${dir}answers.csv`))('on the bluebird dataset (Welinder et al. 2010)', () => {
  it('matches the Crowd-Kit reference accuracies of the datasets README', async () => {
    const answers = await readAnswersCsv(`${dir}answers.csv`);
    const gold = await readLabelsCsv(`${dir}gold.csv`);
    const score = (r: ReturnType<typeof majorityVote>) => Math.round(accuracy(r, gold).accuracy * 1000) / 1000;
    expect(score(majorityVote(answers))).toBe(0.759);
    expect(score(wawa(answers))).toBe(0.759);
    expect(score(dawidSkene(answers))).toBe(0.889);
  });
});
